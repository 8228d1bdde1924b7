#!/usr/bin/env node
// Runs a sample Azure Pipelines YAML locally, as an agent would: builds and packages the tasks, unpacks the VSIX,
// starts the local Port emulator (or uses the real Port when PORT_CLIENT_ID and PORT_CLIENT_SECRET are set),
// and runs each job's steps through the packaged launchers, printing what the agent would show.
//
//   node scripts/run-pipeline.js [<pipeline.yml>] [--debug] [--no-build] [--emulator <url>]
// Without a file it runs examples/azure-pipelines.yml (npm run demo). --emulator uses an emulator that is already
// running (a second terminal's, or a test's) instead of starting one. What the runner reads of a pipeline (steps or
// jobs, dependency outputs, conditions, parameters and webhooks) is in scripts/pipeline.js.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, tasks, hostRuntime } = require('./tasks');
const { extract } = require('./zip');
const { Job } = require('./agent');
const { buildEmulator, startEmulator } = require('./emulator');
const { readPipeline, resolveVariables, conditionHolds } = require('./pipeline');
const { AzureDevOpsSide } = require('./azure-devops-side');

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

/**
 * Stages the tasks the pipeline uses (the others stay unbuilt: the first run pays for three NativeAOT builds, not six),
 * packs them into a local VSIX (out/local/), and unpacks it as the agent's task folder. With --no-build, the newest
 * VSIX in out/ or out/local/, which must hold a binary of each task used for this machine.
 */
function build(options, used) {
  if (options.build) {
    // A local VSIX is unpacked once, then run: Brotli's smallest packing (quality 11) would only add time.
    const env = { ...process.env, PORT_BROTLI_QUALITY: process.env.PORT_BROTLI_QUALITY || '5' };
    const which = used.length ? ['--tasks', used.join(',')] : ['--no-publish'];
    execFileSync(process.execPath, [path.join(__dirname, 'stage.js'), ...which], { stdio: 'inherit', env });
    execFileSync(process.execPath, [path.join(__dirname, 'package.js'), '--local'], { stdio: 'inherit' });
  }
  const vsix = [path.join(root, 'out'), path.join(root, 'out', 'local')].filter((dir) => fs.existsSync(dir))
    .flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.vsix')).map((f) => path.join(dir, f)))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!vsix) throw new Error('No VSIX in out/: run without --no-build.');
  const agentTasks = path.join(root, 'out', 'agent', '_tasks');
  fs.rmSync(agentTasks, { recursive: true, force: true });
  extract(vsix, agentTasks);
  const rid = hostRuntime();
  const missing = used.filter((task) => !fs.existsSync(path.join(agentTasks, 'tasks', task, 'bin', rid)));
  if (missing.length) throw new Error(`${path.relative(root, vsix)} holds no ${rid} binary of ${missing.join(', ')}: run without --no-build.`);
  return agentTasks;
}

/** The commit this run builds, as Build.SourceVersion: this repository's HEAD. */
function sourceVersion() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch (_) {
    return '0000000000000000000000000000000000000000';
  }
}

/** After the run: the Port action run it reported, as Port now holds it. */
async function printPortRun(emulatorUrl, runId) {
  const state = await (await fetch(`${emulatorUrl}/_emulator/state`)).json();
  const run = (state.runs || []).find((r) => r.id === runId);
  if (!run) return;
  console.log(`\nPort action run ${run.id}: ${run.status}${run.statusLabel ? ` (${run.statusLabel})` : ''}`);
  if (run.summary) console.log(run.summary.split('\n').map((l) => `  | ${l}`).join('\n'));
  for (const log of (state.runLogs || {})[runId] || []) console.log(`  log: ${log.message}`);
}

/** Warns about $(macros) a sample uses that nothing defines: the agent would pass them on as they are. */
function warnUndefined(job, text, where, dottedOnly) {
  for (const name of job.undefinedMacros(text)) {
    // In a script, $(word) is also the shell's command substitution: only dotted names are surely macros there.
    if (!dottedOnly || name.includes('.')) console.log(`##[warning]${where} uses $(${name}), which no variable defines: it is passed on as it is.`);
  }
}

/** Runs one step, unless its condition skips it. */
async function runStep(step, job, context) {
  const name = step.displayName || step.task || step.script;
  if (!conditionHolds(step.condition, job.status)) {
    console.log(`##[section]Skipping: ${name}`);
    return;
  }
  console.log(`##[section]Starting: ${name}`);
  const recordId = context.azureDevOps ? await context.azureDevOps.startStep(name) : `step-${name}`;
  job.variables['System.TaskInstanceId'] = recordId;
  let result;
  if (step.task) {
    const taskName = step.task.split('@')[0];
    const taskDir = path.join(context.agentTasks, 'tasks', taskName);
    const taskJson = JSON.parse(fs.readFileSync(path.join(taskDir, 'task.json'), 'utf8'));
    const { Major, Minor, Patch } = taskJson.version;
    console.log(`Task         : ${taskJson.friendlyName}\nVersion      : ${Major}.${Minor}.${Patch}`); // the agent's task header
    for (const [input, value] of Object.entries(step.inputs || {})) warnUndefined(job, value, `The input '${input}' of ${name}`, false);
    const runId = job.expand((step.inputs || {}).runId || job.variables.PORT_RUN_ID || '');
    if (/^r_/.test(runId)) context.runIds.add(runId);
    result = await job.runTask(taskDir, step);
  } else {
    warnUndefined(job, step.script, `The script of ${name}`, true);
    const script = job.expand(step.script);
    console.log(`##[command]${job.mask(script)}`);
    result = await job.runProcess(process.platform === 'win32' ? 'cmd' : 'bash', process.platform === 'win32' ? ['/c', script] : ['-c', script], process.env, step.name);
  }
  if (context.azureDevOps) await context.azureDevOps.end(recordId, result, job.lastErrors);
  console.log(`##[section]Finishing: ${name} (${result})`);
}

