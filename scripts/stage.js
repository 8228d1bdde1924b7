#!/usr/bin/env node
// Stages the tasks for packaging: stamps the version from package.json into every task.json and
// vss-extension.json, publishes each task NativeAOT into tasks/<Task>/bin/<rid>/, and copies the launcher.
// Runtimes: --rids linux-x64,linux-arm64 (or PORT_RIDS); default: this machine's.
// --no-publish only stamps and copies the launcher (the release pipeline brings bin/ from each OS's build job).
// --into <dir> only publishes, into <dir>/<Task>/bin/<rid>/ (an unpacked extension): the tests add a win-x64 test build
// to the packaged tasks that way, to run under Wine, without shipping it.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, tasks, hostRuntime, readJson, writeJson } = require('./tasks');

const ridArg = process.argv.indexOf('--rids');
const rids = (ridArg > 0 ? process.argv[ridArg + 1] : process.env.PORT_RIDS || hostRuntime()).split(',').map((r) => r.trim()).filter(Boolean);

function stampVersions() {
  const version = readJson('package.json').version;
  const [Major, Minor, Patch] = version.split('.').map(Number);
  for (const task of tasks) {
    const file = `tasks/${task}/task.json`;
    const json = readJson(file);
    if (json.version.Major !== Major || json.version.Minor !== Minor || json.version.Patch !== Patch) {
      json.version = { Major, Minor, Patch };
      writeJson(file, json);
      console.log(`stamped ${file} with ${version}`);
    }
  }
  const manifest = readJson('vss-extension.json');
  if (manifest.version !== version) {
    manifest.version = version;
    writeJson('vss-extension.json', manifest);
    console.log(`stamped vss-extension.json with ${version}`);
  }
}

// NativeAOT compiles only for the host OS; Linux arm64 cross-compiles with clang and lld when they are installed.
function publishArgs(rid) {
  const hostOs = hostRuntime().split('-')[0];
  const targetOs = rid.split('-')[0];
  if (targetOs !== hostOs) {
    console.log(`  ${rid}: NativeAOT cannot be built on ${hostOs}; falling back to a trimmed single-file build (larger, slower to start). Release builds come from ${targetOs} agents.`);
    return ['-p:PublishAot=false', '-p:PublishSingleFile=true', '-p:PublishTrimmed=true', '--self-contained', 'true'];
  }
  const args = ['-p:PublishAot=true'];
  if (rid !== hostRuntime() && rid.endsWith('arm64') && process.arch === 'x64') {
    args.push('-p:CppCompilerAndLinker=clang-14', '-p:LinkerFlavor=lld', '-p:ObjCopyName=aarch64-linux-gnu-objcopy');
  }
  return args;
}

const intoArg = process.argv.indexOf('--into');
const into = intoArg > 0 ? path.resolve(process.argv[intoArg + 1]) : null;

function publish(task, rid) {
  const out = path.join(into || path.join(root, 'tasks'), task, 'bin', rid);
  console.log(`publishing ${task} for ${rid}`);
  // Its own artifacts folder: a publish must not share obj/ with a build running beside it (dotnet test).
  const artifacts = path.join(root, '.artifacts', 'stage');
  execFileSync('dotnet', ['publish', path.join(root, 'src', task), '-c', 'Release', '-r', rid, '-o', out, '--artifacts-path', artifacts,
    '--nologo', '-v', 'quiet', ...publishArgs(rid)],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  // Keep only the executable: debug symbols and other leftovers only grow the download.
  const exe = rid.startsWith('win') ? `${task}.exe` : task;
  for (const file of fs.readdirSync(out)) {
    if (file !== exe) fs.rmSync(path.join(out, file), { recursive: true, force: true });
  }
  if (!fs.existsSync(path.join(out, exe))) throw new Error(`publishing ${task} for ${rid} produced no ${exe}`);
}

if (into) {
  for (const task of tasks) for (const rid of rids) publish(task, rid);
  console.log(`published ${tasks.length} tasks for ${rids.join(', ')} into ${into}`);
  process.exit(0);
}

stampVersions();
for (const task of tasks) {
  fs.copyFileSync(path.join(root, 'build', 'launcher.js'), path.join(root, 'tasks', task, 'launcher.js'));
  if (!process.argv.includes('--no-publish')) {
    // A runtime left from an earlier stage would ship stale code: start from an empty bin/.
    fs.rmSync(path.join(root, 'tasks', task, 'bin'), { recursive: true, force: true });
    for (const rid of rids) publish(task, rid);
  }
}
console.log(process.argv.includes('--no-publish') ? 'stamped versions and copied the launcher' : `staged ${tasks.length} tasks for ${rids.join(', ')}`);
