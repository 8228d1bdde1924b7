#!/usr/bin/env node
// The download a release would ship: each task folder and the VSIX with the four runtimes of a release (linux-x64,
// linux-arm64, win-x64, osx-arm64). Run `node scripts/stage.js --rids linux-x64,linux-arm64` and, for the Windows
// figures, `bash bench/win-aot/build.sh` first.
//   node bench/sizes.js
// Linux packs are measured (tasks/<Task>/bin/<rid>/<exe>.br). win-x64 packs are measured from bench/win-aot's
// NativeAOT build (linked here with a stand-in for the Visual C++ runtime, which adds a few KB against the real one's
// static part) when it exists, else estimated as the linux-x64 pack × 0.78 (the ratio measured that way), with the
// bound of a pack as big as linux-x64's printed beside. osx-arm64 NativeAOT compiles only on a Mac: its packs are
// estimated as the linux-arm64 packs (same code generation; Mach-O and ELF headers differ by kilobytes).
// Sizes in MB (10^6 bytes). With a VSIX packaged from what is staged (npm run package), it also prints what the VSIX
// adds to its task folders, and the VSIX with the four runtimes. With port-ci's release archives built (npm run cli),
// it prints each archive in out/cli (what a CI downloads) and the executable in it.
'use strict';

const fs = require('fs');
const path = require('path');
const { root, tasks, executableName, readJson, megabytes: mb, folderSize } = require('../scripts/tasks');

const WINDOWS_RATIO = 0.78; // win-x64 pack / linux-x64 pack, measured with bench/win-aot (0.77–0.79)
const size = (file) => (fs.existsSync(file) ? fs.statSync(file).size : null);
const pack = (task, rid) => size(path.join(root, 'tasks', task, 'bin', rid, `${executableName(task, rid)}.br`));
const windowsBuild = (task) => size(path.join(root, '.artifacts', 'win-aot', task, `${executableName(task, 'win-x64')}.br`));
const otherFiles = (task) => fs.readdirSync(path.join(root, 'tasks', task))
  .filter((f) => f !== 'bin').reduce((sum, f) => sum + fs.statSync(path.join(root, 'tasks', task, f)).size, 0);

let total = 0;
let bound = 0;
console.log('task                  linux-x64   linux-arm64  win-x64         osx-arm64 (est.) task folder (bound)');
for (const task of tasks) {
  const x64 = pack(task, 'linux-x64');
  const arm64 = pack(task, 'linux-arm64');
  if (x64 === null || arm64 === null) {
    console.log(`${task}: stage linux-x64 and linux-arm64 first`);
    process.exitCode = 1;
    continue;
  }
  const measuredWin = windowsBuild(task);
  const win = measuredWin ?? Math.round(x64 * WINDOWS_RATIO);
  const osx = pack(task, 'osx-arm64') ?? arm64;
  const folder = x64 + arm64 + win + osx + otherFiles(task);
  const folderBound = folder - win + x64;
  total += folder;
  bound += folderBound;
  const winText = `${mb(win)} ${measuredWin === null ? '(est.)' : '(meas.)'}`;
  console.log(`${task.padEnd(21)} ${mb(x64).padEnd(11)} ${mb(arm64).padEnd(12)} ${winText.padEnd(15)} ${mb(osx).padEnd(16)} ${mb(folder)} (${mb(folderBound)})`);
}
if (!process.exitCode) console.log(`all task folders, four runtimes: ${mb(total)} (${mb(bound)} if win-x64 were as big as linux-x64); budget for the VSIX 50 MB`);
// The VSIX adds its manifest, overview and images to the task folders, and deflates their JSON and scripts: compare
// the VSIX packaged here with the task folders it packed, and add the difference to the four runtimes' folders.
const out = path.join(root, 'out');
const vsix = fs.existsSync(out) && fs.readdirSync(out).find((f) => f.endsWith('.vsix'));
if (vsix) {
  const packaged = fs.statSync(path.join(out, vsix));
  const staged = tasks.reduce((sum, t) => sum + folderSize(path.join(root, 'tasks', t)), 0);
  const newestPack = Math.max(...tasks.map((t) => path.join(root, 'tasks', t, 'bin')).filter(fs.existsSync).map((d) => fs.statSync(d).mtimeMs));
  if (packaged.mtimeMs < newestPack) {
    console.log(`${vsix} was packaged before the last stage: run node scripts/package.js for the VSIX figures`);
  } else {
    console.log(`packaged here (${vsix}): ${mb(packaged.size)}, against ${mb(staged)} of staged task folders`);
    if (!process.exitCode) console.log(`VSIX with the four runtimes: ${mb(total + packaged.size - staged)} (the task folders and what the VSIX adds to them)`);
  }
}
// port-ci's release archives of this version, as scripts/cli.js wrote them, and the executable each holds.
const cliOut = path.join(root, 'out', 'cli');
const prefix = `port-ci-${readJson('package.json').version}-`;
const archives = fs.existsSync(cliOut) ? fs.readdirSync(cliOut).filter((f) => f.startsWith(prefix) && /\.(tar\.gz|zip)$/.test(f)).sort() : [];
if (archives.length === 0) console.log(`no ${prefix}<rid> archive in out/cli: run npm run cli for port-ci's figures`);
for (const archive of archives) {
  const rid = archive.slice(prefix.length).replace(/\.(tar\.gz|zip)$/, '');
  const exe = size(path.join(root, '.artifacts', 'cli', rid, rid.startsWith('win') ? 'port-ci.exe' : 'port-ci'));
  console.log(`port-ci archive ${archive}: ${mb(fs.statSync(path.join(cliOut, archive)).size)} (the executable ${exe === null ? 'not built here' : mb(exe)})`);
}
