#!/usr/bin/env node
// What reading one Port entity costs a CI step, as whole processes: `port-ci get-entity` beside what Port's docs give
// CircleCI and custom-CI users (python3 with requests: bench/port-docs-requests.py; curl | jq: bench/port-docs-curl.sh),
// and the floor `node -e 0`. Each run takes an access token and reads microservice/checkout from the local Port
// emulator on loopback; a run that fails or prints no entity fails the benchmark. Prints median, p90 and min wall ms,
// each median against port-ci's, and each command's peak memory (one more run, through GNU time; n/a without it; for
// the curl | jq script, its largest single process). Run `npm run cli` first.
//   node bench/cli-startup.js [runs=30] [port-ci=.artifacts/cli/<rid>/port-ci]
// The commands take turns, one run each, so that a load that comes and goes on the machine falls on all of them alike.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, hostRuntime } = require('../scripts/tasks');
const { startEmulator } = require('../scripts/emulator');
const { wallMs, quantile, measuredRun } = require('./timing');

const runs = Number(process.argv[2] || 30);
const portCi = path.resolve(process.argv[3] || path.join(root, '.artifacts', 'cli', hostRuntime(), 'port-ci'));

/** Throws unless the run exited 0 and its stdout passes holds. */
function expect(name, holds) {
  return (result) => {
    if (result.status !== 0 || !holds(result.stdout)) {
      throw new Error(`${name} did not read the entity (exit ${result.status}):\n${String(result.stdout).slice(-1000)}\n${String(result.stderr).slice(-1000)}`);
    }
  };
}

const parsed = (stdout) => { try { return JSON.parse(stdout); } catch { return {}; } };

function commands() {
  const script = (name) => path.join(__dirname, name);
  return [
    { name: 'port-ci get-entity', file: portCi, args: ['get-entity', '--blueprint', 'microservice', '--identifier', 'checkout'],
      holds: (out) => parsed(out).identifier === 'checkout' && parsed(out).property_version === '1.4.0' },
    { name: 'node -e 0 (no request)', file: process.execPath, args: ['-e', '0'], holds: () => true },
    { name: 'python3 + requests', file: 'python3', args: [script('port-docs-requests.py'), 'microservice', 'checkout'],
      holds: (out) => parsed(out).identifier === 'checkout' && parsed(out).properties?.version === '1.4.0' },
    { name: 'sh: curl | jq', file: 'sh', args: [script('port-docs-curl.sh'), 'microservice', 'checkout', 'version'],
      holds: (out) => out.trim() === '1.4.0' },
  ];
}

function versions() {
  const first = (file, args) => execFileSync(file, args, { encoding: 'utf8' }).split('\n')[0].trim();
  return `${first(portCi, ['--version'])}, node ${process.version}, ` +
    `python3 ${first('python3', ['-c', 'import sys, requests; print(sys.version.split()[0], "requests", requests.__version__)'])}, ` +
    `${first('curl', ['--version']).split(' ').slice(0, 2).join(' ')}, ${first('jq', ['--version'])}`;
}

async function main() {
  if (!fs.existsSync(portCi)) throw new Error(`No ${portCi}: run npm run cli first (or give the path of port-ci).`);
  const emulator = await startEmulator();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || '', PORT_CLIENT_ID: 'demo-client-id', PORT_CLIENT_SECRET: 'demo-client-secret', PORT_BASE_URL: emulator.url };
  const list = commands();
  for (const c of list) {
    c.check = expect(c.name, c.holds);
    c.samples = wallMs(c.file, c.args, { runs: 0, prepare: () => env, check: c.check }); // 3 warm-ups
  }
  for (let i = 0; i < runs; i++) {
    for (const c of list) c.samples.push(...wallMs(c.file, c.args, { runs: 1, warmUps: 0, prepare: () => env, check: c.check }));
  }
  for (const c of list) {
    c.samples.sort((a, b) => a - b);
    const run = measuredRun(c.file, c.args, env);
    c.check(run);
    c.peakMb = run.peakMb;
  }
  emulator.child.kill();

  console.log(`one access token and one entity from the Port emulator on loopback, ${hostRuntime()}, ${os.cpus().length} cores, ${runs} runs each after 3 warm-ups`);
  console.log(versions());
  console.log('command                  median ms  p90 ms  min ms  median / port-ci  peak MB');
  const base = quantile(list[0].samples, 0.5);
  for (const c of list) {
    const [median, p90, min] = [quantile(c.samples, 0.5), quantile(c.samples, 0.9), c.samples[0]];
    console.log(`${c.name.padEnd(23)}  ${median.toFixed(1).padStart(9)}  ${p90.toFixed(1).padStart(6)}  ${min.toFixed(1).padStart(6)}  ` +
      `${(median / base).toFixed(2).padStart(16)}  ${Number.isNaN(c.peakMb) ? '    n/a' : c.peakMb.toFixed(1).padStart(7)}`);
  }
}

main().then(() => process.exit(0)).catch((error) => { console.error(`bench/cli-startup: ${error.message}`); process.exit(1); });
