#!/usr/bin/env node
// Packages the staged tasks into out/<publisher>.<id>-<version>.vsix with tfx, and prints the sizes.
// The tasks' files and contributions are generated from tasks/*/task.json into out/tasks.vss-extension.json,
// which tfx merges with vss-extension.json.
// PORT_PUBLISHER overrides the manifest's publisher (your Marketplace publisher id).
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, tasks, tasksManifest, megabytes, folderSize } = require('./tasks');

const outDir = path.join(root, 'out');
fs.mkdirSync(outDir, { recursive: true });
const tfx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tfx.cmd' : 'tfx');
if (!fs.existsSync(tfx)) throw new Error('tfx-cli is not installed: run npm ci first.');

const tasksPartial = path.join(outDir, 'tasks.vss-extension.json');
fs.writeFileSync(tasksPartial, JSON.stringify(tasksManifest(outDir), null, 2) + '\n');

const args = ['extension', 'create', '--root', root, '--manifests', 'vss-extension.json', tasksPartial, '--output-path', outDir, '--no-prompt', '--json'];
if (process.env.PORT_PUBLISHER) args.push('--publisher', process.env.PORT_PUBLISHER);
const result = JSON.parse(execFileSync(tfx, args, { cwd: root, encoding: 'utf8' }));

console.log(`VSIX: ${result.path} (${megabytes(fs.statSync(result.path).size)})`);
for (const task of tasks) console.log(`  tasks/${task}: ${megabytes(folderSize(path.join(root, 'tasks', task)))} unpacked`);
