// Runs a staged task through its launcher (tasks/<Task>/launcher.js, which sends the binary's requests) with the
// environment the agent would give it, against a Port URL with the emulator's demo credentials, timing it and, where
// GNU time exists, measuring its peak memory (the larger of the launcher's and the binary's).
'use strict';

const fs = require('fs');
const path = require('path');
const { root, hostRuntime } = require('../scripts/tasks');
const { measuredRun } = require('./timing');

function launcher(task) {
  const packed = path.join(root, 'tasks', task, 'bin', hostRuntime(), `${task}.br`);
  if (!fs.existsSync(packed)) throw new Error(`No staged ${packed}: run npm run stage first.`);
  return path.join(root, 'tasks', task, 'launcher.js');
}

/** @returns {{seconds: number, stdout: string, peakMb: number, cpuSeconds: number}} peakMb and cpuSeconds (user + system) are NaN without GNU time. */
function runStagedTask(task, url, inputs, tempDirectory) {
  const env = { PATH: process.env.PATH, INPUT_BASEURL: url, PORT_CLIENT_ID: 'demo-client-id', SECRET_PORT_CLIENT_SECRET: 'demo-client-secret', AGENT_TEMPDIRECTORY: tempDirectory };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const run = measuredRun(process.execPath, [launcher(task)], env);
  if (run.status !== 0) throw new Error(`${task} failed:\n${run.stdout.slice(-2000)}\n${run.stderr}`);
  return run;
}

/** The value of an output variable the task set. */
function output(stdout, name) {
  const match = new RegExp(`variable=${name};[^\\]]*\\](.*)`).exec(stdout);
  return match ? match[1] : undefined;
}

module.exports = { runStagedTask, output };
