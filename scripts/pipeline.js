// Reads an Azure Pipelines YAML the way the local runner runs it: template parameters, variables, jobs with their
// dependencies and output variables, steps and their conditions. Whatever it does not understand is refused, naming it,
// so that a sample never runs half-read.
'use strict';

const YAML = require('yaml');

const PIPELINE_KEYS = ['name', 'trigger', 'pr', 'pool', 'parameters', 'resources', 'variables', 'steps', 'jobs'];
const JOB_KEYS = ['job', 'displayName', 'dependsOn', 'condition', 'pool', 'variables', 'steps'];
const STEP_KEYS = ['task', 'script', 'bash', 'name', 'displayName', 'inputs', 'condition'];
const CONDITIONS = {
  'succeeded()': (status) => status === 'Succeeded' || status === 'SucceededWithIssues',
  'failed()': (status) => status === 'Failed',
  'succeededOrFailed()': (status) => status !== 'Canceled' && status !== 'Skipped',
  'always()': () => true,
};
const DEPENDENCY_OUTPUT = /^\$\[\s*dependencies\.(\w+)\.outputs\['(\w+)\.(\w+)'\]\s*\]$/;

function refuseUnknownKeys(object, known, where) {
  const unknown = Object.keys(object).filter((key) => !known.includes(key));
  if (unknown.length) throw new Error(`${where}: the local runner does not support ${unknown.map((k) => `'${k}'`).join(', ')}`);
}

/**
 * ${{ parameters.a.b }}: the parameters' defaults, and for each Incoming WebHook resource the payload Port's Azure
 * DevOps backend would post (its port_context.runId). runId (PORT_RUN_ID) overrides the run id of every Port context:
 * a parameter named port_context, and the port_context of any other parameter or webhook.
 */
function templateParameters(pipeline, runId) {
  const parameters = {};
  if (Array.isArray(pipeline) || !pipeline) return parameters;
  for (const p of pipeline.parameters || []) parameters[p.name] = p.default;
  for (const hook of (pipeline.resources && pipeline.resources.webhooks) || []) {
    parameters[hook.webhook] = { port_context: { runId: 'r_demo_deploy', blueprint: 'microservice', entity: 'checkout' } };
  }
  for (const [name, value] of Object.entries(parameters)) {
    const context = name === 'port_context' ? value : value && value.port_context;
    if (runId && context && typeof context === 'object') context.runId = runId;
  }
  return parameters;
}

/** Replaces each ${{ parameters.a.b }} that names a parameter value; what is left is refused by refuseTemplates. */
function applyTemplate(text, parameters) {
  return text.replace(/\$\{\{\s*parameters\.([\w.]+)\s*\}\}/g, (whole, name) => {
    const value = name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), parameters);
    return value === undefined || typeof value === 'object' ? whole : String(value);
  });
}

/** Refuses a template expression left in the parsed pipeline (comments may hold them): another kind, or an unknown parameter. */
function refuseTemplates(value) {
  if (typeof value === 'string') {
    const left = /\$\{\{.*?\}\}/.exec(value);
    if (left) throw new Error(`the local runner cannot resolve ${left[0]}: it knows parameters and their defaults, and the webhooks' payload`);
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(refuseTemplates);
  }
  return value;
}

/** Variables written as a map or as a list of {name, value}; values that are runtime expressions must be dependency outputs. */
function variablesOf(variables, where) {
  const list = Array.isArray(variables) ? variables : Object.entries(variables || {}).map(([name, value]) => ({ name, value }));
  return Object.fromEntries(list.map((v) => {
    if (!v || typeof v !== 'object' || !v.name) throw new Error(`${where}: the local runner supports variables as name and value only, not ${JSON.stringify(v)}`);
    const value = String(v.value ?? '');
    if (value.startsWith('$[') && !DEPENDENCY_OUTPUT.test(value)) {
      throw new Error(`${where}: the variable ${v.name} is ${value}; the local runner understands only $[ dependencies.<job>.outputs['<step>.<output>'] ]`);
    }
    return [v.name, value];
  }));
}

function checkCondition(condition, where) {
  if (condition !== undefined && !CONDITIONS[String(condition).replace(/\s/g, '')]) {
    throw new Error(`${where}: the local runner does not support the condition ${condition}; use one of ${Object.keys(CONDITIONS).join(', ')}`);
  }
}

/** Whether a condition (default succeeded()) lets a step or job run, given the status so far. */
function conditionHolds(condition, status) {
  return CONDITIONS[String(condition || 'succeeded()').replace(/\s/g, '')](status);
}

