#!/usr/bin/env node
// Stages the tasks for packaging: checks that every task.json and vss-extension.json hold package.json's version
// (it writes no tracked file: `npm version` stamps them, see scripts/stamp-version.js), publishes each task NativeAOT, packs it with Brotli into tasks/<Task>/bin/<rid>/<exe>.br (the
// launcher unpacks it once per job), and copies the launcher. The unpacked builds stay in .artifacts/bin/<Task>/<rid>/
// for benchmarks and tests that run a binary directly.
// Runtimes: --rids linux-x64,linux-arm64 (or PORT_RIDS); default: this machine's.
// --tasks PortGetEntity,PortReportRun publishes those only (the local runner stages what its pipeline uses); the
// other tasks' bin/ are emptied all the same, so a package never ships a stale binary beside fresh ones.
// --no-publish only checks the versions and copies the launcher (the release pipeline brings bin/ from each OS's build job).
// --into <dir> only publishes and packs, into <dir>/<Task>/bin/<rid>/ (an unpacked extension): the tests add a win-x64
// test build to the packaged tasks that way, to run under Wine, without shipping it.
// PORT_BROTLI_QUALITY (default 11, the smallest) trades size for packing time: 11 takes about 20 s a binary, 5 under 1 s.
'use strict';

const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { root, tasks, hostRuntime, readJson, executableName, brotliOptions, versionedFiles } = require('./tasks');
const { requestedRuntimes, canBuildNative, nativeAotArgs } = require('./native-publish');

const rids = requestedRuntimes(process.argv);
// Copied from build/ into every task folder: the launcher and the transport it sends the executable's requests with.
const launcherFiles = ['launcher.js', 'launcher-transport.js'];

/** --tasks A,B: the tasks to publish, each one of tasks/; default all. */
function requestedTasks() {
  const at = process.argv.indexOf('--tasks');
  if (at < 0) return tasks;
  const named = (process.argv[at + 1] || '').split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = named.filter((t) => !tasks.includes(t));
  if (named.length === 0 || unknown.length) {
    throw new Error(`--tasks takes task names separated by commas, from ${tasks.join(', ')}; got '${process.argv[at + 1] || ''}'.`);
  }
  return named;
}

/** Fails, naming the files and the command that stamps them, when a task.json or the manifest holds another version. */
function checkVersions() {
  const version = readJson('package.json').version;
  const stale = versionedFiles().filter((f) => f.version !== version);
  if (stale.length) {
    throw new Error(`package.json is at ${version}, but ${stale.map((f) => `${f.file} at ${f.version}`).join(', ')}. ` +
      'Change versions with `npm version <major|minor|patch>`, which stamps them all; after editing package.json by hand, run `node scripts/stamp-version.js`.');
  }
}

/** NativeAOT where this machine can build it; elsewhere a trimmed single-file build, so a local VSIX still runs there. */
function publishArgs(rid) {
  if (!canBuildNative(rid)) {
    const targetOs = rid.split('-')[0];
    console.log(`  ${rid}: NativeAOT cannot be built on ${hostRuntime().split('-')[0]}; falling back to a trimmed single-file build (larger, slower to start). Release builds come from ${targetOs} agents.`);
    return ['-p:PublishAot=false', '-p:PublishSingleFile=true', '-p:PublishTrimmed=true', '--self-contained', 'true'];
  }
  return nativeAotArgs(rid);
}

const intoArg = process.argv.indexOf('--into');
const into = intoArg > 0 ? path.resolve(process.argv[intoArg + 1]) : null;

/**
 * Publishes the tasks for one runtime with one dotnet publish of a solution filter that lists them: MSBuild then
 * builds the libraries they share once and the tasks side by side (three tasks: 49 s here, against 80-110 s as three
 * publishes). Into .artifacts/stage (apart from a dotnet test building beside it), then each task's output is copied
 * into .artifacts/bin/<Task>/<rid>/; returns the executables' paths by task.
 */
function publish(selected, rid) {
  const artifacts = path.join(root, '.artifacts', 'stage');
  const filter = path.join(artifacts, `tasks-${rid}.slnf`);
  fs.mkdirSync(artifacts, { recursive: true });
  const projects = selected.map((task) => `src/${task}/${task}.csproj`);
  fs.writeFileSync(filter, JSON.stringify({ solution: { path: path.relative(artifacts, path.join(root, 'PortAzureTasks.sln')), projects } }, null, 2));
  console.log(`publishing ${selected.join(', ')} for ${rid}`);
  execFileSync('dotnet', ['publish', filter, '-c', 'Release', '-r', rid, '--artifacts-path', artifacts, '--nologo', '-v', 'quiet', ...publishArgs(rid)],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  const executables = {};
  for (const task of selected) {
    const built = path.join(artifacts, 'publish', task, `release_${rid}`);
    const out = path.join(root, '.artifacts', 'bin', task, rid);
    fs.rmSync(out, { recursive: true, force: true });
    fs.cpSync(built, out, { recursive: true });
    executables[task] = path.join(out, executableName(task, rid));
    if (!fs.existsSync(executables[task])) throw new Error(`publishing ${task} for ${rid} produced no ${path.basename(executables[task])}`);
  }
  return executables;
}

const quality = Number(process.env.PORT_BROTLI_QUALITY || (into ? 5 : 11));

/**
 * Packs exe into <dir>/<Task>/bin/<rid>/<exe>.br. Brotli at quality 11 makes a binary about 25% smaller than the
 * VSIX's deflate; packs are kept by content in .artifacts/brotli/, so an unchanged binary is not packed again.
 */
async function pack(exe, task, rid, dir) {
  const bytes = fs.readFileSync(exe);
  const cache = path.join(root, '.artifacts', 'brotli', `${crypto.createHash('sha256').update(bytes).digest('hex')}-q${quality}.br`);
  if (!fs.existsSync(cache)) {
    const packed = await new Promise((resolve, reject) =>
      zlib.brotliCompress(bytes, brotliOptions(quality, bytes.length), (error, result) => (error ? reject(error) : resolve(result))));
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    fs.writeFileSync(cache, packed);
  }
  const target = path.join(dir, task, 'bin', rid, `${path.basename(exe)}.br`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(cache, target);
  console.log(`packed ${task} for ${rid}: ${bytes.length.toLocaleString('en')} → ${fs.statSync(target).size.toLocaleString('en')} bytes (brotli ${quality})`);
}

/** Publishes the tasks for each runtime in turn; each runtime's binaries are packed (on Node's thread pool) while the next one builds. */
async function publishAndPack(selected, dir) {
  const packs = [];
  for (const rid of rids) {
    const executables = publish(selected, rid);
    for (const task of selected) packs.push(pack(executables[task], task, rid, dir));
  }
  await Promise.all(packs);
}

async function main() {
  const selected = requestedTasks();
  if (into) {
    await publishAndPack(selected, into);
    console.log(`published ${selected.length} tasks for ${rids.join(', ')} into ${into}`);
    return;
  }

  checkVersions();
  const publishing = !process.argv.includes('--no-publish');
  for (const task of tasks) {
    for (const file of launcherFiles) fs.copyFileSync(path.join(root, 'build', file), path.join(root, 'tasks', task, file));
    // A runtime left from an earlier stage would ship stale code: start from an empty bin/.
    if (publishing) fs.rmSync(path.join(root, 'tasks', task, 'bin'), { recursive: true, force: true });
  }
  if (publishing) await publishAndPack(selected, path.join(root, 'tasks'));
  console.log(publishing ? `staged ${selected.length} of ${tasks.length} tasks for ${rids.join(', ')}` : 'checked the versions and copied the launcher');
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
