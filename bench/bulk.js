#!/usr/bin/env node
// Bulk upsert throughput: PortUpsertEntity (the staged task) or `port-ci upsert-entity --entities-file` importing an
// NDJSON file into the local Port emulator, with the emulator adding a round trip of latency to every answer. Prints
// entities per second, the bound the round trip sets (ceil(N / 20) requests / requests in flight × round trip), the
// ratio to it, and the importer's peak memory. Run `npm run stage` (for task) or `npm run cli` (for port-ci) first.
//   node bench/bulk.js [counts=10000] [latenciesMs=0,20] [inFlight=8] [importers=task]   (e.g. 10000 20 1,2,4,8,16 to
//   choose the default; 10000 20 8 task,port-ci for both, one after the other against the same emulator)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, hostRuntime } = require('../scripts/tasks');
const { startEmulator } = require('../scripts/emulator');
const { runStagedTask, output: outputOf } = require('./staged-task');
const { measuredRun } = require('./timing');

const counts = (process.argv[2] || '10000').split(',').map(Number);
const latencies = (process.argv[3] || '0,20').split(',').map(Number);
const inFlights = (process.argv[4] || '8').split(',').map(Number); // the task's input parallelRequests
const importerNames = (process.argv[5] || 'task').split(',');
function entitiesFile(count) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'port-bench-')), `entities-${count}.ndjson`);
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ identifier: `bench-${i}`, title: `Bench ${i}`, properties: { replicas: i % 5, language: 'go' } }));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is none. */
function cpuSecondsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** Each importer runs one import of file and returns its run with upserted, the count it reports. */
const importers = {
  task(url, file, inFlight) {
    const run = runStagedTask('PortUpsertEntity', url, { blueprint: 'microservice', entitiesFile: file, parallelRequests: String(inFlight) }, os.tmpdir());
    return { ...run, upserted: Number(outputOf(run.stdout, 'upsertedCount')) };
  },
  'port-ci'(url, file, inFlight) {
    const portCi = path.join(root, '.artifacts', 'cli', hostRuntime(), 'port-ci');
    if (!fs.existsSync(portCi)) throw new Error(`No ${portCi}: run npm run cli first.`);
    const env = { PATH: process.env.PATH, PORT_BASE_URL: url, PORT_CLIENT_ID: 'demo-client-id', PORT_CLIENT_SECRET: 'demo-client-secret' };
    const run = measuredRun(portCi, ['upsert-entity', '--blueprint', 'microservice', '--entities-file', file, '--parallel-requests', String(inFlight)], env);
    if (run.status !== 0) throw new Error(`port-ci failed:\n${run.stdout.slice(-2000)}\n${run.stderr}`);
    return { ...run, upserted: Number(JSON.parse(run.stdout).upsertedCount) };
  },
};

function importOnce(importer, url, file, inFlight, count) {
  const run = importers[importer](url, file, inFlight);
  if (run.upserted !== count) throw new Error(`${importer} upserted ${run.upserted} of ${count} entities`);
  return run;
}

async function main() {
  const unknown = importerNames.filter((name) => !importers[name]);
  if (unknown.length) throw new Error(`unknown importer ${unknown.join(', ')}: task or port-ci`);
  console.log(`bulk import, ${hostRuntime()}, ${os.cpus().length} cores, 20 entities a request`);
  console.log('importer  entities  latency  in flight  seconds  entities/s  bound s  ratio  peak MB  its CPU s  emulator CPU s');
  const files = new Map(counts.map((count) => [count, entitiesFile(count)]));
  const warmUp = entitiesFile(2000);
  for (const latency of latencies) {
    const emulator = await startEmulator(latency > 0 ? ['--latency', String(latency)] : []);
    importOnce(importerNames[0], emulator.url, warmUp, 8, 2000); // the emulator is a JIT-compiled server: warm it, as Port's servers are
    for (const count of counts) {
      for (const inFlight of inFlights) {
        for (const importer of importerNames) {
          const emulatorCpu = cpuSecondsOf(emulator.child.pid);
          const run = importOnce(importer, emulator.url, files.get(count), inFlight, count);
          run.emulatorCpu = cpuSecondsOf(emulator.child.pid) - emulatorCpu;
          const bound = latency > 0 ? (Math.ceil(count / 20) / inFlight) * (latency / 1000) : NaN;
          const ratio = Number.isNaN(bound) ? 'n/a' : `${((bound / run.seconds) * 100).toFixed(0)}%`;
          console.log(`${importer.padEnd(8)}  ${String(run.upserted).padStart(8)}  ${String(latency).padStart(4)} ms  ${String(inFlight).padStart(9)}  ${run.seconds.toFixed(2).padStart(7)}  ${(run.upserted / run.seconds).toFixed(0).padStart(10)}  ${Number.isNaN(bound) ? '    n/a' : bound.toFixed(2).padStart(7)}  ${ratio.padStart(5)}  ${run.peakMb.toFixed(0).padStart(7)}  ${run.cpuSeconds.toFixed(2).padStart(9)}  ${run.emulatorCpu.toFixed(2).padStart(14)}`);
        }
      }
    }
    emulator.child.kill();
  }
}

main().then(() => process.exit(0)).catch((error) => { console.error(`bench/bulk: ${error.message}`); process.exit(1); });
