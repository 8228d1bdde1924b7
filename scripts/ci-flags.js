// How a task input becomes a flag of port-ci outside Azure Pipelines: the one declaration the CI integrations are
// generated from (the CircleCI orb, integrations/circleci/pack.js; the GitLab components, scripts/gitlab-components.js;
// the Bitbucket pipe, integrations/bitbucket/generate.js). It reads tasks/<Task>/task.json and gives each command's
// flags: kebab name, task.json's type, options, whether it must be given, the default port-ci applies outside Azure,
// and help (Markdown) in words that hold in any CI. Each integration adds only its own spelling (upsert_entity,
// ENTITIES_FILE) and port-ci's own flags (--since-commit, --name, --debug).
//   node scripts/ci-flags.js   prints every command's flags as JSON (the end-to-end tests compare them with port-ci --help)
'use strict';

const { tasks, readJson } = require('./tasks');

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

/** Defaults port-ci applies outside Azure Pipelines instead of task.json's (src/PortCi/Program.cs), and why. */
const ciDefaults = {
  deploymentType: { default: '', help: 'Default: the name of the CI port-ci runs in (e.g. `GitLab CI/CD`, `CircleCI`, `Bitbucket Pipelines`).' },
};

/**
 * task.json's help in words that hold outside Azure Pipelines: each phrase on the left, wherever it occurs, becomes the
 * one on the right (longer phrases first where one holds another). A test fails when an Azure-only phrase is left.
 */
const neutralWords = [
  ['$(Build.BuildNumber)', '1.4.2'],
  [', e.g. `$(Build.BuildId)`', ", e.g. the CI's id of the run"],
  ['`$(Agent.TempDirectory)/services.ndjson`', '`out/services.ndjson`'],
  ['`${{ parameters.port_trigger.port_context.runId }}` from the payload Port sent through an Incoming WebHook', '`port_context.runId` of the payload Port sent to start the pipeline'],
  ['`${{ parameters.port_trigger.port_context.runId }}`', '`port_context.runId` of the payload Port sent to start the pipeline'],
  [", which Port's webhook backend passes as a queue-time variable", ''],
  ["the service connection's URL, else ", ''],
  [' (Agent.JobStatus): Succeeded → SUCCESS, Failed or Canceled → FAILURE', ', where the CI shows it to a step: succeeded → SUCCESS, failed or canceled → FAILURE'],
  ['Succeeded or SucceededWithIssues → `success`, Failed or Canceled → `failure`', 'succeeded → `success`, failed or canceled → `failure`'],
  ["among this run's changes to now (Azure DevOps' build changes, read with the job's token)", "of this run's changes to now, read with git in the checkout (see since-commit)"],
  ['Without changes or access to them the lead time', 'Without those commits (a shallow clone) the lead time'],
  ['Default: `Environment.Name` in a deployment job, else `Release.EnvironmentName` in a classic release; required elsewhere.', 'port-ci needs it.'],
  ["this pipeline run's results page", "this job's page in the CI"],
  ['<build number>', '<run number>'],
];

/** Phrases that name Azure Pipelines' variables or YAML: none may be left in a flag's help (checked by the tests). */
const azureOnly = [/\$\(/, /\$\{\{/, /\bAgent\./, /\bBuild\./, /\bRelease\./, /service connection/i, /Azure DevOps/, /queue-time/, /SucceededWithIssues/];

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** task.json's help is Markdown; the orb and the pipe show it plain: links become their text, code spans lose their backticks. */
const plain = (markdown) => (markdown || '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/`/g, '');

function neutral(help) {
  return neutralWords.reduce((text, [azure, any]) => text.split(azure).join(any), help || '').trim();
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
