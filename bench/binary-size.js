#!/usr/bin/env node
// What each task executable is made of, beside a baseline: per task the executable's size and its Brotli pack as the
// VSIX carries it (scripts/stage.js's packing: quality 11, window 22), and a breakdown by assembly and namespace from
// the compiler's size statistics (the .mstat file NativeAOT writes with -p:IlcGenerateMstatFile=true), summed by
// bench/MstatSummary. Then the four-runtime VSIX estimated from the baseline's measured figure.
//   node bench/binary-size.js [--rid linux-x64] [--publish] [--task PortGetEntity] [--top 15]
//   node bench/binary-size.js --from <dir> --write-baseline     (records the baseline; see below)
// Binaries: with --publish, `node scripts/stage.js --rids <rid> --into .artifacts/binary-size/staged` with
// IlcGenerateMstatFile=true in its environment (MSBuild takes it as a property; it changes no byte of the binary),
// as stage.js publishes; without it, what stage.js last published into .artifacts/bin/<Task>/<rid>/, and the .mstat
// beside its build in .artifacts/stage/obj/ (run stage.js with IlcGenerateMstatFile=true for the breakdown).
// --from <dir> reads <dir>/<Task>/<exe> and <dir>/<Task>/<Task>.mstat instead (tasks missing there are left out: an
// experiment published with other properties for one task compares with the baseline that way).
// Baseline: bench/binary-size-baseline.json, committed. It holds the figures of main at commit 24bb5ff (before issue
// 17's size work), published here for linux-x64 with `dotnet publish src/<Task> -c Release -r linux-x64
// -p:PublishAot=true -p:IlcGenerateMstatFile=true` and recorded with --from <that output> --write-baseline. Its
// "vsix" entry is the README's four-runtime figure of that commit (49.3 MB: linux-x64, linux-arm64 and win-x64 packs
// measured, osx-arm64 packs estimated as linux-arm64's; `node bench/sizes.js`).
// The estimate for now: the packs of the other three runtimes shrink by the same fraction as the linux-x64 packs
// measured here (the size work is in the managed code and the compiler's settings, the same for every runtime; the
// native runtime, which does not shrink, is a similar share of each), so the VSIX's binaries lose
// (linux-x64 packs' loss) × (the baseline VSIX's binaries / the baseline's linux-x64 packs). --rid linux-arm64 (with a
// baseline recorded for it) checks that fraction on a second runtime.
// Sizes: bytes, KB and MB are 10^3 and 10^6 bytes, as the README gives them.
'use strict';

const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { root, tasks, executableName, brotliOptions } = require('../scripts/tasks');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rid = arg('--rid', 'linux-x64');
const top = Number(arg('--top', '15'));
const detail = arg('--task', null);
const from = arg('--from', null);
const baselineFile = path.join(__dirname, 'binary-size-baseline.json');
const quality = 11; // what a release ships (scripts/stage.js)

