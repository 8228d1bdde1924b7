#!/usr/bin/env node
// Packages the staged tasks into out/<publisher>.<id>-<version>.vsix with tfx, and prints the sizes.
// The tasks' files and contributions are generated from tasks/*/task.json into out/tasks.vss-extension.json,
// which tfx merges with vss-extension.json.
// PORT_PUBLISHER overrides the manifest's publisher (your Marketplace publisher id).
// A task staged with no binary fails the packaging, naming it; --local packs such a tree into out/local/ instead, for
// the local runner (it stages only what its pipeline uses): a VSIX that is not for publishing.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, tasks, tasksManifest, megabytes, folderSize } = require('./tasks');

const local = process.argv.includes('--local');
const unbuilt = tasks.filter((task) => !fs.existsSync(path.join(root, 'tasks', task, 'bin')));
if (unbuilt.length && !local) {
  console.error(`${unbuilt.join(', ')} ${unbuilt.length === 1 ? 'has' : 'have'} no binaries staged: run node scripts/stage.js first (npm run package does both).`);
  process.exit(1);
}
const outDir = path.join(root, 'out', ...(local ? ['local'] : []));
fs.mkdirSync(outDir, { recursive: true });
const tfx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tfx.cmd' : 'tfx');
if (!fs.existsSync(tfx)) throw new Error('tfx-cli is not installed: run npm ci first.');

const tasksPartial = path.join(outDir, 'tasks.vss-extension.json');
fs.writeFileSync(tasksPartial, JSON.stringify(tasksManifest(outDir), null, 2) + '\n');

const args = ['extension', 'create', '--root', root, '--manifests', 'vss-extension.json', tasksPartial, '--output-path', outDir, '--no-prompt', '--json'];
if (process.env.PORT_PUBLISHER) args.push('--publisher', process.env.PORT_PUBLISHER);
const result = JSON.parse(execFileSync(tfx, args, { cwd: root, encoding: 'utf8' }));

console.log(`VSIX: ${result.path} (${megabytes(fs.statSync(result.path).size)})${unbuilt.length ? `, for local runs only: ${unbuilt.join(', ')} not built` : ''}`);
for (const task of tasks.filter((t) => !unbuilt.includes(t))) console.log(`  tasks/${task}: ${megabytes(folderSize(path.join(root, 'tasks', task)))} unpacked`);
