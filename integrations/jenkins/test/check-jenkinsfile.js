#!/usr/bin/env node
// Jenkins cannot run here, so this checks what can be checked of the Jenkinsfile (or the file given): every
// `port-ci <command> --flag ...` command line in it names a real command and only its real flags, as the port-ci on
// PATH lists them (`port-ci <command> --help`). Exits 1 naming each unknown command or flag.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const file = path.resolve(process.argv[2] || path.join(__dirname, '..', 'Jenkinsfile'));
// Shell line continuations joined, so that a command line is one line.
const text = fs.readFileSync(file, 'utf8').replace(/\\\n/g, ' ');

const flagsOf = new Map();
function flags(command) {
  if (!flagsOf.has(command)) {
    let help = null;
    try {
      help = execFileSync('port-ci', [command, '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      if (error.code === 'ENOENT') throw new Error('port-ci is not on PATH');
    }
    flagsOf.set(command, help && new Set([...help.matchAll(/^ {2}(--[a-z][a-z-]*)/gm)].map((m) => m[1])));
  }
  return flagsOf.get(command);
}

const problems = [];
let lines = 0;
text.split('\n').forEach((line, index) => {
  if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // a comment
  // port-ci as a command (not a folder such as .port-ci), then its command and the rest of the line.
  for (const match of line.matchAll(/(?<![\w./+-])port-ci +([a-z][a-z-]*)([^\n]*)/g)) {
    lines++;
    const [, command, rest] = match;
    const known = flags(command);
    if (!known) {
      problems.push(`${path.basename(file)}:${index + 1}: port-ci has no command ${command}`);
      continue;
    }
    // Flags outside quoted values: drop '...' and "..." spans (a JSON value may hold --).
    const bare = rest.replace(/'[^']*'|\\?"(?:[^"\\]|\\.)*?\\?"/g, ' ');
    for (const [flag] of bare.matchAll(/(?<=^|\s)--[a-z][a-z-]*/g)) {
      if (!known.has(flag)) problems.push(`${path.basename(file)}:${index + 1}: port-ci ${command} has no flag ${flag}`);
    }
  }
});
if (lines === 0) problems.push(`${path.basename(file)}: no port-ci command line`);

for (const problem of problems) console.error(problem);
if (!problems.length) console.log(`${lines} port-ci command lines of ${path.basename(file)}: real commands, real flags.`);
process.exit(problems.length ? 1 : 0);
