#!/usr/bin/env node
// Runs a sample Azure Pipelines YAML locally, as an agent would: builds and packages the tasks, unpacks the VSIX,
// starts the local Port emulator (or uses the real Port when PORT_CLIENT_ID and PORT_CLIENT_SECRET are set),
// and runs each step through the packaged launchers, printing what the agent would show.
//
//   node scripts/run-pipeline.js [<pipeline.yml>] [--debug] [--no-build] [--emulator <url>]
// Without a file it runs examples/azure-pipelines.yml (npm run demo). --emulator uses an emulator that is already
// running (a second terminal's, or a test's) instead of starting one.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const { root, tasks } = require('./tasks');
const { extract } = require('./zip');
const { Job } = require('./agent');
const { startEmulator } = require('./emulator');

const USAGE = 'usage: node scripts/run-pipeline.js [<pipeline.yml>] [--debug] [--no-build] [--emulator <url>]';

/** The command line: at most one pipeline file and the known options; anything else is refused, naming it. */
function parseArguments(argv) {
  const options = { files: [], debug: false, build: true, emulator: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--debug') options.debug = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--emulator') {
      options.emulator = argv[++i];
      if (!/^https?:\/\//.test(options.emulator || '')) throw new Error(`--emulator needs the emulator's URL, e.g. --emulator http://127.0.0.1:5123. ${USAGE}`);
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}. ${USAGE}`);
    else options.files.push(arg);
  }
  if (options.files.length > 1) {
    throw new Error(`one pipeline file at a time, got ${options.files.length}: ${options.files.join(', ')}. ${USAGE}`);
  }
  return { ...options, file: path.resolve(options.files[0] || 'examples/azure-pipelines.yml') };
}

function build(options) {
  if (options.build) {
    execFileSync(process.execPath, [path.join(__dirname, 'stage.js')], { stdio: 'inherit' });
    execFileSync(process.execPath, [path.join(__dirname, 'package.js')], { stdio: 'inherit' });
  }
  const out = path.join(root, 'out');
  const vsix = fs.readdirSync(out).filter((f) => f.endsWith('.vsix')).map((f) => path.join(out, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!vsix) throw new Error('No VSIX in out/: run without --no-build.');
  const agentTasks = path.join(out, 'agent', '_tasks');
  fs.rmSync(agentTasks, { recursive: true, force: true });
  extract(vsix, agentTasks);
  return agentTasks;
}

/**
 * ${{ parameters.a.b }}: the parameters' defaults, and for each Incoming WebHook resource the payload Port's Azure
 * DevOps backend would post (its port_context.runId). PORT_RUN_ID overrides the run id of every Port context: a
 * parameter named port_context, and the port_context of any other parameter or webhook.
 */
function templateParameters(pipeline) {
  const parameters = {};
  for (const p of pipeline.parameters || []) parameters[p.name] = p.default;
  for (const hook of (pipeline.resources && pipeline.resources.webhooks) || []) {
    parameters[hook.webhook] = { port_context: { runId: 'r_demo_deploy', blueprint: 'microservice', entity: 'checkout' } };
  }
  const runId = process.env.PORT_RUN_ID;
  for (const [name, value] of Object.entries(parameters)) {
    const context = name === 'port_context' ? value : value && value.port_context;
    if (runId && context && typeof context === 'object') context.runId = runId;
  }
  return parameters;
}

function applyTemplate(text, parameters) {
  return text.replace(/\$\{\{\s*parameters\.([\w.]+)\s*\}\}/g, (whole, name) => {
    const value = name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), parameters);
    return value === undefined ? whole : String(value);
  });
}

/** Pipeline variables, written as a map or as a list of {name, value}. */
function pipelineVariables(pipeline) {
  const variables = pipeline.variables || {};
  return Array.isArray(variables) ? Object.fromEntries(variables.filter((v) => v.name).map((v) => [v.name, String(v.value ?? '')])) : variables;
}

/** This repository's latest commits, as Azure DevOps lists a build's changes: real data for the lead time. */
function gitChanges() {
  try {
    return execFileSync('git', ['log', '-5', '--format=%H%x09%cI%x09%s'], { cwd: root, encoding: 'utf8' }).trim().split('\n').filter(Boolean)
      .map((line) => { const [id, timestamp, message] = line.split('\t'); return { id, message, timestamp, type: 'TfsGit' }; });
  } catch (_) {
    return [];
  }
}

/**
 * Plays Azure DevOps' side for the tasks, on the emulator's stand-in: the build's timeline (a stage, this job, and a
 * record for each step as it runs and ends, with its errors) and its changes, read with the job's token.
 */
class AzureDevOpsSide {
  constructor(emulatorUrl, buildId) {
    this.emulatorUrl = emulatorUrl;
    this.buildId = buildId;
    this.collectionUri = `${emulatorUrl}/_azdo/local/`;
    this.changes = gitChanges();
    this.records = [
      { id: 'stage-1', parentId: null, type: 'Stage', name: '__default', state: 'inProgress', result: null, order: 1 },
      { id: 'job-1', parentId: 'stage-1', type: 'Job', name: 'Job', state: 'inProgress', result: null, order: 1 },
    ];
  }

  async startStep(name) {
    const record = { id: `step-${this.records.length - 1}`, parentId: 'job-1', type: 'Task', name, state: 'inProgress', result: null, order: this.records.length - 1, issues: [] };
    this.records.push(record);
    await this.publish();
    return record.id;
  }

  async endStep(id, result, errors) {
    const record = this.records.find((r) => r.id === id);
    Object.assign(record, { state: 'completed', result: result.charAt(0).toLowerCase() + result.slice(1), issues: errors.map((message) => ({ type: 'error', category: 'General', message })) });
    await this.publish();
  }

  async publish() {
    const response = await fetch(`${this.emulatorUrl}/_emulator/azdo/builds/${this.buildId}`, {
      method: 'PUT', body: JSON.stringify({ records: this.records, changes: this.changes }),
    });
    if (!response.ok) throw new Error(`The Azure DevOps stand-in answered ${response.status}.`);
  }
}

/** After the job: the Port action run it reported, as Port now holds it. */
async function printPortRun(emulatorUrl, runId) {
  const state = await (await fetch(`${emulatorUrl}/_emulator/state`)).json();
  const run = (state.runs || []).find((r) => r.id === runId);
  if (!run) return;
  console.log(`\nPort action run ${run.id}: ${run.status}${run.statusLabel ? ` (${run.statusLabel})` : ''}`);
  if (run.summary) console.log(run.summary.split('\n').map((l) => `  | ${l}`).join('\n'));
  for (const log of (state.runLogs || {})[runId] || []) console.log(`  log: ${log.message}`);
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const pipelineFile = options.file;
  if (!fs.existsSync(pipelineFile)) throw new Error(`the pipeline file ${options.files[0]} does not exist. ${USAGE}`);
  const raw = fs.readFileSync(pipelineFile, 'utf8');
  const parameters = templateParameters(YAML.parse(raw));
  const pipeline = YAML.parse(applyTemplate(raw, parameters));
  const agentTasks = build(options);

  const real = !options.emulator && process.env.PORT_CLIENT_ID && process.env.PORT_CLIENT_SECRET;
  const emulatorUrl = options.emulator ? options.emulator.replace(/\/+$/, '') : real ? null : (await startEmulator()).url;
  const port = real
    ? { url: process.env.PORT_BASE_URL || 'https://api.getport.io', username: process.env.PORT_CLIENT_ID, password: process.env.PORT_CLIENT_SECRET }
    : { url: emulatorUrl, username: 'demo-client-id', password: 'demo-client-secret' };
  console.log(real ? `Using the real Port at ${port.url}` : `Using the local Port emulator at ${port.url}`);

  const buildId = '1042';
  const azureDevOps = real ? null : new AzureDevOpsSide(port.url, buildId);
  const job = new Job({
    debug: options.debug,
    variables: {
      'Build.BuildId': buildId, 'Build.BuildNumber': '20261123.1', 'Build.DefinitionName': path.basename(pipelineFile, '.yml'),
      'System.CollectionUri': azureDevOps ? azureDevOps.collectionUri : 'https://dev.azure.com/local/', 'System.TeamProject': 'Local',
      'System.TeamProjectId': 'local-project', 'System.JobId': 'job-1', 'Agent.TempDirectory': os.tmpdir(),
      'System.DefaultWorkingDirectory': root,
      ...(process.env.PORT_RUN_ID ? { PORT_RUN_ID: process.env.PORT_RUN_ID } : {}),
      ...pipelineVariables(pipeline),
    },
    endpoints: { port: { id: '9f4c3c43-6d2b-4d55-8ab6-1b0c2b4b0b01', ...port } },
    systemConnection: azureDevOps ? { url: azureDevOps.collectionUri, token: 'local-job-access-token' } : null,
  });

  const runIds = new Set();
  for (const step of pipeline.steps || []) {
    const name = step.displayName || step.task || step.script;
    const condition = String(step.condition || 'succeeded()').replace(/\s/g, '');
    const run = condition === 'always()' || (condition === 'failed()' ? job.status === 'Failed' : job.status !== 'Failed');
    if (!run) { console.log(`##[section]Skipping: ${name}`); continue; }
    console.log(`##[section]Starting: ${name}`);
    const recordId = azureDevOps ? await azureDevOps.startStep(name) : `step-${name}`;
    job.variables['System.TaskInstanceId'] = recordId;
    let result;
    if (step.task) {
      const taskName = step.task.split('@')[0];
      if (!tasks.includes(taskName)) throw new Error(`Unknown task ${step.task}`);
      const runId = job.expand((step.inputs || {}).runId || job.variables.PORT_RUN_ID || '');
      if (/^r_/.test(runId)) runIds.add(runId);
      result = await job.runTask(path.join(agentTasks, 'tasks', taskName), step);
    } else {
      const script = job.expand(step.script);
      console.log(`##[command]${job.mask(script)}`);
      result = await job.runProcess(process.platform === 'win32' ? 'cmd' : 'bash', process.platform === 'win32' ? ['/c', script] : ['-c', script], process.env, step.name);
    }
    if (azureDevOps) await azureDevOps.endStep(recordId, result, job.lastErrors);
    console.log(`##[section]Finishing: ${name} (${result})`);
  }

  console.log(`\nJob result: ${job.status}`);
  const outputs = Object.entries(job.variables).filter(([k]) => /^[\w]+\.[\w]+$/.test(k) && !/^(Build|System|Agent)\./.test(k));
  console.log('Output variables:');
  for (const [key, value] of outputs) console.log(`  $(${key}) = ${job.mask(value.length > 100 ? value.slice(0, 97) + '...' : value)}`);
  if (!real) for (const runId of runIds) await printPortRun(port.url, runId);
  process.exitCode = job.status === 'Failed' ? 1 : 0;
}

main().then(() => process.exit(process.exitCode)).catch((error) => {
  console.error(`run-pipeline: ${error.message}`);
  process.exit(1);
});
