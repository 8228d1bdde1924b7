#!/usr/bin/env node
// Bulk upsert throughput: PortUpsertEntity importing an NDJSON file into the local Port emulator, with the emulator
// adding a round trip of latency to every answer. Prints entities per second, the bound the round trip sets
// (ceil(N / 20) requests / requests in flight × round trip), the ratio to it, and the task's peak memory.
// Run `npm run stage` first.
//   node bench/bulk.js [counts=10000] [latenciesMs=0,20]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { hostRuntime } = require('../scripts/tasks');
const { startEmulator } = require('../scripts/emulator');
const { runStagedTask, output: outputOf } = require('./staged-task');

const counts = (process.argv[2] || '10000').split(',').map(Number);
const latencies = (process.argv[3] || '0,20').split(',').map(Number);
const inFlight = 1; // what the task sends at a time today
function entitiesFile(count) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'port-bench-')), `entities-${count}.ndjson`);
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ identifier: `bench-${i}`, title: `Bench ${i}`, properties: { replicas: i % 5, language: 'go' } }));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function importOnce(url, file) {
  const run = runStagedTask('PortUpsertEntity', url, { blueprint: 'microservice', entitiesFile: file }, os.tmpdir());
  return { seconds: run.seconds, upserted: Number(outputOf(run.stdout, 'upsertedCount')), peakMb: run.peakMb };
}

async function main() {
  console.log(`PortUpsertEntity bulk import, ${hostRuntime()}, ${os.cpus().length} cores, ${inFlight} request(s) in flight, 20 entities a request`);
  console.log('entities  latency  seconds  entities/s  bound s  ratio  peak MB');
  for (const latency of latencies) {
    const emulator = await startEmulator(latency > 0 ? ['--latency', String(latency)] : []);
    for (const count of counts) {
      const run = importOnce(emulator.url, entitiesFile(count));
      const bound = latency > 0 ? (Math.ceil(count / 20) / inFlight) * (latency / 1000) : NaN;
      const ratio = Number.isNaN(bound) ? 'n/a' : `${((bound / run.seconds) * 100).toFixed(0)}%`;
      console.log(`${String(run.upserted).padStart(8)}  ${String(latency).padStart(4)} ms  ${run.seconds.toFixed(2).padStart(7)}  ${(run.upserted / run.seconds).toFixed(0).padStart(10)}  ${Number.isNaN(bound) ? '    n/a' : bound.toFixed(2).padStart(7)}  ${ratio.padStart(5)}  ${run.peakMb.toFixed(0).padStart(7)}`);
    }
    emulator.child.kill();
  }
}

main().then(() => process.exit(0)).catch((error) => { console.error(`bench/bulk: ${error.message}`); process.exit(1); });
