// Runs the CLI's main() on each case given as JSON in argv[2] (one process for all cases, so the
// resource test pays tsx's start-up once) and prints one JSON line per case: exit code, stderr,
// wall time and the process's peak RSS so far. Used by test/cli/resources.test.ts.
import { main } from '../../src/cli/main.js';

const cases = JSON.parse(process.argv[2] ?? '[]') as Array<{ name: string; args: string[] }>;
for (const c of cases) {
  let err = '';
  let out = '';
  const t0 = performance.now();
  let code: number;
  try {
    code = await main(c.args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  } catch (e) {
    code = 70;
    err += String(e instanceof Error ? e.stack : e);
  }
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ name: c.name, code, err, out, ms, rssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}
