#!/usr/bin/env node
// Search throughput: PortGetEntity writing every match of a one-blueprint search to a file, against the local Port
// emulator with a round trip of added latency. Seeds the matches first with PortUpsertEntity's bulk import (not timed).
// Prints matches per second, the bound the round trip sets (ceil(N / 1000) pages × round trip), the ratio, and the
// task's peak memory. Run `npm run stage` first.
//   node bench/search.js [matches=50000] [latenciesMs=0,20]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { hostRuntime } = require('../scripts/tasks');
const { startEmulator } = require('../scripts/emulator');
const { runStagedTask, output: outputOf } = require('./staged-task');

const matches = Number(process.argv[2] || 50000);
const latencies = (process.argv[3] || '0,20').split(',').map(Number);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'port-bench-search-'));
const run = (task, url, inputs) => runStagedTask(task, url, inputs, work);

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
    const count = Number(outputOf(search.stdout, 'count'));
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
