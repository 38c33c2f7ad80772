// Preloaded into a benched child process (`node --require ./bench/max-rss.cjs …`): prints the
// process's own peak RSS on exit, so the bench needs no external `time` program.
process.on('exit', () => process.stderr.write(`MAXRSS ${process.resourceUsage().maxRSS} KB\n`));
