#!/usr/bin/env node
// The download a release would ship: each task folder and the VSIX with the four runtimes of a release (linux-x64,
// linux-arm64, win-x64, osx-arm64). Run `node scripts/stage.js --rids linux-x64,linux-arm64` first.
//   node bench/sizes.js
// Linux packs are measured (tasks/<Task>/bin/<rid>/<exe>.br). NativeAOT for Windows and macOS compiles only on those
// OSes, so their packs are estimated, and the method printed:
//   win-x64:   the linux-x64 pack × 0.78, the ratio of win-x64 to linux-x64 NativeAOT binaries measured here with a
//              cross-linked win-x64 build (5.3 MB against 6.8 MB, ../shared/reference/windows-under-wine.md);
//              the bound without that ratio (as big as linux-x64) is printed beside it.
//   osx-arm64: the linux-arm64 pack (same code generation; Mach-O and ELF headers differ by kilobytes).
'use strict';

const fs = require('fs');
const path = require('path');
const { root, tasks } = require('../scripts/tasks');

const WINDOWS_RATIO = 0.78;
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const pack = (task, rid) => {
  const file = path.join(root, 'tasks', task, 'bin', rid, `${task}${rid.startsWith('win') ? '.exe' : ''}.br`);
  return fs.existsSync(file) ? fs.statSync(file).size : null;
};
const otherFiles = (task) => fs.readdirSync(path.join(root, 'tasks', task))
  .filter((f) => f !== 'bin').reduce((sum, f) => sum + fs.statSync(path.join(root, 'tasks', task, f)).size, 0);

let total = 0;
let bound = 0;
console.log('task                  linux-x64   linux-arm64  win-x64 (est.) osx-arm64 (est.) task folder (bound)');
for (const task of tasks) {
  const x64 = pack(task, 'linux-x64');
  const arm64 = pack(task, 'linux-arm64');
  if (x64 === null || arm64 === null) {
    console.log(`${task}: stage linux-x64 and linux-arm64 first`);
    process.exitCode = 1;
    continue;
  }
  const win = pack(task, 'win-x64') ?? Math.round(x64 * WINDOWS_RATIO);
  const osx = pack(task, 'osx-arm64') ?? arm64;
  const folder = x64 + arm64 + win + osx + otherFiles(task);
  const folderBound = folder - win + x64;
  total += folder;
  bound += folderBound;
  console.log(`${task.padEnd(21)} ${mb(x64).padEnd(11)} ${mb(arm64).padEnd(12)} ${mb(win).padEnd(14)} ${mb(osx).padEnd(16)} ${mb(folder)} (${mb(folderBound)})`);
}
console.log(`all task folders, four runtimes: ${mb(total)} estimated (${mb(bound)} if win-x64 were as big as linux-x64); budget for the VSIX 50 MB`);
// The VSIX adds its manifest, overview and images to the task folders, and deflates their JSON and scripts: compare
// the packaged VSIX of the runtimes staged here with the sum of their task folders.
const out = path.join(root, 'out');
const vsix = fs.existsSync(out) && fs.readdirSync(out).find((f) => f.endsWith('.vsix'));
if (vsix) {
  const staged = tasks.reduce((sum, t) => sum + otherFiles(t) + ['linux-x64', 'linux-arm64'].reduce((s, rid) => s + (pack(t, rid) ?? 0), 0), 0);
  console.log(`packaged here (${vsix}): ${mb(fs.statSync(path.join(out, vsix)).size)}, against ${mb(staged)} of staged task folders`);
}
