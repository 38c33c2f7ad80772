import cliProgress from 'cli-progress';

/** Steps reporter: a cli-progress bar on stderr when stderr is a TTY, silent otherwise. */
export interface Progress {
  step(label: string): void;
  stop(): void;
}

/** A reporter that does nothing (non-TTY stderr, tests, library use). */
export const silentProgress: Progress = { step: () => undefined, stop: () => undefined };

/**
 * Create the progress reporter for `total` steps. Draws only when `stream.isTTY` is true, so
 * piped or CI output stays clean.
 *
 * @example
 * ```ts
 * const p = createProgress(3, process.stderr);
 * p.step('Reading CSV'); p.step('RFM'); p.step('CLV'); p.stop();
 * ```
 */
export function createProgress(total: number, stream: NodeJS.WriteStream): Progress {
  if (stream.isTTY !== true) return silentProgress;
  const bar = new cliProgress.SingleBar(
    { stream, format: 'crm-analytics {bar} {value}/{total} {step}', hideCursor: true, clearOnComplete: true, barsize: 24 },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  let started = false;
  return {
    step(label: string) {
      if (!started) {
        bar.start(total, 0, { step: label });
        started = true;
      } else {
        done += 1;
        bar.update(Math.min(done, total), { step: label });
      }
    },
    stop() {
      if (started) {
        bar.update(total, { step: 'done' });
        bar.stop();
      }
    },
  };
}
