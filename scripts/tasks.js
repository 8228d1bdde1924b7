// The tasks this repository ships, and helpers the build scripts share.
'use strict';

const path = require('path');
const fs = require('fs');

const root = path.resolve(__dirname, '..');
const tasks = ['PortUpsertEntity', 'PortGetEntity', 'PortReportRun'];

function hostRuntime() {
  const os = { linux: 'linux', win32: 'win', darwin: 'osx' }[process.platform];
  const musl = process.platform === 'linux' && (fs.existsSync('/lib/ld-musl-x86_64.so.1') || fs.existsSync('/lib/ld-musl-aarch64.so.1'));
  return `${os}${musl ? '-musl' : ''}-${process.arch}`;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
}

function writeJson(file, value) {
  fs.writeFileSync(path.join(root, file), JSON.stringify(value, null, 2) + '\n');
}

module.exports = { root, tasks, hostRuntime, readJson, writeJson };
