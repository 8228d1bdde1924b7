// Runs a staged task binary (unpacked, from .artifacts/bin/<Task>/<rid>/) with the environment the agent would give it, against a Port
// URL with the emulator's demo credentials, timing it and, where GNU time exists, measuring its peak memory.
'use strict';

const fs = require('fs');
const path = require('path');
const { root, hostRuntime } = require('../scripts/tasks');
const { measuredRun } = require('./timing');

function binary(task) {
  const file = path.join(root, '.artifacts', 'bin', task, hostRuntime(), task);
  if (!fs.existsSync(file)) throw new Error(`No staged ${file}: run npm run stage first.`);
  fs.chmodSync(file, 0o755);
  return file;
}

/** @returns {{seconds: number, stdout: string, peakMb: number, cpuSeconds: number}} peakMb and cpuSeconds (user + system) are NaN without GNU time. */
function runStagedTask(task, url, inputs, tempDirectory) {
  const env = { PATH: process.env.PATH, INPUT_BASEURL: url, PORT_CLIENT_ID: 'demo-client-id', SECRET_PORT_CLIENT_SECRET: 'demo-client-secret', AGENT_TEMPDIRECTORY: tempDirectory };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const run = measuredRun(binary(task), [], env);
  if (run.status !== 0) throw new Error(`${task} failed:\n${run.stdout.slice(-2000)}\n${run.stderr}`);
  return run;
}

/** The value of an output variable the task set. */
function output(stdout, name) {
  const match = new RegExp(`variable=${name};[^\\]]*\\](.*)`).exec(stdout);
  return match ? match[1] : undefined;
}

module.exports = { runStagedTask, output };
