// Port for Azure Pipelines: starts this task's NativeAOT executable for the agent's OS and CPU.
// Plain CommonJS with no dependencies (runs on Node 16-24). It must not load azure-pipelines-task-lib,
// which deletes the INPUT_*, ENDPOINT_* and SECRET_* variables the executable reads.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const taskName = path.basename(__dirname).replace(/V\d+$/, '');
const supported = ['linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'win-x64', 'win-arm64', 'osx-x64', 'osx-arm64'];

function fail(message) {
  // The agent reads these from stdout; % CR LF are escaped as the agent expects.
  const escaped = String(message).replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`##vso[task.logissue type=error]${escaped}\n`);
  process.stdout.write(`##vso[task.complete result=Failed;]${escaped}\n`);
  process.exit(1);
}

function isMusl() {
  // Alpine and other musl distributions ship their loader here; glibc systems do not.
  return process.platform === 'linux' &&
    (fs.existsSync('/lib/ld-musl-x86_64.so.1') || fs.existsSync('/lib/ld-musl-aarch64.so.1'));
}

function runtimeId() {
  const os = { linux: isMusl() ? 'linux-musl' : 'linux', win32: 'win', darwin: 'osx' }[process.platform];
  const cpu = { x64: 'x64', arm64: 'arm64' }[process.arch];
  return os && cpu ? `${os}-${cpu}` : `${process.platform}-${process.arch}`;
}

const rid = process.env.PORT_TASK_RUNTIME || runtimeId();
const exe = path.join(__dirname, 'bin', rid, process.platform === 'win32' ? `${taskName}.exe` : taskName);

if (!fs.existsSync(exe)) {
  const shipped = fs.existsSync(path.join(__dirname, 'bin')) ? fs.readdirSync(path.join(__dirname, 'bin')).join(', ') : 'none';
  fail(supported.includes(rid)
    ? `${taskName} has no build for this agent (${rid}); this package holds: ${shipped}. Install a release of the extension built for ${rid}.`
    : `${taskName} does not support this agent's platform (${rid}). Supported: ${supported.join(', ')}.`);
}

// The VSIX keeps no Unix file modes, so the binary arrives without its executable bit.
try { fs.chmodSync(exe, 0o755); } catch (_) { /* read-only task folder: try to run it anyway */ }

const child = spawn(exe, process.argv.slice(2), { stdio: 'inherit', env: process.env, windowsHide: true });
child.on('error', (error) => fail(`Could not start ${exe}: ${error.message}`));

// On cancel the agent sends SIGINT, then SIGTERM: pass both on so the task can report Canceled.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { try { child.kill(signal); } catch (_) { /* already gone */ } });
}

child.on('exit', (code, signal) => process.exit(code === null ? (signal ? 1 : 0) : code));
