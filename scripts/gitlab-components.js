#!/usr/bin/env node
// Writes the GitLab CI/CD components (integrations/gitlab/templates/<command>.yml) and their inputs tables in
// integrations/gitlab/README.md from the tasks' task.json, the one declaration port-ci's flags come from: each flag
// scripts/ci-flags.js declares is a component input in kebab case (entitiesFile → entities-file) with its default,
// description and options. `node scripts/gitlab-components.js --check` writes nothing and fails, naming the files,
// when they are stale (the end-to-end tests run it). Run it after changing a task.json or the version.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { root, readJson } = require('./tasks');
const ciFlags = require('./ci-flags');

const out = path.join(root, 'integrations', 'gitlab');

/** scripts/ci-flags.js's CI-neutral help, where GitLab has its own words: where a job's status shows. */
const gitlabWords = [
  [', where the CI shows it to a step:', " (GitLab's `CI_JOB_STATUS`, in after_script):"],
];

const variable = (flag) => 'PORT_INPUT_' + flag.replace(/-/g, '_').toUpperCase();

function describe(help) {
  return gitlabWords.reduce((text, [any, gitlab]) => text.split(any).join(gitlab), help || '').trim();
}

const version = readJson('package.json').version;
const repository = /^PORT_CI_REPOSITORY=(\S+)$/m.exec(fs.readFileSync(path.join(root, 'install.sh'), 'utf8'))[1];
const releaseScript = `${repository}/releases/download/v$PORT_CI_VERSION/install.sh`;

/** The commands, as port-ci names them: the task's name without "Port", in kebab case. */
function commands() {
  return ciFlags.commands().map(({ task, command: name, manifest, flags }) => {
    // A command whose status `auto` is the job's result reports from after_script, where GitLab gives CI_JOB_STATUS.
    const afterScript = flags.some((f) => f.name === 'status' && f.default === 'auto');
    return { task, name, manifest, flags, afterScript };
  });
}

/** One component input per flag scripts/ci-flags.js declares, then port-ci's own flags a job may want. */
function inputsOf(command) {
  const inputs = [];
  for (const flag of command.flags) {
    const spec = {};
    if (flag.type === 'boolean') {
      spec.type = 'boolean';
      spec.default = flag.default === 'true';
    } else {
      spec.type = 'string'; // GitLab's schema checks a default against the type it names
      if (!flag.required) spec.default = flag.default;
    }
    if (flag.options) spec.options = flag.options;
    spec.description = (flag.required ? 'Required. ' : '') + describe(flag.help);
    inputs.push({ name: flag.name, flag: '--' + flag.name, variable: variable(flag.name), boolean: flag.type === 'boolean', spec });
  }
  if (command.manifest.inputs.some((i) => i.name === 'leadTimeHours')) {
    inputs.push({ name: 'since-commit', flag: '--since-commit', variable: 'PORT_INPUT_SINCE_COMMIT', spec: { type: 'string', default: '', description: 'With `lead-time-hours` auto: the lead time runs from the oldest commit after this SHA up to HEAD. Default: `CI_COMMIT_BEFORE_SHA`, the branch\'s previous tip. Needs the history: set `GIT_DEPTH: 0` on the job.' } });
  }
  inputs.push({ name: 'name', flag: '--name', variable: 'PORT_INPUT_NAME', spec: { type: 'string', default: '', description: 'Export the outputs as `PORT_<NAME>_<OUTPUT>` instead of `PORT_<OUTPUT>`, so that two jobs a later job needs keep theirs apart.' } });
  inputs.push({ name: 'debug', flag: '--debug', boolean: true, spec: { type: 'boolean', default: false, description: 'Log every request to Port and its answer, secrets removed.' } });
  return inputs;
}

/** The component's own inputs: where and how the job runs. */
function jobInputs(command) {
  const inputs = {
    stage: { type: 'string', default: command.name === 'get-entity' ? 'build' : 'deploy', description: 'The stage of the job.' },
    'job-name': { type: 'string', default: `port-${command.name}`, description: 'The name of the job: define a job of that name in your pipeline to add `image`, `rules`, `needs` or `tags` to it.' },
    'port-ci-version': { type: 'string', default: version, description: 'The port-ci release the job installs.' },
    'install-script-url': { type: 'string', default: '', description: `Where the job downloads install.sh from. Default: the release's own, ${releaseScript.replace('$PORT_CI_VERSION', '<port-ci-version>')}. install.sh checks each archive's SHA-256; set the CI/CD variable \`PORT_CI_DOWNLOAD_URL\` to take the archives from a mirror.` },
  };
  if (command.afterScript) {
    inputs.script = {
      type: 'array',
      default: ['echo "No script given: this job only reports to Port."'],
      description: `The job's commands. After them, in after_script, port-ci ${command.name} reports the job's result (status \`auto\`: GitLab's \`CI_JOB_STATUS\`).`,
    };
  }
  return inputs;
}

/**
 * What a failed step of the job adds. In after_script GitLab ignores a failure (the job keeps its status, and the log
 * shows only a warning), so a report that did not reach Port says so on a line of its own, in red as GitLab's errors.
 */
function onFailure(command) {
  if (!command.afterScript) return { orFail: '', fail: 'exit 1' };
  const say = `printf '\\033[31;1mERROR: %s\\033[0m\\n' "port-ci ${command.name} did not report to Port (see above). GitLab ignores a failing after_script, so this job's status does not show it." >&2`;
  return { orFail: ` || { status=$?; ${say}; exit "$status"; }`, fail: `${say}\n  exit 1` };
}

