// Port for Azure Pipelines: starts this task's NativeAOT executable for the agent's OS and CPU.
// The extension ships it Brotli-packed (bin/<rid>/<exe>.br) to stay small; it is unpacked once per job into the
// agent's temp folder. Plain CommonJS with no dependencies (runs on Node 16-24). It must not load
// azure-pipelines-task-lib, which deletes the INPUT_*, ENDPOINT_* and SECRET_* variables the executable reads.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { spawn } = require('child_process');
const transport = require('./launcher-transport');

// First of all, before anything slow: the agent may cancel at any moment (SIGINT, then SIGTERM). A signal that comes
// before the task runs is passed on once it does; see the end of this file.
let child = null;
let forwarded = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    forwarded = forwarded || signal;
    if (child) try { child.kill(signal); } catch (_) { /* already gone */ }
  });
}

const taskName = path.basename(__dirname).replace(/V\d+$/, '');
const supported = ['linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'win-x64', 'win-arm64', 'osx-x64', 'osx-arm64'];

// The agent reads these from stdout; % CR LF are escaped as the agent expects.
function escape(message) {
  return String(message).replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function fail(message) {
  process.stdout.write(`##vso[task.logissue type=error]${escape(message)}\n`);
  process.stdout.write(`##vso[task.complete result=Failed;]${escape(message)}\n`);
  process.exit(1);
}

function debug(message) {
  if ((process.env.SYSTEM_DEBUG || '').toLowerCase() === 'true') process.stdout.write(`##vso[task.debug]${escape(message)}\n`);
}

function isMusl() {
  // Alpine and other musl distributions ship their loader here; glibc systems do not.
  return process.platform === 'linux' &&
    (fs.existsSync('/lib/ld-musl-x86_64.so.1') || fs.existsSync('/lib/ld-musl-aarch64.so.1'));
}

function runtimeId() {
  const system = { linux: isMusl() ? 'linux-musl' : 'linux', win32: 'win', darwin: 'osx' }[process.platform];
  const cpu = { x64: 'x64', arm64: 'arm64' }[process.arch];
  return system && cpu ? `${system}-${cpu}` : `${process.platform}-${process.arch}`;
}

const rid = process.env.PORT_TASK_RUNTIME || runtimeId();
const exeName = process.platform === 'win32' ? `${taskName}.exe` : taskName;
const shipped = path.join(__dirname, 'bin', rid, exeName);

// Outside a job (no Agent.TempDirectory) the binary goes to a private folder of its own, removed when the task ends:
// a fixed path in the shared temp folder could hold a binary someone else put there.
let privateFolder = null;

/**
 * Unpacks bin/<rid>/<exe>.br into Agent.TempDirectory (the agent's own, cleaned after each job), once: later steps of
 * the job find it there. The folder is named after the pack's size and time, so another version of the task never
 * reuses it, and the file is written beside its final name and renamed, so a step running in parallel sees all of it
 * or nothing.
 */
function unpack(packed) {
  const stat = fs.statSync(packed);
  const job = process.env.AGENT_TEMPDIRECTORY;
  if (!job) privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'port-task-'));
  const dir = job ? path.join(job, 'port-tasks', `${taskName}-${rid}-${stat.size}-${Math.floor(stat.mtimeMs)}`) : privateFolder;
  const exe = path.join(dir, exeName);
  if (fs.existsSync(exe)) return exe;
  debug(`Unpacking ${packed} into ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${exe}.${process.pid}.partial`;
  fs.writeFileSync(partial, zlib.brotliDecompressSync(fs.readFileSync(packed)), { mode: 0o755 });
  try {
    fs.renameSync(partial, exe);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (!fs.existsSync(exe)) throw error; // else a parallel step got there first (Windows refuses to replace it)
  }
  return exe;
}

function locate() {
  if (fs.existsSync(shipped)) {
    // An unpacked build (a developer's stage): the VSIX keeps no Unix file modes, so set the executable bit.
    try { fs.chmodSync(shipped, 0o755); } catch (_) { /* read-only task folder: try to run it anyway */ }
    return shipped;
  }
  if (fs.existsSync(`${shipped}.br`)) {
    try {
      return unpack(`${shipped}.br`);
    } catch (error) {
      fail(`Could not unpack ${shipped}.br into the agent's temp folder: ${error.message}`);
    }
  }
  const builds = fs.existsSync(path.join(__dirname, 'bin')) ? fs.readdirSync(path.join(__dirname, 'bin')).join(', ') : 'none';
  fail(supported.includes(rid)
    ? `${taskName} has no build for this agent (${rid}); this package holds: ${builds}. Install a release of the extension built for ${rid}.`
    : `${taskName} does not support this agent's platform (${rid}). Supported: ${supported.join(', ')}.`);
}

const exe = locate();
debug(`Starting the ${rid} build: ${exe}`);

// A binary written a moment ago can still be busy for the system (ETXTBSY on Linux while a parallel step finishes
// writing it; under Wine, UNKNOWN, seen once in CI): starting it is tried again shortly.
const busy = ['ETXTBSY', 'EBUSY', 'UNKNOWN'];

function startTask(launcher, attempt) {
  const env = { ...process.env, PORT_TASK_TRANSPORT: launcher.address, PORT_TASK_TRANSPORT_KEY: launcher.key };
  try {
    child = spawn(exe, process.argv.slice(2), { stdio: 'inherit', env, windowsHide: true });
  } catch (error) {
    if (attempt < 5 && busy.includes(error.code)) {
      debug(`Starting ${exe} failed (${error.code}); trying again`);
      setTimeout(() => startTask(launcher, attempt + 1), 100 * attempt);
      return;
    }
    fail(`Could not start ${exe}: ${error.message}`);
  }
  if (forwarded) child.kill(forwarded);
  transport.preload();
  child.on('error', (failure) => fail(`Could not start ${exe}: ${failure.message}`));
  child.on('exit', (code, signal) => {
    launcher.close();
    if (privateFolder) fs.rmSync(privateFolder, { recursive: true, force: true });
    // The signal we passed on reached the task before it could handle it (it had just started): say what happened.
    if (forwarded && (signal || code === 130 || code === 143)) {
      process.stdout.write(`##vso[task.complete result=Canceled;]${escape(`The task was canceled (${forwarded}) as it started, before it sent anything to Port.`)}\n`);
      process.exit(1);
    }
    process.exit(code === null ? (signal ? 1 : 0) : code);
  });
}

// The executable sends its HTTP requests through this process (launcher-transport.js); it is started once the
// loopback port is open. A signal that came meanwhile is passed on as soon as it runs.
transport.start((error, launcher) => {
  if (error) fail(`Could not open the loopback port the task sends its requests through: ${error.message}`);
  startTask(launcher, 1);
});