function stepOf(step, where) {
  if (!step || typeof step !== 'object' || Array.isArray(step)) throw new Error(`${where}: a step must be a mapping`);
  refuseUnknownKeys(step, STEP_KEYS, where);
  const kinds = ['task', 'script', 'bash'].filter((kind) => step[kind] !== undefined);
  if (kinds.length !== 1) throw new Error(`${where}: a step needs exactly one of task, script or bash`);
  checkCondition(step.condition, where);
  return { ...step, script: step.script ?? step.bash };
}

function jobOf(job, where, pipelineVariables) {
  refuseUnknownKeys(job, JOB_KEYS, where);
  if (!/^\w+$/.test(job.job || '')) throw new Error(`${where}: a job needs a name of letters, digits and _ ('job: build')`);
  checkCondition(job.condition, where);
  const steps = job.steps || [];
  if (!Array.isArray(steps) || !steps.length) throw new Error(`${where}: the job has no steps`);
  return {
    name: job.job,
    dependsOn: [].concat(job.dependsOn ?? []),
    condition: job.condition,
    variables: { ...pipelineVariables, ...variablesOf(job.variables, where) },
    steps: steps.map((s, i) => stepOf(s, `${where}, step ${i + 1}`)),
  };
}

/** The jobs in an order that runs each after the jobs it depends on; unknown names and cycles are refused. */
function ordered(jobs) {
  const names = new Set(jobs.map((j) => j.name));
  for (const job of jobs) {
    const unknown = job.dependsOn.filter((d) => !names.has(d));
    if (unknown.length) throw new Error(`job ${job.name} depends on ${unknown.join(', ')}, which the pipeline does not have`);
  }
  const order = [];
  while (order.length < jobs.length) {
    const next = jobs.find((j) => !order.includes(j) && j.dependsOn.every((d) => order.some((o) => o.name === d)));
    if (!next) throw new Error(`the jobs ${jobs.filter((j) => !order.includes(j)).map((j) => j.name).join(', ')} depend on each other`);
    order.push(next);
  }
  return order;
}

/**
 * The pipeline as a list of jobs: a bare list of steps, a mapping with steps, or a mapping with jobs. Template
 * expressions are replaced first, as Azure Pipelines does when it compiles the YAML.
 */
function readPipeline(text, runId) {
  const parsed = refuseTemplates(YAML.parse(applyTemplate(text, templateParameters(YAML.parse(text), runId))));
  if (Array.isArray(parsed)) return [jobOf({ job: 'Job', steps: parsed }, 'the pipeline', {})];
  if (!parsed || typeof parsed !== 'object') throw new Error('the pipeline is neither a list of steps nor a mapping');
  refuseUnknownKeys(parsed, PIPELINE_KEYS, 'the pipeline');
  const variables = variablesOf(parsed.variables, 'the pipeline');
  if (Object.values(variables).some((v) => v.startsWith('$['))) throw new Error('the pipeline: dependency outputs belong in a job\'s variables');
  if (parsed.jobs && parsed.steps) throw new Error('the pipeline has both steps and jobs: give the steps to a job');
  if (!parsed.jobs) return [jobOf({ job: 'Job', steps: parsed.steps }, 'the pipeline', variables)];
  return ordered(parsed.jobs.map((j, i) => jobOf(j, `job ${j && j.job ? j.job : i + 1}`, variables)));
}

/**
 * A job's variables with each $[ dependencies.<job>.outputs['<step>.<output>'] ] read from the jobs that ran; an output
 * that job did not set is empty, as in Azure Pipelines, and named in the warnings.
 */
function resolveVariables(job, outputsByJob) {
  const warnings = [];
  const variables = Object.fromEntries(Object.entries(job.variables).map(([name, value]) => {
    const reference = DEPENDENCY_OUTPUT.exec(value);
    if (!reference) return [name, value];
    const [, from, step, output] = reference;
    if (!job.dependsOn.includes(from)) throw new Error(`job ${job.name}: ${value} reads job ${from}, which it does not depend on (dependsOn: ${from})`);
    const found = (outputsByJob[from] || {})[`${step}.${output}`];
    if (found === undefined) warnings.push(`The variable ${name} is empty: job ${from} set no output ${step}.${output}.`);
    return [name, found ?? ''];
  }));
  return { variables, warnings };
}

module.exports = { readPipeline, resolveVariables, conditionHolds };
