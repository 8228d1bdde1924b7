#!/usr/bin/env node
// Start-up time and download size of each staged task (sizes in MB, 10^6 bytes). Run `npm run stage` first.
//   node bench/startup.js [runs=30]
// Start-up is measured on the path every job takes before any network call: the launcher starts the NativeAOT
// binary, which reads its inputs and exits (here on a missing required input, so no network is involved). The first
// step of a job that uses a task also unpacks its binary (Brotli) into Agent.TempDirectory; later steps reuse it.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { root, tasks, hostRuntime, executableName, megabytes } = require('../scripts/tasks');
const { wallMs, quantile } = require('./timing');

const runs = Number(process.argv[2] || 30);
const env = { PATH: process.env.PATH, HOME: process.env.HOME || '' };

/** Median and p90 of file args over runs (after 3 warm-ups); before each run, prepare() may reset what a run should find. */
function time(file, args, prepare = () => env) {
  const samples = wallMs(file, args, { runs, prepare });
  return `median ${quantile(samples, 0.5).toFixed(1)} ms, p90 ${quantile(samples, 0.9).toFixed(1)} ms`;
}

const rid = hostRuntime();
console.log(`runtime ${rid}, ${runs} runs each, node ${process.version}`);
console.log(`node -e 0 (the floor any Node handler pays): ${time(process.execPath, ['-e', '0'])}`);
const job = fs.mkdtempSync(path.join(os.tmpdir(), 'port-bench-job-'));
const jobEnv = { ...env, AGENT_TEMPDIRECTORY: job };
const firstStep = () => { fs.rmSync(path.join(job, 'port-tasks'), { recursive: true, force: true }); return jobEnv; };
let shipped = 0;
for (const task of tasks) {
  const dir = path.join(root, 'tasks', task);
  const name = executableName(task, rid);
  const exe = path.join(root, '.artifacts', 'bin', task, rid, name);
  const packed = path.join(dir, 'bin', rid, `${name}.br`);
  if (!fs.existsSync(exe) || !fs.existsSync(packed)) {
    console.log(`${task}: not staged for ${rid}; run npm run stage`);
    continue;
  }
  const bytes = fs.readFileSync(exe);
  const launcher = path.join(dir, 'launcher.js');
  console.log(`${task}`);
  console.log(`  binary alone:                  ${time(exe, [])}`);
  console.log(`  launcher, first step of a job: ${time(process.execPath, [launcher], firstStep)} (unpacks the binary)`);
  console.log(`  launcher, later steps:         ${time(process.execPath, [launcher], () => jobEnv)}`);
  console.log(`  binary size:                   ${megabytes(bytes.length)} raw, ${megabytes(zlib.deflateRawSync(bytes, { level: 9 }).length)} deflated (as a VSIX would hold it), ` +
    `${megabytes(fs.statSync(packed).size)} shipped (brotli)`);
  shipped += fs.statSync(packed).size;
}
fs.rmSync(job, { recursive: true, force: true });
console.log(`shipped binaries for ${rid}, all tasks: ${megabytes(shipped)}`);
const out = path.join(root, 'out');
const vsix = fs.existsSync(out) && fs.readdirSync(out).find((f) => f.endsWith('.vsix'));
if (vsix) console.log(`VSIX ${vsix}: ${megabytes(fs.statSync(path.join(out, vsix)).size)}`);
