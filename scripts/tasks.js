// The tasks this repository ships, and helpers the build scripts share.
// The one list of tasks is the folders tasks/<Task>/ that hold a task.json: scripts, packaging, docs, icons and
// tests all enumerate them from there, so adding a task never means editing a list.
'use strict';

const path = require('path');
const fs = require('fs');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');

function taskNames() {
  const dir = path.join(root, 'tasks');
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'task.json')))
    .map((entry) => entry.name)
    .sort();
}

const tasks = taskNames();

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

/** "PortUpsertEntity" -> "port-upsert-entity": the id of the task's contribution in the extension. */
function contributionId(task) {
  return task.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * The part of the extension manifest that ships the tasks: a files entry and a contribution for each task folder.
 * tfx merges it with vss-extension.json (contributions are concatenated), so the manifest itself lists no task.
 */
function tasksManifest(manifestDir) {
  return {
    files: tasks.map((task) => ({ path: path.relative(manifestDir, path.join(root, 'tasks', task)).split(path.sep).join('/') })),
    contributions: tasks.map((task) => ({
      id: contributionId(task),
      description: readJson(`tasks/${task}/task.json`).description,
      type: 'ms.vss-distributed-task.task',
      targets: ['ms.vss-distributed-task.tasks'],
      properties: { name: `tasks/${task}` },
    })),
  };
}

/** The file name of a task's executable for a runtime: "PortGetEntity.exe" on win-*, "PortGetEntity" elsewhere. */
function executableName(task, rid) {
  return rid.startsWith('win') ? `${task}.exe` : task;
}

/**
 * The Brotli settings of the packs the launcher unpacks (bin/<rid>/<exe>.br). A window of 22 measured as small as 24
 * on the task binaries, and needs less memory to unpack.
 */
function brotliOptions(quality, length) {
  return { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: length,
  } };
}

/** A size as the README's figures give it: MB, 10^6 bytes. */
function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** The bytes of every file below dir. */
function folderSize(dir) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .reduce((sum, entry) => sum + (entry.isDirectory() ? folderSize(path.join(dir, entry.name)) : fs.statSync(path.join(dir, entry.name)).size), 0);
}

/** install.sh's default version: its one line `PORT_CI_VERSION=${PORT_CI_VERSION:-1.2.0}`; group 1 is the version. */
const installScriptVersion = /^PORT_CI_VERSION=\$\{PORT_CI_VERSION:-([^}]*)\}$/m;

/**
 * Files beside install.sh whose one line pins the port-ci release: the Bitbucket pipe's image installs that version
 * and pipe.yml names the image's tag. `line` is the line for a version; `pattern`'s group 1 is the version held.
 */
const versionedLines = [
  { file: 'integrations/bitbucket/Dockerfile', pattern: /^ARG PORT_CI_VERSION=(.*)$/m, line: (v) => `ARG PORT_CI_VERSION=${v}` },
  { file: 'integrations/bitbucket/pipe.yml', pattern: /^image: ghcr\.io\/port-for-azure-pipelines\/port-pipe:(.*)$/m,
    line: (v) => `image: ghcr.io/port-for-azure-pipelines/port-pipe:${v}` },
];

/**
 * The files that carry the project's version (every task.json, vss-extension.json, install.sh's default version of
 * port-ci, and the files of versionedLines), each with the version it holds.
 */
function versionedFiles() {
  const script = fs.readFileSync(path.join(root, 'install.sh'), 'utf8').match(installScriptVersion);
  return tasks.map((task) => {
    const file = `tasks/${task}/task.json`;
    const { Major, Minor, Patch } = readJson(file).version;
    return { file, version: `${Major}.${Minor}.${Patch}` };
  }).concat(
    { file: 'vss-extension.json', version: readJson('vss-extension.json').version },
    { file: 'install.sh', version: script ? script[1] : 'no PORT_CI_VERSION=${PORT_CI_VERSION:-X.Y.Z} line' },
    versionedLines.map(({ file, pattern, line }) => {
      const held = fs.readFileSync(path.join(root, file), 'utf8').match(pattern);
      return { file, version: held ? held[1] : `no line ${line('X.Y.Z')}` };
    }),
  );
}

module.exports = { root, tasks, hostRuntime, readJson, writeJson, contributionId, tasksManifest, executableName, brotliOptions, versionedFiles,
  installScriptVersion, versionedLines, megabytes, folderSize };