/** Builds bench/MstatSummary once (again when its source is newer) and returns the path of its dll. */
function mstatReader() {
  const out = path.join(root, '.artifacts', 'binary-size', 'mstat-summary');
  const dll = path.join(out, 'MstatSummary.dll');
  const source = path.join(__dirname, 'MstatSummary', 'Program.cs');
  if (!fs.existsSync(dll) || fs.statSync(dll).mtimeMs < fs.statSync(source).mtimeMs) {
    execFileSync('dotnet', ['build', path.join(__dirname, 'MstatSummary'), '-c', 'Release', '-o', out, '--nologo', '-v', 'quiet'],
      { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dll;
}

/** The Brotli pack of a binary as stage.js makes it, from stage.js's cache when it is there. */
function packedSize(exe) {
  const bytes = fs.readFileSync(exe);
  const cache = path.join(root, '.artifacts', 'brotli', `${crypto.createHash('sha256').update(bytes).digest('hex')}-q${quality}.br`);
  if (!fs.existsSync(cache)) {
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    fs.writeFileSync(cache, zlib.brotliCompressSync(bytes, brotliOptions(quality, bytes.length)));
  }
  return fs.statSync(cache).size;
}

/** Publishes and packs every task for rid as stage.js does, with the size statistics. */
function publish() {
  execFileSync('node', [path.join(root, 'scripts', 'stage.js'), '--rids', rid, '--into', path.join(root, '.artifacts', 'binary-size', 'staged')],
    { stdio: 'inherit', env: { ...process.env, IlcGenerateMstatFile: 'true', PORT_BROTLI_QUALITY: String(quality) } });
}

/** The size statistics of stage.js's last build of task, beside its build in .artifacts/stage/obj/. */
function stagedMstat(task) {
  return path.join(root, '.artifacts', 'stage', 'obj', task, `release_${rid}`, 'native', `${task}.mstat`);
}

/** Sizes and breakdown of every task as built now. */
function measure() {
  const reader = mstatReader();
  const result = {};
  for (const task of tasks) {
    const exe = from ? path.join(from, task, executableName(task, rid)) : path.join(root, '.artifacts', 'bin', task, rid, executableName(task, rid));
    const mstat = from ? path.join(from, task, `${task}.mstat`) : stagedMstat(task);
    if (!fs.existsSync(exe) && from) continue; // an experiment may hold a few tasks only
    if (!fs.existsSync(exe)) throw new Error(`${exe} is missing: run with --publish, or node scripts/stage.js --rids ${rid} first`);
    const entry = { exe: fs.statSync(exe).size, packed: packedSize(exe) };
    // The compiler writes the statistics with its object file: older than that, they describe an earlier build.
    const object = mstat.replace(/\.mstat$/, rid.startsWith('win') ? '.obj' : '.o');
    const fresh = fs.existsSync(mstat) && (!fs.existsSync(object) || fs.statSync(mstat).mtimeMs >= fs.statSync(object).mtimeMs - 5e3);
    if (!fresh) console.log(`${task}: no size statistics for this build (publish with IlcGenerateMstatFile=true, or --publish)`);
    if (fresh) {
      const summary = JSON.parse(execFileSync('dotnet', [reader, mstat], { encoding: 'utf8', maxBuffer: 64 << 20 }));
      Object.assign(entry, { byKind: summary.byKind, byAssembly: summary.byAssembly, byNamespace: limit(summary.byNamespace, 80) });
    }
    result[task] = entry;
  }
  return result;
}

/** The largest n entries of a map, the rest summed under "(other)". */
function limit(map, n) {
  const entries = Object.entries(map).sort((a, b) => b[1] - a[1]);
  const kept = Object.fromEntries(entries.slice(0, n));
  const rest = entries.slice(n).reduce((sum, [, v]) => sum + v, 0);
  if (rest) kept['(other)'] = rest;
  return kept;
}

const kb = (bytes) => (bytes === undefined ? '' : `${(bytes / 1e3).toFixed(0)} KB`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const delta = (before, after) => (before ? `${after - before >= 0 ? '+' : ''}${(((after - before) / before) * 100).toFixed(1)}%` : '');
const row = (cells, widths) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');

/** Rows "name, before, after, change" for a map summed over the given tasks, largest first. */
function breakdown(title, key, before, now, names) {
  const sum = (set) => {
    const total = {};
    for (const task of names) for (const [k, v] of Object.entries(set[task]?.[key] ?? {})) total[k] = (total[k] ?? 0) + v;
    return total;
  };
  const b = sum(before);
  const a = sum(now);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== '(other)')
    .sort((x, y) => Math.max(b[y] ?? 0, a[y] ?? 0) - Math.max(b[x] ?? 0, a[x] ?? 0)).slice(0, top);
  const widths = [64, 10, 10, 8];
  console.log(`\n${title}`);
  console.log(row(['', 'baseline', 'now', 'change'], widths));
  for (const k of keys) console.log(row([k.length > 64 ? `${k.slice(0, 63)}…` : k, kb(b[k] ?? 0), kb(a[k] ?? 0), delta(b[k], a[k] ?? 0)], widths));
}

function main() {
  if (process.argv.includes('--publish')) publish();
  const now = measure();
  if (process.argv.includes('--write-baseline')) {
    const saved = fs.existsSync(baselineFile) ? JSON.parse(fs.readFileSync(baselineFile, 'utf8')) : {};
    saved[rid] = now;
    fs.writeFileSync(baselineFile, JSON.stringify(saved, null, 1) + '\n');
    console.log(`wrote ${rid} into ${path.relative(root, baselineFile)}`);
  }
  const baselineAll = fs.existsSync(baselineFile) ? JSON.parse(fs.readFileSync(baselineFile, 'utf8')) : {};
  const baseline = baselineAll[rid] ?? {};

  const widths = [21, 11, 11, 7, 11, 11, 7];
  console.log(`${rid}: each task executable, baseline (bench/binary-size-baseline.json) and now`);
  console.log(row(['task', 'exe base', 'exe now', 'change', 'pack base', 'pack now', 'change'], widths));
  let totals = [0, 0, 0, 0];
  for (const task of tasks) {
    const b = baseline[task] ?? {};
    const a = now[task];
    if (!a) continue;
    totals = [totals[0] + (b.exe ?? 0), totals[1] + a.exe, totals[2] + (b.packed ?? 0), totals[3] + a.packed];
    console.log(row([task, mb(b.exe ?? 0), mb(a.exe), delta(b.exe, a.exe), mb(b.packed ?? 0), mb(a.packed), delta(b.packed, a.packed)], widths));
  }
  console.log(row([`all ${Object.keys(now).length}`, mb(totals[0]), mb(totals[1]), delta(totals[0], totals[1]), mb(totals[2]), mb(totals[3]), delta(totals[2], totals[3])], widths));

  const names = detail ? [detail] : tasks;
  const scope = detail ?? 'the six tasks summed';
  // What the compiler accounts for, and the rest of the file: the native runtime (GC, OpenSSL shim), unwind tables
  // (.eh_frame), relocations and headers. MethodTables (Types) and frozen objects (string literals, preinitialized
  // statics) are listed at their size in memory: the file holds them dehydrated, in the blob DehydratedData (677 KB
  // on disk for PortGetEntity's 1.08 MB), so they are left out of the sum that gives the rest.
  const withRest = (set) => Object.fromEntries(names.filter((t) => set[t]?.byKind).map((t) => {
    const { Types, FrozenObjects, ...onDisk } = set[t].byKind;
    const counted = Object.values(onDisk).reduce((s, v) => s + v, 0);
    return [t, { byKind: { ...onDisk, 'Types (in memory: in DehydratedData)': Types, 'FrozenObjects (in memory: in DehydratedData)': FrozenObjects,
      'rest of the file (native runtime, unwind tables, headers)': set[t].exe - counted } }];
  }));
  breakdown(`by kind, bytes, ${scope}`, 'byKind', withRest(baseline), withRest(now), names);
  breakdown(`by assembly, bytes (types and frozen objects at their size in memory), ${scope}`, 'byAssembly', baseline, now, names);
  breakdown(`by namespace (assembly!namespace), bytes as above, ${scope}`, 'byNamespace', baseline, now, names);

  // The four-runtime VSIX: the baseline's measured figure, less what the linux-x64 packs lost, scaled to four runtimes.
  const vsix = baselineAll.vsix;
  if (vsix && rid === 'linux-x64' && Object.keys(now).length === tasks.length) {
    const files = tasks.reduce((sum, task) => sum + fs.readdirSync(path.join(root, 'tasks', task)).filter((f) => f !== 'bin')
      .reduce((s, f) => s + fs.statSync(path.join(root, 'tasks', task, f)).size, 0), 0);
    const scale = (vsix.bytes - files) / totals[2];
    const estimate = vsix.bytes - (totals[2] - totals[3]) * scale;
    console.log(`\nVSIX with the four runtimes: baseline ${mb(vsix.bytes)} (${vsix.source}); now about ${mb(estimate)} ` +
      `(${delta(vsix.bytes, estimate)}; a seventh task of this size would make it ${mb(estimate * 7 / 6)}). The baseline's binaries are ` +
      `${scale.toFixed(2)}× its linux-x64 packs; the other runtimes' packs are taken to shrink by the same fraction (node bench/sizes.js measures them: win-x64 with bench/win-aot)`);
  }
}

main();
