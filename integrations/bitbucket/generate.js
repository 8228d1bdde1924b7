#!/usr/bin/env node
// Writes the Bitbucket pipe's pipe.yml (its variables, for users and Bitbucket) and pipe/flags.tsv (what pipe.sh maps
// to port-ci's flags) from the one declaration of port-ci's flags in any CI: scripts/ci-flags.js, which reads
// tasks/<Task>/task.json. Nothing here is a second list of flags: each flag of a command is a variable of the pipe
// (upper snake case), with the default port-ci applies outside Azure Pipelines.
//   node integrations/bitbucket/generate.js           writes both files
//   node integrations/bitbucket/generate.js --check   exits 1, naming the file, when one is not what it would write
// `npm version` stamps pipe.yml's image tag (scripts/stamp-version.js); this script writes package.json's version too.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { root, readJson } = require('../../scripts/tasks');
const ciFlags = require('../../scripts/ci-flags');

const here = __dirname;
const image = 'ghcr.io/port-for-azure-pipelines/port-pipe';

const upperSnake = (flag) => flag.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();

/**
 * How an input takes several values, in its own help's words: "one identifier a line" (joined with line breaks) or
 * "separated by commas" (joined with commas). Such a variable may also be a YAML list (NAME_COUNT, NAME_0, ...).
 */
function listOf(flag) {
  const help = flag.help;
  if (flag.type === 'multiLine' && /\bone [\w ]*\ba line\b/i.test(help)) return 'lines';
  if (/separated by commas/i.test(help)) return 'commas';
  return '-';
}

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
  const commands = ciFlags.commands();
  // One variable per flag name; a flag several commands take is one variable.
  const variables = new Map();
  const rows = [];
  for (const { command, flags } of commands) {
    for (const flag of flags) {
      const name = upperSnake(flag.name);
      const list = listOf(flag);
      rows.push([command, `--${flag.name}`, name, list, flag.required ? 'required' : 'optional', flag.default]);
      const variable = variables.get(name) || { name, list, uses: [] };
      variable.uses.push({ command, required: flag.required, default: flag.default, text: `${flag.label}. ${ciFlags.plain(flag.help)}` });
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
  const defaults = new Set(uses.map((u) => u.default));
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
    parts.push(`Default: ${uses.map((u) => `${u.default || 'none'} (${u.command})`).join(', ')}.`);
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
