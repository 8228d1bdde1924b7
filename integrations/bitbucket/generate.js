#!/usr/bin/env node
// Writes the Bitbucket pipe's pipe.yml (its variables, for users and Bitbucket) and pipe/flags.tsv (what pipe.sh maps
// to port-ci's flags) from the one declaration of port-ci's flags: the inputs of tasks/<Task>/task.json. Nothing here
// is a second list of flags: a task input becomes a flag of its command (kebab case) and a variable of the pipe (upper
// snake case), with the task's default.
//   node integrations/bitbucket/generate.js           writes both files
//   node integrations/bitbucket/generate.js --check   exits 1, naming the file, when one is not what it would write
// `npm version` stamps pipe.yml's image tag (scripts/stamp-version.js); this script writes package.json's version too.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { root, tasks, readJson } = require('../../scripts/tasks');

const here = __dirname;
const image = 'ghcr.io/port-for-azure-pipelines/port-pipe';

/** Task inputs that are no flag of port-ci (src/PortCi/CommandLine.cs NotFlags): the secret, and Azure's connection. */
const notFlags = new Set(['portConnection', 'clientSecret']);

/** The command of a task, as port-ci names it: PortUpsertEntity → upsert-entity. */
const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const commandOf = (task) => kebab(task.slice('Port'.length));
const upperSnake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]/g, '_').toUpperCase();

/**
 * How an input takes several values, in its own help's words: "one identifier a line" (joined with line breaks) or
 * "separated by commas" (joined with commas). Such a variable may also be a YAML list (NAME_COUNT, NAME_0, ...).
 */
function listOf(input) {
  const help = input.helpMarkDown || '';
  if (input.type === 'multiLine' && /\bone [\w ]*\ba line\b/i.test(help)) return 'lines';
  if (/separated by commas/i.test(help)) return 'commas';
  return '-';
}

