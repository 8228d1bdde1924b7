#!/usr/bin/env node
// Bulk upsert throughput: PortUpsertEntity importing an NDJSON file into the local Port emulator, with the emulator
// adding a round trip of latency to every answer. Prints entities per second, the bound the round trip sets
// (ceil(N / 20) requests / requests in flight × round trip), the ratio to it, and the task's peak memory.
// Run `npm run stage` first.
//   node bench/bulk.js [counts=10000] [latenciesMs=0,20]
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, hostRuntime } = require('../scripts/tasks');
const { startEmulator } = require('../scripts/emulator');

const counts = (process.argv[2] || '10000').split(',').map(Number);
const latencies = (process.argv[3] || '0,20').split(',').map(Number);
const inFlight = 1; // what the task sends at a time today
const binary = path.join(root, 'tasks', 'PortUpsertEntity', 'bin', hostRuntime(), 'PortUpsertEntity');
if (!fs.existsSync(binary)) throw new Error(`No staged ${binary}: run npm run stage first.`);
fs.chmodSync(binary, 0o755);
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function entitiesFile(count) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'port-bench-')), `entities-${count}.ndjson`);
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ identifier: `bench-${i}`, title: `Bench ${i}`, properties: { replicas: i % 5, language: 'go' } }));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function importOnce(url, file) {
  const env = {
    PATH: process.env.PATH, INPUT_BLUEPRINT: 'microservice', INPUT_ENTITIESFILE: file, INPUT_BASEURL: url,
    PORT_CLIENT_ID: 'demo-client-id', SECRET_PORT_CLIENT_SECRET: 'demo-client-secret', AGENT_TEMPDIRECTORY: os.tmpdir(),
  };
  const [command, args] = gnuTime ? [gnuTime, ['-f', 'peak-rss-kb %M', binary]] : [binary, []];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const upserted = /variable=upsertedCount;[^\]]*\](\d+)/.exec(result.stdout);
  const rss = /peak-rss-kb (\d+)/.exec(result.stderr || '');
  if (!upserted) throw new Error(`The import did not finish:\n${result.stdout.slice(-2000)}\n${result.stderr}`);
  return { seconds, upserted: Number(upserted[1]), peakMb: rss ? Number(rss[1]) / 1024 : NaN };
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
