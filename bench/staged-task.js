// Runs a staged task binary (unpacked, from .artifacts/bin/<Task>/<rid>/) with the environment the agent would give it, against a Port
// URL with the emulator's demo credentials, timing it and, where GNU time exists, measuring its peak memory.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, hostRuntime } = require('../scripts/tasks');

const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

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
  const [command, args] = gnuTime ? [gnuTime, ['-f', 'peak-rss-kb %M cpu-s %U %S', binary(task)]] : [binary(task), []];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${task} failed:\n${result.stdout.slice(-2000)}\n${result.stderr}`);
  const rss = /peak-rss-kb (\d+)/.exec(result.stderr || '');
  const cpu = /cpu-s ([\d.]+) ([\d.]+)/.exec(result.stderr || '');
  // GNU time reports KiB; the figures are in MB (10^6 bytes), as every size in the README.
  return { seconds, stdout: result.stdout, peakMb: rss ? (Number(rss[1]) * 1024) / 1e6 : NaN, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN };
}

/** The value of an output variable the task set. */
function output(stdout, name) {
  const match = new RegExp(`variable=${name};[^\\]]*\\](.*)`).exec(stdout);
  return match ? match[1] : undefined;
}

module.exports = { runStagedTask, output };
