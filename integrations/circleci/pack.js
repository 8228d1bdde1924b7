#!/usr/bin/env node
// `npm run orb`: packs the CircleCI orb in src/ into out/circleci/orb.yml, as `circleci orb pack src` would, plus the
// six port-ci commands, generated here from tasks/<Task>/task.json (the one declaration of their inputs):
//   - src/@orb.yml is the orb's top; src/commands, src/executors, src/examples (and src/jobs, if one is added) each
//     become a map keyed by file name without extension;
//   - a value that is exactly <<include(scripts/x.sh)>>, under commands, jobs or executors, becomes the text of
//     src/scripts/x.sh, its << escaped as \<<; scripts/install.sh is the repository's install.sh, by the table
//     sharedScripts below (one installer, not two; there is no src/scripts/install.sh);
//   - each task becomes a command (PortUpsertEntity -> upsert_entity) with a parameter per flag that scripts/ci-flags.js
//     declares for its port-ci command (entitiesFile -> --entities-file -> entities_file), with the default port-ci
//     applies outside Azure Pipelines and help in any CI's words; the credentials are client_id and client_secret.
// `node pack.js --out FILE` writes elsewhere.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const ciFlags = require('../../scripts/ci-flags');

const here = __dirname;
const src = path.join(here, 'src');
const root = path.resolve(here, '..', '..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'out', 'circleci', 'orb.yml');

// The tasks, in the order port-ci lists its commands.
const tasks = ['PortUpsertEntity', 'PortGetEntity', 'PortDeleteEntity', 'PortReportRun', 'PortReportDeployment', 'PortCreateRun'];

// What --status auto means after the job's steps succeeded, and after one failed (CircleCI shows no step the job's
// result, so the orb notes a failure itself with a `when: on_fail` step).
const autoStatus = { PortReportRun: ['SUCCESS', 'FAILURE'], PortReportDeployment: ['success', 'failure'] };

// The step name port-ci exports a command's outputs under when --name is not given (CliCommand.DefaultStepName).
const defaultStepName = { PortCreateRun: 'created' };

const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function readYaml(file) {
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

/** A folder of YAML files as a map keyed by file name without extension (empty when the folder is absent). */
function folderMap(folder) {
  const dir = path.join(src, folder);
  if (!fs.existsSync(dir)) return {};
  const map = {};
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    map[file.replace(/\.ya?ml$/, '')] = readYaml(path.join(dir, file));
  }
  return map;
}

/**
 * Includes served from outside src/: the repository's install.sh is the orb's installer, one source for both (not a
 * symlink, which a Windows checkout turns into a text file).
 */
const sharedScripts = { 'scripts/install.sh': path.join(root, 'install.sh') };

/** Replaces every value that is exactly <<include(file)>> with the text of src/file. */
function resolveIncludes(value) {
  if (typeof value === 'string') {
    const include = /^<<\s*include\(([-\w/.]+)\)\s*>>$/.exec(value.trim());
    if (!include) return value;
    const file = sharedScripts[include[1]] || path.join(src, include[1]);
    if (!fs.existsSync(file)) throw new Error(`<<include(${include[1]})>>: ${file} does not exist`);
    // As circleci orb pack does: a script's own << (a heredoc, a here-string) is escaped as \<<, which CircleCI reads
    // as a literal <<, not as the start of a << parameters.x >> it would substitute.
    return fs.readFileSync(file, 'utf8').replace(/<</g, '\\<<');
  }
  if (Array.isArray(value)) return value.map(resolveIncludes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIncludes(v)]));
  }
  return value;
}

/** The name port-ci exports an output as: PORT_, the step name if any, and the output in upper snake case. */
function exported(output, step) {
  return `PORT_${step ? `${step.toUpperCase()}_` : ''}${snake(output).replace(/-/g, '_').toUpperCase()}`;
}

