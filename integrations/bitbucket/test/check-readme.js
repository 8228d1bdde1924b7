#!/usr/bin/env node
// Checks the ```yaml blocks of the pipe's README (or the Markdown file given): each is a whole bitbucket-pipelines.yml,
// valid against Bitbucket Pipelines' schema (data/bitbucket-pipelines.schema.json, SchemaStore's); each pipe step names
// this pipe's image at package.json's version (or its major version), a COMMAND of flags.tsv, and only variables that
// command takes, with every variable it needs. Exits 1 naming each problem.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const YAML = require('yaml');
const { root, readJson } = require('../../../scripts/tasks');

const here = __dirname;
const readme = path.resolve(process.argv[2] || path.join(here, '..', 'README.md'));
const schema = JSON.parse(fs.readFileSync(path.join(here, 'data', 'bitbucket-pipelines.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const version = readJson('package.json').version;
const image = YAML.parse(fs.readFileSync(path.join(here, '..', 'pipe.yml'), 'utf8')).image.replace(/:[^:]+$/, '');
const pipeVariables = YAML.parse(fs.readFileSync(path.join(here, '..', 'pipe.yml'), 'utf8')).variables;

// command -> { variable -> required }
const commands = new Map();
for (const line of fs.readFileSync(path.join(here, '..', 'pipe', 'flags.tsv'), 'utf8').split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [command, , variable, , required] = line.split('\t');
  if (!commands.has(command)) commands.set(command, new Map());
  commands.get(command).set(variable, required === 'required');
}
const ownVariables = ['COMMAND', 'PORT_CLIENT_ID', 'PORT_CLIENT_SECRET', 'ENV_FILE'];

const problems = [];
const blocks = [...fs.readFileSync(readme, 'utf8').matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
if (blocks.length === 0) problems.push('no ```yaml block');

/** Every pipe step of a parsed pipelines file, wherever it is (script, after-script, parallel, definitions). */
function pipesIn(node, found = []) {
  if (Array.isArray(node)) node.forEach((item) => pipesIn(item, found));
  else if (node && typeof node === 'object') {
    if (typeof node.pipe === 'string') found.push(node);
    else Object.values(node).forEach((value) => pipesIn(value, found));
  }
  return found;
}

blocks.forEach((text, index) => {
  const where = `${path.relative(root, readme)}, yaml block ${index + 1}`;
  let document;
  try {
    document = YAML.parse(text);
  } catch (error) {
    problems.push(`${where}: not YAML: ${error.message}`);
    return;
  }
  if (!validate(document)) {
    for (const error of validate.errors) problems.push(`${where}: ${error.instancePath || '/'} ${error.message}`);
  }
  for (const step of pipesIn(document)) {
    const reference = step.pipe.match(/^docker:\/\/(.+):([^:]+)$/);
    if (!reference || reference[1] !== image || ![version, version.split('.')[0]].includes(reference[2])) {
      problems.push(`${where}: pipe ${step.pipe} is not docker://${image}:${version} (or :${version.split('.')[0]})`);
    }
    const variables = step.variables || {};
    const command = commands.get(variables.COMMAND);
    if (!command) {
      problems.push(`${where}: COMMAND ${variables.COMMAND} is none of ${[...commands.keys()].join(', ')}`);
      continue;
    }
    for (const name of Object.keys(variables)) {
      if (!ownVariables.includes(name) && !command.has(name)) problems.push(`${where}: ${name} is no variable of ${variables.COMMAND}`);
      if (!pipeVariables.some((v) => v.name === name)) problems.push(`${where}: ${name} is not in pipe.yml`);
    }
    const needed = [...command].filter(([, required]) => required).map(([name]) => name).concat('PORT_CLIENT_ID', 'PORT_CLIENT_SECRET');
    for (const name of needed.filter((n) => !(n in variables))) problems.push(`${where}: ${variables.COMMAND} needs ${name}`);
  }
});

for (const problem of problems) console.error(problem);
if (!problems.length) console.log(`${blocks.length} yaml block(s) of ${path.relative(root, readme)}: valid bitbucket-pipelines.yml, and every pipe step fits pipe.yml.`);
process.exit(problems.length ? 1 : 0);
