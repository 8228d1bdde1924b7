#!/usr/bin/env node
// The CircleCI side of the orb's tests, in Node for its YAML and JSON Schema packages:
//   node circleci.js json FILE              the YAML file as JSON
//   node circleci.js validate FILE...       each YAML file against CircleCI's config schema; the errors, exit 1 if any
//   node circleci.js inline CONFIG ORB      the config with its orb `port` (a registry reference) replaced by the
//                                           packed orb, inline, as YAML: what the tests expand and run
//   node circleci.js expand CONFIG JOB      the job's steps as CircleCI's config compiler expands them, as JSON
// `expand` does what CircleCI does before a job runs: each orb command a step invokes becomes its steps, with the
// invocation's parameters (else the defaults) substituted for << parameters.x >> (a whole value keeps its type),
// `when`/`unless` steps kept or dropped on their condition, and \<< unescaped to <<. It refuses, as CircleCI does, a
// parameter the command does not declare, a required one left out, and a value of the wrong type.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const Ajv = require('ajv');

const readYaml = (file) => YAML.parse(fs.readFileSync(file, 'utf8'));

function validate(files) {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'circleci-config.schema.json'), 'utf8'));
  const check = new Ajv({ strict: false, allErrors: true }).compile(schema);
  let failed = false;
  for (const file of files) {
    if (!check(readYaml(file))) {
      failed = true;
      for (const error of check.errors) console.log(`${file}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

function fail(message) {
  throw new Error(message);
}

const reference = /<<\s*parameters\.([A-Za-z0-9_-]+)\s*>>/g;
const whole = /^<<\s*parameters\.([A-Za-z0-9_-]+)\s*>>$/;

/** Substitutes the parameters in every string of value. */
function substitute(value, parameters, where) {
  if (typeof value === 'string') {
    const only = whole.exec(value.trim());
    const get = (name) => (name in parameters ? parameters[name] : fail(`${where}: << parameters.${name} >> is not a parameter`));
    if (only) return get(only[1]);
    return value.replace(/(\\?)(<<\s*parameters\.([A-Za-z0-9_-]+)\s*>>)/g, (all, escaped, text, name) => (escaped ? all : String(get(name))));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, parameters, where));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, parameters, where)]));
  }
  return value;
}

/** The parameters of an invocation, checked against the declaration, with the defaults of the rest. */
function bind(declared, given, where) {
  const values = {};
  for (const name of Object.keys(given)) {
    if (!(name in declared)) fail(`${where}: the parameter ${name} is not declared`);
  }
  for (const [name, spec] of Object.entries(declared)) {
    const value = name in given ? given[name] : 'default' in spec ? spec.default : fail(`${where}: the required parameter ${name} is missing`);
    switch (spec.type) {
      case 'boolean':
        if (typeof value !== 'boolean') fail(`${where}: ${name} must be a boolean, not ${JSON.stringify(value)}`);
        break;
      case 'enum':
        if (!spec.enum.includes(value)) fail(`${where}: ${name} must be one of ${spec.enum.join(', ')}, not ${JSON.stringify(value)}`);
        break;
      case 'env_var_name':
        if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(value)) fail(`${where}: ${name} must be a variable name, not ${JSON.stringify(value)}`);
        break;
      case 'string':
        if (typeof value !== 'string') fail(`${where}: ${name} must be a string, not ${JSON.stringify(value)}`);
        break;
      default:
        break;
    }
    values[name] = value;
  }
  return values;
}

/** A compile-time condition: a value (false, '', 0 and null are false) or logic: equal, not, and, or. */
function holds(condition) {
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    const [op, operand] = Object.entries(condition)[0];
    if (op === 'equal') return operand.every((v) => JSON.stringify(v) === JSON.stringify(operand[0]));
    if (op === 'not') return !holds(operand);
    if (op === 'and') return operand.every(holds);
    if (op === 'or') return operand.some(holds);
    fail(`unknown logic ${op}`);
  }
  return condition !== false && condition !== '' && condition !== 0 && condition != null;
}

/** The steps a job runs: run, restore_cache, save_cache and checkout, each as { type, ...its keys }. */
function expandSteps(steps, commands, where) {
  const out = [];
  for (const step of steps || []) {
    const [name, body] = typeof step === 'string' ? [step, {}] : Object.entries(step)[0];
    if (name === 'run') {
      const run = typeof body === 'string' ? { command: body } : body;
      out.push({ type: 'run', name: run.name || run.command.split('\n')[0], command: run.command.replace(/\\<</g, '<<'), environment: run.environment || {}, when: run.when || 'on_success' });
    } else if (name === 'restore_cache' || name === 'save_cache' || name === 'checkout') {
      out.push({ type: name, ...body });
    } else if (name === 'when' || name === 'unless') {
      if (holds(body.condition) === (name === 'when')) out.push(...expandSteps(body.steps, commands, where));
    } else if (name in commands) {
      const command = commands[name];
      const at = `${where} > ${name}`;
      const parameters = bind(command.parameters || {}, body || {}, at);
      out.push(...expandSteps(substitute(command.steps, parameters, at), commands, at));
    } else {
      fail(`${where}: unknown step ${name}`);
    }
  }
  return out;
}

function expand(configFile, jobName) {
  const config = readYaml(configFile);
  const commands = { ...(config.commands || {}) };
  for (const [alias, orb] of Object.entries(config.orbs || {})) {
    if (typeof orb !== 'object') fail(`orb ${alias}: only inline orbs can be expanded here`);
    for (const [name, command] of Object.entries(orb.commands || {})) commands[`${alias}/${name}`] = command;
  }
  const job = config.jobs[jobName] || fail(`no job ${jobName}`);
  console.log(JSON.stringify({ environment: job.environment || {}, steps: expandSteps(job.steps, commands, jobName) }));
}

const [verb, ...args] = process.argv.slice(2);
if (verb === 'json') console.log(JSON.stringify(readYaml(args[0])));
else if (verb === 'validate') validate(args);
else if (verb === 'inline') {
  const config = readYaml(args[0]);
  if (!config.orbs || !('port' in config.orbs)) fail(`${args[0]} uses no orb named port`);
  config.orbs.port = readYaml(args[1]);
  delete config.orbs.port.version; // an inline orb takes the config's version
  console.log(YAML.stringify(config, { lineWidth: 0 }));
} else if (verb === 'expand') expand(args[0], args[1]);
else fail(`unknown verb ${verb}`);