/** One port-ci command as an orb command: a parameter per flag, the credentials by variable name, one run step. */
function portCiCommand(task) {
  const { command: cli, manifest, flags: taskFlags } = ciFlags.command(task);
  const parameters = {};
  const flags = []; // [parameter, default] for the script: a flag is passed only when its value is not the default

  for (const flag of taskFlags) {
    const name = flag.name.replace(/-/g, '_');
    const description = ciFlags.plain(flag.help);
    if (flag.type === 'boolean') {
      parameters[name] = { type: 'boolean', default: flag.default === 'true', description };
    } else if (flag.options) {
      parameters[name] = { type: 'enum', enum: flag.options, ...(flag.default ? { default: flag.default } : {}), description };
    } else {
      // A required flag is a required parameter: CircleCI refuses a job that leaves it out.
      parameters[name] = { type: 'string', ...(flag.required ? {} : { default: flag.default }), description };
    }
    flags.push([name, flag.default]);
  }

  if (manifest.inputs.some((i) => i.name === 'leadTimeHours')) {
    parameters.since_commit = {
      type: 'string', default: '',
      description: 'With lead_time_hours auto, the lead time runs from the oldest commit after this SHA up to HEAD, read with git in the ' +
        "checkout (e.g. pipeline.git.base_revision). Default: HEAD's own commit. A shallow clone without the range: a warning, no lead time.",
    };
    flags.push(['since_commit', '']);
  }

  const outputs = (manifest.outputVariables || []).map((o) => o.name);
  const step = defaultStepName[task];
  parameters.name = {
    type: 'string', default: '',
    description: `Export the outputs as PORT_<NAME>_<OUTPUT> instead of ${exported('OUTPUT', step).replace('OUTPUT', '<OUTPUT>')}, ` +
      'so that two steps of a job keep theirs (letters, digits and underscores).',
  };
  parameters.debug = { type: 'boolean', default: false, description: 'Log every request to Port and its answer, secrets removed.' };
  flags.push(['name', ''], ['debug', 'false']);

  parameters.client_id = {
    type: 'env_var_name', default: 'PORT_CLIENT_ID',
    description: 'The name of the environment variable (e.g. from a context) holding the Port client ID.',
  };
  parameters.client_secret = {
    type: 'env_var_name', default: 'PORT_CLIENT_SECRET',
    description: 'The name of the environment variable (e.g. from a context) holding the Port client secret; it is never printed or passed as an argument.',
  };

  const environment = {
    PORT_CI_COMMAND: cli,
    PORT_CI_FLAGS: flags.map(([name, value]) => `${name}=${value}`).join('\n'),
    ...Object.fromEntries(Object.keys(parameters).map((p) => [`PARAM_${p.toUpperCase()}`, `<< parameters.${p} >>`])),
  };
  const steps = [];
  const run = { name: manifest.friendlyName, environment, command: '<<include(scripts/port-ci.sh)>>' };
  if (autoStatus[task]) {
    const [success, failure] = autoStatus[task];
    parameters.when = {
      type: 'enum', enum: ['on_success', 'on_fail', 'always'], default: 'on_success',
      description: `When this step runs: on_success (after every earlier step succeeded), on_fail (after one failed) or always. With status auto, ` +
        `the status sent is ${success} when the job's steps have succeeded so far and ${failure} when one failed.`,
    };
    environment.PORT_CI_AUTO_STATUS = `${success} ${failure}`;
    parameters.status.description += ` In CircleCI, auto is ${success} while the job's steps have succeeded and ${failure} after one failed (see when).`;
    delete environment.PARAM_WHEN;
    // CircleCI shows no step the job's result: a step that runs only after a failure notes it for status auto.
    steps.push({ run: { name: 'Port: note that the job has failed', when: 'on_fail', command: `echo 'export PORT_CI_JOB_FAILED=true' >> "$BASH_ENV"` } });
    // A run step's when takes no parameter (CircleCI's schema lists its three values): one step per value, kept or
    // dropped when the config is compiled.
    for (const when of parameters.when.enum) {
      steps.push({ when: { condition: { equal: [when, '<< parameters.when >>'] }, steps: [{ run: { ...run, when } }] } });
    }
  } else {
    steps.push({ run });
  }

  const exportedNames = outputs.map((o) => exported(o, step)).join(', ');
  const description = `${manifest.description} Runs port-ci ${cli} (install it first with the install command). ` +
    `Its outputs reach the job's later steps as ${exportedNames} (with name: STEP, PORT_STEP_<OUTPUT>); ` +
    `the command fails the job when port-ci does (exit 1 failure, 2 bad input, nothing sent).`;
  return [snake(task.replace(/^Port/, '')), { description, parameters, steps }];
}

function pack() {
  const orb = readYaml(path.join(src, '@orb.yml'));
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const commands = { ...folderMap('commands'), ...Object.fromEntries(tasks.map(portCiCommand)) };
  // The install command's default version is the release this orb is packed with, as install.sh's is.
  if (commands.install?.parameters?.version) commands.install.parameters.version.default = version;
  const packed = { ...orb };
  for (const [key, value] of [['commands', commands], ['jobs', folderMap('jobs')], ['executors', folderMap('executors')]]) {
    if (Object.keys(value).length > 0) packed[key] = resolveIncludes(value);
  }
  const examples = folderMap('examples');
  if (Object.keys(examples).length > 0) packed.examples = examples;
  return YAML.stringify(packed, { lineWidth: 0 });
}

if (require.main === module) {
  const text = pack();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(`Packed ${path.relative(root, out)} (${text.length.toLocaleString('en-US')} bytes)`);
}

module.exports = { pack };