/** Markdown to plain text for a description: links keep their text, code spans lose their backticks. */
const plain = (markdown) => (markdown || '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/`/g, '');

/** port-ci's own flags a pipe user needs (src/PortCi/CommandLine.cs OwnFlags), as pipe variables. */
const ownVariables = [
  { name: 'SINCE_COMMIT', flag: '--since-commit', commands: ['report-deployment'],
    description: 'report-deployment: the lead time runs from the oldest commit after this SHA up to HEAD (git in the clone). Default: HEAD\'s own commit.' },
  { name: 'NAME', flag: '--name', commands: 'all',
    description: 'Export the outputs as PORT_<NAME>_<OUTPUT> instead of PORT_<OUTPUT>, so that two steps keep theirs in the env file.' },
  { name: 'DEBUG', flag: '--debug', commands: 'all', default: 'false',
    description: 'Log every request to Port and its answer, secrets removed.' },
];

function model() {
  const version = readJson('package.json').version;
  const commands = tasks.map((task) => ({ task, command: commandOf(task), json: readJson(`tasks/${task}/task.json`) }));
  // One variable per flag name; a flag several commands take is one variable.
  const variables = new Map();
  const rows = [];
  for (const { command, json } of commands) {
    for (const input of json.inputs.filter((i) => !notFlags.has(i.name))) {
      const name = upperSnake(input.name);
      const list = listOf(input);
      const required = !!input.required && !input.defaultValue;
      rows.push([command, `--${kebab(input.name)}`, name, list, required ? 'required' : 'optional', input.defaultValue ?? '']);
      const variable = variables.get(name) || { name, list, uses: [] };
      variable.uses.push({ command, required, default: input.defaultValue, text: `${input.label}. ${plain(input.helpMarkDown)}` });
      variables.set(name, variable);
    }
  }
  for (const own of ownVariables) {
    for (const command of own.commands === 'all' ? commands.map((c) => c.command) : own.commands) {
      rows.push([command, own.flag, own.name, '-', 'optional', own.default ?? '']);
    }
  }
  return { version, commands, variables: [...variables.values()], rows };
}

function describe(variable) {
  const uses = variable.uses;
  const defaults = new Set(uses.map((u) => u.default ?? ''));
  const sameDefault = defaults.size === 1 ? [...defaults][0] : undefined;
  // Where commands say different things of one flag (create-run's --entity is an identifier, upsert-entity's a JSON
  // entity), each command's words.
  const texts = [...new Set(uses.map((u) => u.text))];
  const parts = texts.length === 1
    ? [texts[0], `Commands: ${uses.map((u) => u.command).join(', ')}.`]
    : texts.map((text) => `${uses.filter((u) => u.text === text).map((u) => u.command).join(', ')}: ${text}`);
  const requiredBy = uses.filter((u) => u.required).map((u) => u.command);
  if (requiredBy.length) parts.push(`Required by ${requiredBy.join(', ')}.`);
  if (sameDefault === undefined) {
    parts.push(`Default: ${uses.map((u) => `${u.default ?? 'none'} (${u.command})`).join(', ')}.`);
  }
  if (variable.list !== '-') {
    parts.push(`Several values: a YAML list (${variable.name}: ['a', 'b']), or one value ${variable.list === 'lines' ? 'with one a line' : 'separated by commas'}.`);
  }
  const entry = { name: variable.name, description: parts.join(' '), required: false };
  if (sameDefault) entry.default = sameDefault;
  return entry;
}

function pipeYml({ version, commands, variables }) {
  const names = commands.map((c) => c.command);
  const document = {
    name: 'Port',
    image: `${image}:${version}`,
    description: 'Write to and read from Port (getport.io), the developer portal, with port-ci: upsert, get and delete entities, report Port action runs and DORA deployments, start actions.',
    category: 'Utilities',
    repository: 'https://github.com/port-for-azure-pipelines/port-azure-pipelines',
    maintainer: { name: 'Port for Azure Pipelines', website: 'https://github.com/port-for-azure-pipelines/port-azure-pipelines' },
    vendor: { name: 'Port', website: 'https://www.getport.io/' },
    tags: ['port', 'getport', 'developer-portal', 'software-catalog', 'dora-metrics', 'deployment'],
    variables: [
      { name: 'COMMAND', description: `The port-ci command to run: ${names.join(', ')}. Each other variable is the flag of that name (ENTITIES_FILE is --entities-file).`, required: true },
      { name: 'PORT_CLIENT_ID', description: 'Port client ID (Port > your avatar > Credentials), from a repository or workspace variable.', required: true, default: '$PORT_CLIENT_ID' },
      { name: 'PORT_CLIENT_SECRET', description: 'Port client secret, from a secured repository or workspace variable. Never shown in the log.', required: true, default: '$PORT_CLIENT_SECRET' },
      ...variables.map(describe),
      ...ownVariables.map((v) => ({ name: v.name, description: (v.commands === 'all' ? '' : `${v.commands.join(', ')}: `) + v.description.replace(/^[\w-]+: /, ''), required: false, ...(v.default ? { default: v.default } : {}) })),
      { name: 'ENV_FILE', description: 'Where the outputs go as NAME=\'value\' lines that a later command sources (set -a; . FILE; set +a). Default: port.env in $BITBUCKET_PIPE_SHARED_STORAGE_DIR, else in the clone.', required: false },
    ],
  };
  const header = '# Generated by integrations/bitbucket/generate.js from tasks/*/task.json: edit those, then run it.\n';
  return header + YAML.stringify(document, { lineWidth: 0 });
}

function flagsTsv({ rows }) {
  const header = '# Generated by integrations/bitbucket/generate.js from tasks/*/task.json: edit those, then run it.\n'
    + '# command\tflag\tvariable\tlist (lines, commas or -)\trequired\tdefault\n';
  return header + rows.map((r) => r.join('\t')).join('\n') + '\n';
}

function main() {
  const m = model();
  const files = { 'pipe.yml': pipeYml(m), 'pipe/flags.tsv': flagsTsv(m) };
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(here, file);
    const held = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
    if (held === text) continue;
    if (check) {
      stale++;
      console.error(`${path.relative(root, target)} is not what tasks/*/task.json declare: run node integrations/bitbucket/generate.js and commit it.`);
    } else {
      fs.writeFileSync(target, text);
      console.log(`wrote ${path.relative(root, target)}`);
    }
  }
  if (check && !stale) console.log('pipe.yml and pipe/flags.tsv are up to date with tasks/*/task.json.');
  process.exit(stale ? 1 : 0);
}

main();
