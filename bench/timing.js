// How the benchmarks measure a whole process: wall time over warm-ups and runs (bench/startup.js, bench/cli-startup.js),
// and, where GNU time exists, its peak memory and CPU time (bench/staged-task.js, bench/bulk.js, bench/cli-startup.js).
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');

const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Runs file args warmUps + runs times and returns the runs' wall milliseconds, sorted (the warm-ups fill the file
 * cache). Before each run prepare() gives its environment; after it, check(result) may throw on a wrong run. Output
 * is kept (as utf8 strings) only when check is given.
 */
function wallMs(file, args, { runs, warmUps = 3, prepare, check }) {
  const samples = [];
  for (let i = 0; i < warmUps + runs; i++) {
    const env = prepare();
    const start = process.hrtime.bigint();
    const result = spawnSync(file, args, check ? { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 } : { env, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error) throw result.error;
    if (check) check(result);
    if (i >= warmUps) samples.push(ms);
  }
  return samples.sort((a, b) => a - b);
}

/** The q-quantile (0.5 median, 0.9 p90) of sorted samples, nearest rank. */
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs file args once with env, through GNU time where it exists, and returns its wall seconds, exit status and output,
 * with its peak resident memory (MB, 10^6 bytes) and CPU seconds (user + system), NaN without GNU time. For a shell
 * script the peak is that of its largest single process (the rusage wait4 gives).
 */
function measuredRun(file, args, env) {
  const [command, commandArgs] = gnuTime ? [gnuTime, ['-f', 'peak-rss-kb %M cpu-s %U %S', file, ...args]] : [file, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) throw result.error;
  const rss = /peak-rss-kb (\d+)/.exec(result.stderr || '');
  const cpu = /cpu-s ([\d.]+) ([\d.]+)/.exec(result.stderr || '');
  return {
    seconds, status: result.status, stdout: result.stdout, stderr: result.stderr,
    // GNU time reports KiB; the figures are in MB (10^6 bytes), as every size in the README.
    peakMb: rss ? (Number(rss[1]) * 1024) / 1e6 : NaN,
    cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
  };
}

module.exports = { wallMs, quantile, measuredRun };
