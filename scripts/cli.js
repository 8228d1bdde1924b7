#!/usr/bin/env node
// `npm run cli`: builds port-ci's release archives into out/cli/: for each runtime this machine can build natively,
// port-ci-<version>-<rid>.tar.gz (.zip for Windows) holding port-ci-<version>-<rid>/ with the executable, LICENSE and
// README.md; then out/cli/SHA256SUMS over every archive of this version there (the release pipeline gathers each
// OS's archives into one folder and runs `--sums` to write it once).
// Runtimes: --rids linux-x64,linux-arm64 (or PORT_RIDS); default: this machine's. A runtime of another OS is skipped
// with a message: NativeAOT compiles only for the OS it runs on, and the archives ship nothing else.
// The archive times are the last commit's (or SOURCE_DATE_EPOCH), so the same tree gives the same bytes.
// --tool also packs the .NET tool packages into out/cli/nuget/ (`dotnet tool install port-ci`): the pointer package
// and one RID-specific package per runtime built, each carrying the same NativeAOT executable as the archive.
'use strict';

const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { root, hostRuntime, readJson, megabytes } = require('./tasks');
const { requestedRuntimes, canBuildNative, nativeAotArgs } = require('./native-publish');
const { tarGz, zip } = require('./archive');

const outDir = path.join(root, 'out', 'cli');
const version = readJson('package.json').version;
const rids = requestedRuntimes(process.argv);

function archiveName(rid) {
  return `port-ci-${version}-${rid}${rid.startsWith('win') ? '.zip' : '.tar.gz'}`;
}

/** Seconds since 1970 of the archive entries: SOURCE_DATE_EPOCH, else the last commit's time, else now. */
function archiveTime() {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH);
  try {
    return Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return Math.floor(Date.now() / 1000);
  }
}

/**
 * How port-ci is built, the same for its archive and its tool package, so that packing the tool after the archive
 * reuses the compiled executable. Its own artifacts folder, as stage.js has: a build must not share obj/ with one
 * running beside it. No symbol files: the archives and packages ship the executable alone.
 */
function buildArgs(rid) {
  return ['-c', 'Release', '--artifacts-path', path.join(root, '.artifacts', 'cli-stage'), '--nologo', '-v', 'quiet',
    '-p:CopyOutputSymbolsToPublishDirectory=false', '-p:AllowedReferenceRelatedFileExtensions=none',
    ...(rid ? ['-r', rid, ...nativeAotArgs(rid)] : [])];
}

function dotnet(args) {
  execFileSync('dotnet', args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Publishes port-ci NativeAOT for rid into .artifacts/cli/<rid>/ and returns the executable's path. */
function publish(rid) {
  const out = path.join(root, '.artifacts', 'cli', rid);
  fs.rmSync(out, { recursive: true, force: true });
  console.log(`publishing port-ci ${version} for ${rid}`);
  dotnet(['publish', path.join(root, 'src', 'PortCi'), '-o', out, ...buildArgs(rid)]);
  const exe = path.join(out, rid.startsWith('win') ? 'port-ci.exe' : 'port-ci');
  if (!fs.existsSync(exe)) throw new Error(`publishing port-ci for ${rid} produced no ${path.basename(exe)}`);
  return exe;
}

function writeArchive(rid, exe, mtime) {
  const folder = `port-ci-${version}-${rid}`;
  const files = [
    { name: path.basename(exe), data: fs.readFileSync(exe), executable: true },
    { name: 'LICENSE', data: fs.readFileSync(path.join(root, 'LICENSE')), executable: false },
    { name: 'README.md', data: fs.readFileSync(path.join(root, 'src', 'PortCi', 'README.md')), executable: false },
  ];
  const target = path.join(outDir, archiveName(rid));
  fs.writeFileSync(target, rid.startsWith('win') ? zip(folder, files, mtime) : tarGz(folder, files, mtime));
  console.log(`${path.relative(root, target)}: ${megabytes(fs.statSync(target).size)} (the executable ${megabytes(files[0].data.length)})`);
}

/** SHA256SUMS in sha256sum's format over every archive of this version in out/cli. */
function writeSums() {
  const archives = fs.readdirSync(outDir).filter((f) => f.startsWith(`port-ci-${version}-`) && /\.(tar\.gz|zip)$/.test(f)).sort();
  if (archives.length === 0) throw new Error(`out/cli holds no archive of port-ci ${version} to sum`);
  const lines = archives.map((f) => `${crypto.createHash('sha256').update(fs.readFileSync(path.join(outDir, f))).digest('hex')}  ${f}\n`);
  fs.writeFileSync(path.join(outDir, 'SHA256SUMS'), lines.join(''));
  console.log(`out/cli/SHA256SUMS: ${archives.join(', ')}`);
}

/** The .NET tool packages: the pointer package, which names the runtimes, and one package per runtime built here. */
function packTool(buildable) {
  const feed = path.join(outDir, 'nuget');
  fs.rmSync(feed, { recursive: true, force: true });
  dotnet(['pack', path.join(root, 'src', 'PortCi'), '-o', feed, ...buildArgs(null)]);
  for (const rid of buildable) dotnet(['pack', path.join(root, 'src', 'PortCi'), '-o', feed, ...buildArgs(rid)]);
  for (const file of fs.readdirSync(feed).sort()) console.log(`out/cli/nuget/${file}: ${megabytes(fs.statSync(path.join(feed, file)).size)}`);
}

function main() {
  fs.mkdirSync(outDir, { recursive: true });
  if (!process.argv.includes('--sums')) {
    const buildable = rids.filter(canBuildNative);
    for (const rid of rids.filter((r) => !canBuildNative(r))) {
      console.log(`${rid}: skipped, NativeAOT builds it only on ${rid.split('-')[0]} (the release pipeline builds it there)`);
    }
    if (buildable.length === 0) throw new Error(`none of ${rids.join(', ')} can be built on ${hostRuntime()}`);
    const mtime = archiveTime();
    for (const rid of buildable) writeArchive(rid, publish(rid), mtime);
    if (process.argv.includes('--tool')) packTool(buildable);
  }
  writeSums();
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
