// Starts the local Port emulator for the build scripts: built once in Release, run from its dll (not through
// `dotnet run`), so killing the child stops the server itself. Shared by the pipeline runner and the benchmarks.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root } = require('./tasks');

const project = path.join(root, 'src', 'Port.Emulator');

/** Builds the emulator in Release; a caller may start this early, beside other work, and pass the promise on. */
function buildEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn('dotnet', ['build', project, '-c', 'Release', '--nologo', '-v', 'quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', (error) => reject(new Error(`The Port emulator could not be built: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The Port emulator could not be built: dotnet build exited with ${code}.`))));
  });
}

/**
 * @param {string[]} options more emulator options, e.g. ['--latency', '20']
 * @param {Promise<void>} [built] a build already under way (buildEmulator()); without it, the emulator is built first
 */
async function startEmulator(options = [], built = buildEmulator()) {
  await built;
  const ready = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'port-emulator-')), 'url');
  const child = spawn('dotnet', [path.join(project, 'bin', 'Release', 'net10.0', 'Port.Emulator.dll'),
    '--urls', 'http://127.0.0.1:0', '--ready-file', ready, ...options], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => child.kill());
  for (let waited = 0; waited < 120000; waited += 200) {
    if (fs.existsSync(ready) && fs.readFileSync(ready, 'utf8')) return { child, url: fs.readFileSync(ready, 'utf8').trim() };
    if (child.exitCode !== null) throw new Error('The Port emulator did not start.');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('The Port emulator did not start within 2 minutes.');
}

module.exports = { buildEmulator, startEmulator };
