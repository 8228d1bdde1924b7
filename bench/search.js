#!/usr/bin/env node
// Search throughput: PortGetEntity writing every match of a one-blueprint search to a file, against the local Port
// emulator with a round trip of added latency. Seeds the matches first with PortUpsertEntity's bulk import (not timed).
// Prints matches per second, the bound the round trip sets (ceil(N / 1000) pages × round trip), the ratio, and the
// task's peak memory. Run `npm run stage` first.
//   node bench/search.js [matches=50000] [latenciesMs=0,20]
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, hostRuntime } = require('../scripts/tasks');
const { startEmulator } = require('../scripts/emulator');

const matches = Number(process.argv[2] || 50000);
const latencies = (process.argv[3] || '0,20').split(',').map(Number);
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'port-bench-search-'));

function binary(task) {
  const file = path.join(root, 'tasks', task, 'bin', hostRuntime(), task);
  if (!fs.existsSync(file)) throw new Error(`No staged ${file}: run npm run stage first.`);
  fs.chmodSync(file, 0o755);
  return file;
}

function run(task, url, inputs) {
  const env = { PATH: process.env.PATH, INPUT_BASEURL: url, PORT_CLIENT_ID: 'demo-client-id', SECRET_PORT_CLIENT_SECRET: 'demo-client-secret', AGENT_TEMPDIRECTORY: work };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const [command, args] = gnuTime ? [gnuTime, ['-f', 'peak-rss-kb %M', binary(task)]] : [binary(task), []];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${task} failed:\n${result.stdout.slice(-2000)}\n${result.stderr}`);
  const rss = /peak-rss-kb (\d+)/.exec(result.stderr || '');
  return { seconds, stdout: result.stdout, peakMb: rss ? Number(rss[1]) / 1024 : NaN };
}

async function main() {
  const seed = path.join(work, 'seed.ndjson');
  fs.writeFileSync(seed, Array.from({ length: matches }, (_, i) => JSON.stringify({ identifier: `search-${i}`, properties: { language: 'go' } })).join('\n') + '\n');
  console.log(`PortGetEntity search to a file, ${hostRuntime()}, ${os.cpus().length} cores, 1,000 matches a page`);
  console.log(' matches  latency  seconds  matches/s  bound s  ratio  peak MB');
  for (const latency of latencies) {
    const emulator = await startEmulator(latency > 0 ? ['--latency', String(latency)] : []);
    run('PortUpsertEntity', emulator.url, { blueprint: 'microservice', entitiesFile: seed });
    const output = path.join(work, `matches-${latency}.ndjson`);
    const search = run('PortGetEntity', emulator.url, {
      blueprint: 'microservice', outputFile: output,
      query: JSON.stringify({ combinator: 'and', rules: [{ property: '$identifier', operator: 'beginsWith', value: 'search-' }] }),
    });
    const count = Number(/variable=count;[^\]]*\](\d+)/.exec(search.stdout)[1]);
    const lines = fs.readFileSync(output, 'utf8').trim().split('\n').length;
    if (count !== matches || lines !== matches) throw new Error(`Expected ${matches} matches, got count ${count} and ${lines} lines.`);
    const bound = latency > 0 ? Math.ceil(matches / 1000) * (latency / 1000) : NaN;
    const ratio = Number.isNaN(bound) ? 'n/a' : `${((bound / search.seconds) * 100).toFixed(0)}%`;
    console.log(`${String(count).padStart(8)}  ${String(latency).padStart(4)} ms  ${search.seconds.toFixed(2).padStart(7)}  ${(count / search.seconds).toFixed(0).padStart(9)}  ${Number.isNaN(bound) ? '    n/a' : bound.toFixed(2).padStart(7)}  ${ratio.padStart(5)}  ${search.peakMb.toFixed(0).padStart(7)}`);
    emulator.child.kill();
  }
}

main().then(() => { fs.rmSync(work, { recursive: true, force: true }); process.exit(0); })
  .catch((error) => { console.error(`bench/search: ${error.message}`); process.exit(1); });