function install(command) {
  const { orFail, fail } = onFailure(command);
  return [
    '# port-ci, by its install.sh (the archive\'s SHA-256 checked), into this job\'s folder',
    'PORT_CI_HOME="$CI_PROJECT_DIR/.port-ci"',
    'mkdir -p "$PORT_CI_HOME"',
    `install_url="\${PORT_CI_INSTALL_SCRIPT_URL:-${releaseScript}}"`,
    'if command -v curl >/dev/null 2>&1; then',
    `  curl -fsSL --retry 3 -o "$PORT_CI_HOME/install.sh" "$install_url"${orFail}`,
    'elif command -v wget >/dev/null 2>&1; then',
    `  wget -q -O "$PORT_CI_HOME/install.sh" "$install_url"${orFail}`,
    'else',
    '  echo "port-ci cannot be installed: this job\'s image has neither curl nor wget. Use an image with curl (or wget) and ca-certificates, e.g. buildpack-deps:bookworm-curl, or install them first (Debian, Ubuntu: apt-get update && apt-get install -y curl ca-certificates)." >&2',
    `  ${fail}`,
    'fi',
    'export PATH="$PORT_CI_HOME/bin:$PATH"',
    `sh "$PORT_CI_HOME/install.sh" --dir "$PORT_CI_HOME/bin"${orFail}`,
  ].join('\n');
}

/** port-ci with a flag per input that is set: --flag="value", so that a value starting with -- is still the flag's. */
function run(command, inputs) {
  const lines = [`set -- ${command.name}`];
  for (const input of inputs) {
    lines.push(input.boolean
      ? `set -- "$@" ${input.flag}=$[[ inputs.${input.name} ]]`
      : `[ -z "$${input.variable}" ] || set -- "$@" ${input.flag}="$${input.variable}"`);
  }
  lines.push(`port-ci "$@" --dotenv port.env${onFailure(command).orFail}`);
  return lines.join('\n');
}

function template(command) {
  const inputs = inputsOf(command);
  const spec = { spec: { inputs: { ...jobInputs(command), ...Object.fromEntries(inputs.map((i) => [i.name, i.spec])) } } };
  const variables = { PORT_CI_VERSION: '$[[ inputs.port-ci-version ]]', PORT_CI_INSTALL_SCRIPT_URL: '$[[ inputs.install-script-url ]]' };
  for (const input of inputs.filter((i) => !i.boolean)) variables[input.variable] = `$[[ inputs.${input.name} ]]`;
  const job = { stage: '$[[ inputs.stage ]]', variables };
  const steps = [install(command), run(command, inputs)];
  if (command.afterScript) {
    job.script = ['$[[ inputs.script ]]'];
    job.after_script = steps;
  } else {
    job.script = steps;
  }
  // port.env carries the outputs to later jobs; a value GitLab cannot take whole goes to a port_*.txt file it names,
  // and outputs past the report's limits to a port_*outputs-*.json file (PORT_OUTPUTS_FILE).
  job.artifacts = { ...(command.afterScript ? { when: 'always' } : {}), paths: ['port_*.txt', 'port_*.json'], reports: { dotenv: 'port.env' } };
  const options = { lineWidth: 0 };
  const head = `# port-ci ${command.name} as a GitLab CI/CD component. Generated from tasks/${command.task}/task.json by\n` +
    '# scripts/gitlab-components.js: do not edit it by hand.\n';
  return head + YAML.stringify(spec, options) + '---\n' + YAML.stringify({ '$[[ inputs.job-name ]]': job }, options);
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function readmeSection(all) {
  let text = '## Components\n\n';
  for (const command of all) {
    const inputs = { ...jobInputs(command), ...Object.fromEntries(inputsOf(command).map((i) => [i.name, i.spec])) };
    text += `### ${command.name}\n\n${command.manifest.description}`;
    text += command.afterScript ? ` It reports from \`after_script\`, after the commands of its \`script\` input, so that status \`auto\` is the job's result.\n\n` : '\n\n';
    text += '| Input | Default | Description |\n|---|---|---|\n';
    for (const [name, spec] of Object.entries(inputs)) {
      const value = spec.default === undefined ? '*(required)*' : JSON.stringify(spec.default) === '""' ? '' : `\`${cell(Array.isArray(spec.default) ? JSON.stringify(spec.default) : spec.default)}\``;
      text += `| \`${name}\` | ${value} | ${cell(spec.description)}${spec.options ? ` One of: ${spec.options.map((o) => `\`${o}\``).join(', ')}.` : ''} |\n`;
    }
    text += `\nOutputs, in the dotenv report for later jobs: ${command.manifest.outputVariables.map((o) => `\`${o.name}\``).join(', ')}, as \`PORT_${command.name === 'create-run' ? 'CREATED_' : ''}<OUTPUT>\` in upper snake case.\n\n`;
  }
  return text.trimEnd() + '\n';
}

function main() {
  const check = process.argv.includes('--check');
  const all = commands();
  const files = new Map(all.map((c) => [path.join(out, 'templates', `${c.name}.yml`), template(c)]));
  const readmePath = path.join(out, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = '<!-- components: generated by scripts/gitlab-components.js -->\n';
  const end = '<!-- end of components -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) {
    console.error(`${path.relative(root, readmePath)} has no lines '${start.trim()}' ... '${end}' to write the components between.`);
    process.exit(1);
  }
  files.set(readmePath, readme.slice(0, from + start.length) + readmeSection(all) + readme.slice(to));
  const stale = [...files].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text).map(([file]) => file);
  if (check) {
    if (stale.length > 0) {
      console.error(`Stale (task.json or the version changed): ${stale.map((f) => path.relative(root, f)).join(', ')}. Run: node scripts/gitlab-components.js`);
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(path.join(out, 'templates'), { recursive: true });
  for (const file of stale) {
    fs.writeFileSync(file, files.get(file));
    console.log(`wrote ${path.relative(root, file)}`);
  }
}

main();
