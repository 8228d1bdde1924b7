#!/usr/bin/env node
// Runs a sample Azure Pipelines YAML locally, as an agent would: builds and packages the tasks, unpacks the VSIX,
// starts the local Port emulator (or uses the real Port when PORT_CLIENT_ID and PORT_CLIENT_SECRET are set),
// and runs each step through the packaged launchers, printing what the agent would show.
//
//   node scripts/run-pipeline.js examples/azure-pipelines.yml [--debug] [--no-build]
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const { root, tasks } = require('./tasks');
const { extract } = require('./zip');
const { Job } = require('./agent');

const args = process.argv.slice(2);
const pipelineFile = path.resolve(args.find((a) => !a.startsWith('--')) || 'examples/azure-pipelines.yml');
const debug = args.includes('--debug');

function build() {
  if (!args.includes('--no-build')) {
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

async function startEmulator() {
  const project = path.join(root, 'src', 'Port.Emulator');
  execFileSync('dotnet', ['build', project, '-c', 'Release', '--nologo', '-v', 'quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ready = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'port-emulator-')), 'url');
  // Started from its built dll (not through `dotnet run`), so killing this child stops the server itself.
  const child = spawn('dotnet', [path.join(project, 'bin', 'Release', 'net10.0', 'Port.Emulator.dll'),
    '--urls', 'http://127.0.0.1:0', '--ready-file', ready], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => child.kill());
  for (let waited = 0; waited < 120000; waited += 200) {
    if (fs.existsSync(ready) && fs.readFileSync(ready, 'utf8')) return { child, url: fs.readFileSync(ready, 'utf8').trim() };
    if (child.exitCode !== null) throw new Error('The Port emulator did not start.');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('The Port emulator did not start within 2 minutes.');
}

/** ${{ parameters.a.b }} from the parameters' defaults (PORT_RUN_ID overrides port_context.runId). */
function templateParameters(pipeline) {
  const parameters = {};
  for (const p of pipeline.parameters || []) parameters[p.name] = p.default;
  if (process.env.PORT_RUN_ID && parameters.port_context) parameters.port_context.runId = process.env.PORT_RUN_ID;
  return parameters;
}

function applyTemplate(text, parameters) {
  return text.replace(/\$\{\{\s*parameters\.([\w.]+)\s*\}\}/g, (whole, name) => {
    const value = name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), parameters);
    return value === undefined ? whole : String(value);
  });
}

async function main() {
  const raw = fs.readFileSync(pipelineFile, 'utf8');
  const parameters = templateParameters(YAML.parse(raw));
  const pipeline = YAML.parse(applyTemplate(raw, parameters));
  const agentTasks = build();

  const real = process.env.PORT_CLIENT_ID && process.env.PORT_CLIENT_SECRET;
  const port = real
    ? { url: process.env.PORT_BASE_URL || 'https://api.getport.io', username: process.env.PORT_CLIENT_ID, password: process.env.PORT_CLIENT_SECRET }
    : { ...(await startEmulator()), username: 'demo-client-id', password: 'demo-client-secret' };
  console.log(real ? `Using the real Port at ${port.url}` : `Using the local Port emulator at ${port.url}`);

  const job = new Job({
    debug,
    variables: {
      'Build.BuildId': '1042', 'Build.BuildNumber': '20261123.1', 'Build.DefinitionName': path.basename(pipelineFile, '.yml'),
      'System.CollectionUri': 'https://dev.azure.com/local/', 'System.TeamProject': 'Local', 'Agent.TempDirectory': os.tmpdir(),
      'System.DefaultWorkingDirectory': root,
      ...(pipeline.variables || {}),
    },
    endpoints: { port: { id: '9f4c3c43-6d2b-4d55-8ab6-1b0c2b4b0b01', ...port } },
  });

  for (const step of pipeline.steps || []) {
    const name = step.displayName || step.task || step.script;
    const condition = String(step.condition || 'succeeded()').replace(/\s/g, '');
    const run = condition === 'always()' || (condition === 'failed()' ? job.status === 'Failed' : job.status !== 'Failed');
    if (!run) { console.log(`##[section]Skipping: ${name}`); continue; }
    console.log(`##[section]Starting: ${name}`);
    let result;
    if (step.task) {
      const taskName = step.task.split('@')[0];
      if (!tasks.includes(taskName)) throw new Error(`Unknown task ${step.task}`);
      result = await job.runTask(path.join(agentTasks, 'tasks', taskName), step);
    } else {
      const script = job.expand(step.script);
      console.log(`##[command]${job.mask(script)}`);
      result = await job.runProcess(process.platform === 'win32' ? 'cmd' : 'bash', process.platform === 'win32' ? ['/c', script] : ['-c', script], process.env, step.name);
    }
    console.log(`##[section]Finishing: ${name} (${result})`);
  }

  console.log(`\nJob result: ${job.status}`);
  const outputs = Object.entries(job.variables).filter(([k]) => /^[\w]+\.[\w]+$/.test(k) && !/^(Build|System|Agent)\./.test(k));
  console.log('Output variables:');
  for (const [key, value] of outputs) console.log(`  $(${key}) = ${job.mask(value.length > 100 ? value.slice(0, 97) + '...' : value)}`);
  process.exitCode = job.status === 'Failed' ? 1 : 0;
}

main().then(() => process.exit(process.exitCode)).catch((error) => {
  console.error(`run-pipeline: ${error.message}`);
  process.exit(1);
});