/** Runs a job's steps as one agent job; returns its status and its output variables (<step>.<output>). */
async function runJob(spec, variables, context) {
  const jobId = context.azureDevOps ? await context.azureDevOps.startJob(spec.name) : spec.name;
  const job = new Job({
    debug: context.debug,
    variables: { ...context.variables, 'System.JobId': jobId, ...variables },
    endpoints: { port: context.endpoint },
    systemConnection: context.azureDevOps ? { url: context.azureDevOps.collectionUri, token: 'local-job-access-token' } : null,
  });
  for (const step of spec.steps) await runStep(step, job, context);
  if (context.azureDevOps) await context.azureDevOps.end(jobId, job.status);

  console.log(`\n${context.single ? 'Job' : `Job ${spec.name}`} result: ${job.status}`);
  const outputs = Object.fromEntries(Object.entries(job.variables).filter(([k]) => /^\w+\.\w+$/.test(k) && !/^(Build|System|Agent)\./.test(k)));
  console.log('Output variables:');
  for (const [key, value] of Object.entries(outputs)) console.log(`  $(${key}) = ${job.mask(value.length > 100 ? value.slice(0, 97) + '...' : value)}`);
  return { status: job.status, outputs };
}

/** The jobs' status as a job's condition sees it: failed if one failed, skipped if one was skipped. */
function dependencyStatus(statuses) {
  return ['Failed', 'Canceled', 'Skipped', 'SucceededWithIssues'].find((s) => statuses.includes(s)) || 'Succeeded';
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const pipelineFile = options.file;
  if (!fs.existsSync(pipelineFile)) throw new Error(`the pipeline file ${options.files[0]} does not exist. ${USAGE}`);
  const jobs = readPipeline(fs.readFileSync(pipelineFile, 'utf8'), process.env.PORT_RUN_ID);
  const used = [...new Set(jobs.flatMap((j) => j.steps).filter((s) => s.task).map((s) => s.task.split('@')[0]))];
  const unknown = used.filter((task) => !tasks.includes(task));
  if (unknown.length) throw new Error(`unknown task ${unknown[0]}: the local runner runs this extension's tasks (${tasks.join(', ')})`);
  const real = !options.emulator && process.env.PORT_CLIENT_ID && process.env.PORT_CLIENT_SECRET;
  // The emulator builds while the tasks do: the first run waits for the longer of the two, not for both.
  const emulatorBuilt = options.emulator || real ? null : buildEmulator();
  emulatorBuilt?.catch(() => {}); // its failure is reported where it is awaited, after the tasks' build
  const agentTasks = build(options, used);
  const emulatorUrl = options.emulator ? options.emulator.replace(/\/+$/, '') : real ? null : (await startEmulator([], emulatorBuilt)).url;
  const port = real
    ? { url: process.env.PORT_BASE_URL || 'https://api.getport.io', username: process.env.PORT_CLIENT_ID, password: process.env.PORT_CLIENT_SECRET }
    : { url: emulatorUrl, username: 'demo-client-id', password: 'demo-client-secret' };
  console.log(real ? `Using the real Port at ${port.url}` : `Using the local Port emulator at ${port.url}`);

  const buildId = '1042';
  const azureDevOps = real ? null : new AzureDevOpsSide(port.url, buildId);
  const context = {
    agentTasks, azureDevOps, debug: options.debug, single: jobs.length === 1, runIds: new Set(),
    endpoint: { id: '9f4c3c43-6d2b-4d55-8ab6-1b0c2b4b0b01', ...port },
    variables: {
      'Build.BuildId': buildId, 'Build.BuildNumber': '20261123.1', 'Build.DefinitionName': path.basename(pipelineFile, path.extname(pipelineFile)),
      'Build.SourceVersion': sourceVersion(),
      'System.CollectionUri': azureDevOps ? azureDevOps.collectionUri : 'https://dev.azure.com/local/', 'System.TeamProject': 'Local',
      'System.TeamProjectId': 'local-project', 'Agent.TempDirectory': os.tmpdir(), 'System.DefaultWorkingDirectory': root,
      ...(process.env.PORT_RUN_ID ? { PORT_RUN_ID: process.env.PORT_RUN_ID } : {}),
    },
  };

  const results = {};
  for (const spec of jobs) {
    if (!context.single) console.log(`\n##[section]Job ${spec.name}`);
    const status = dependencyStatus(spec.dependsOn.map((d) => results[d].status));
    if (!conditionHolds(spec.condition, status)) {
      console.log(`Skipping job ${spec.name}: its condition ${spec.condition || 'succeeded()'} does not hold (dependencies: ${status})`);
      results[spec.name] = { status: 'Skipped', outputs: {} };
      continue;
    }
    const { variables, warnings } = resolveVariables(spec, Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.outputs])));
    for (const warning of warnings) console.log(`##[warning]${warning}`);
    results[spec.name] = await runJob(spec, variables, context);
  }

  if (!real) for (const runId of context.runIds) await printPortRun(port.url, runId);
  process.exitCode = Object.values(results).some((r) => r.status === 'Failed' || r.status === 'Canceled') ? 1 : 0;
}

main().then(() => process.exit(process.exitCode)).catch((error) => {
  console.error(`run-pipeline: ${error.message}`);
  process.exit(1);
});
