// How a task input becomes a flag of port-ci outside Azure Pipelines: the one declaration the CI integrations are
// generated from (the CircleCI orb, integrations/circleci/pack.js; the GitLab components, scripts/gitlab-components.js;
// the Bitbucket pipe, integrations/bitbucket/generate.js). It reads tasks/<Task>/task.json and gives each command's
// flags: kebab name, task.json's type, options, whether it must be given, the default port-ci applies outside Azure,
// and help (Markdown) in words that hold in any CI. Each integration adds only its own spelling (upsert_entity,
// ENTITIES_FILE) and port-ci's own flags (--since-commit, --name, --debug).
//   node scripts/ci-flags.js   prints every command's flags as JSON (the end-to-end tests compare them with port-ci --help)
'use strict';

const fs = require('fs');
const path = require('path');
const { root, tasks, readJson } = require('./tasks');

/**
 * Task inputs that are no flag an integration offers, and why. port-ci itself takes --client-id, --failure-details and
 * --succeeded-with-issues-as; the integrations pass the credentials from the CI's secrets, by environment.
 */
const notFlags = {
  portConnection: 'an Azure DevOps service connection',
  clientId: "the credentials come from the CI's secrets, as PORT_CLIENT_ID and PORT_CLIENT_SECRET in port-ci's environment",
  clientSecret: "the credentials come from the CI's secrets, as PORT_CLIENT_ID and PORT_CLIENT_SECRET in port-ci's environment",
  failureDetails: "it reads the failed steps from an Azure Pipelines timeline only (port-ci sets it to false elsewhere)",
  succeededWithIssuesAs: "it acts on Azure Pipelines' 'succeeded with issues' result, which no other CI has",
};

/**
 * How task.json's help reads outside Azure Pipelines (phrases), the defaults port-ci applies there instead of
 * task.json's (src/PortCi/Program.cs), and the patterns no CI-facing help may hold: shared with port-ci's --help.
 */
const wording = JSON.parse(fs.readFileSync(path.join(root, 'src', 'PortCi', 'ci-wording.json'), 'utf8'));
const ciDefaults = wording.defaults;

/** Phrases that name Azure Pipelines' variables or YAML: none may be left in a flag's help (checked by the tests). */
const azureOnly = wording.azurePatterns.map((pattern) => new RegExp(pattern, 'i'));

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** task.json's help is Markdown; the orb and the pipe show it plain: links become their text, code spans lose their backticks. */
const plain = (markdown) => (markdown || '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/`/g, '');

function neutral(help) {
  return wording.phrases.reduce((text, [azure, any]) => text.split(azure).join(any), help || '').trim();
}

/**
 * The flags of one task's port-ci command, in task.json's order: { input, name (kebab), type (task.json's), options
 * (or undefined), required (must be given: required with no default), default ('' for none; 'true' or 'false' for a
 * boolean), label, help (Markdown) }.
 */
function flagsOf(manifest) {
  return manifest.inputs.filter((input) => !notFlags[input.name]).map((input) => {
    const ci = ciDefaults[input.name];
    const given = ci ? ci.default : input.defaultValue ?? '';
    const fallback = input.type === 'boolean' ? String(String(given).toLowerCase() === 'true') : String(given);
    const help = [neutral(input.helpMarkDown || input.label), ci?.help].filter(Boolean).join(' ');
    return {
      input: input.name,
      name: kebab(input.name),
      type: input.type,
      options: input.options ? Object.keys(input.options) : undefined,
      required: !!input.required && fallback === '',
      default: fallback,
      label: input.label,
      help,
    };
  });
}

/** Every task's command: { task, command (port-ci's name, e.g. upsert-entity), manifest, flags }, in tasks' order. */
function commands() {
  return tasks.map((task) => {
    const manifest = readJson(`tasks/${task}/task.json`);
    return { task, command: kebab(task.replace(/^Port/, '')), manifest, flags: flagsOf(manifest) };
  });
}

/** One task's command, by task name (PortUpsertEntity). */
function command(task) {
  const found = commands().find((c) => c.task === task);
  if (!found) throw new Error(`no task ${task} (tasks/${task}/task.json)`);
  return found;
}

module.exports = { commands, command, notFlags, plain, kebab, azureOnly };

if (require.main === module) {
  const all = commands().map(({ task, command: name, flags }) => ({ task, command: name, flags }));
  process.stdout.write(JSON.stringify(all, null, 2) + '\n');
}
