// What the Azure Pipelines agent does around a task, for local runs: builds the task's environment
// (INPUT_*, variables, SECRET_*, ENDPOINT_*), runs its Node target, and acts on the logging commands it prints
// (output variables, secrets to mask, issues, results, debug), the way the agent's Command parser reads them.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const envName = (name) => name.replace(/[. ]/g, '_').toUpperCase();
const unescape = (value) => value.replace(/%3B/gi, ';').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%5D/gi, ']').replace(/%AZP25/gi, '%');

/** Parses "##vso[area.event k=v;k=v]data" found anywhere in a line, as Command.TryParse does. */
function parseCommand(line) {
  const start = line.indexOf('##vso[');
  if (start < 0) return null;
  const close = line.indexOf(']', start);
  if (close < 0) return null;
  const head = line.substring(start + 6, close);
  const space = head.indexOf(' ');
  const name = (space < 0 ? head : head.substring(0, space)).toLowerCase();
  const properties = {};
  if (space >= 0) {
    for (const pair of head.substring(space + 1).split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.substring(0, eq).trim().toLowerCase()] = unescape(pair.substring(eq + 1));
    }
  }
  return { name, properties, data: unescape(line.substring(close + 1)) };
}

class Job {
  constructor({ variables = {}, secrets = {}, endpoints = {}, systemConnection = null, debug = false, print = console.log }) {
    this.variables = { ...variables };
    this.secrets = { ...secrets };
    this.endpoints = endpoints;            // name -> { id, url, username, password }
    this.systemConnection = systemConnection; // { url, token }: the job's own Azure DevOps connection
    this.masks = Object.values(secrets).filter(Boolean).concat(systemConnection ? [systemConnection.token] : []);
    this.lastErrors = [];                  // the error issues of the step that ran last, as the timeline records them
    this.debug = debug;
    this.print = print;
    this.status = 'Succeeded';
  }

  mask(text) {
    return this.masks.reduce((t, secret) => (secret ? t.split(secret).join('***') : t), text);
  }

  /** Expands $(name) and $(step.output) from variables and outputs; unknown macros stay as they are. */
  expand(text) {
    return String(text).replace(/\$\(([\w.]+)\)/g, (whole, name) => {
      const key = Object.keys(this.variables).find((k) => k.toLowerCase() === name.toLowerCase());
      const secret = Object.keys(this.secrets).find((k) => k.toLowerCase() === name.toLowerCase());
      return key !== undefined ? this.variables[key] : secret !== undefined ? this.secrets[secret] : whole;
    });
  }

  /** The names of the $(name) macros in text that no variable defines: the agent leaves those as they are. */
  undefinedMacros(text) {
    return [...String(text).matchAll(/\$\(([\w.]+)\)/g)].map((m) => m[1]).filter((name) => this.expand(`$(${name})`) === `$(${name})`);
  }

  /** The environment the agent gives a Node handler for this task. */
  taskEnvironment(taskJson, givenInputs) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^(INPUT_|SECRET_|ENDPOINT_)/.test(key)) env[key] = value;
    }
    for (const [name, value] of Object.entries(this.variables)) env[envName(name)] = String(value);
    for (const [name, value] of Object.entries(this.secrets)) env[`SECRET_${envName(name)}`] = String(value);
    env.AGENT_JOBSTATUS = this.status;
    if (this.systemConnection) {
      // The agent hands every task the job's connection to Azure DevOps, with an OAuth access token.
      env.ENDPOINT_URL_SYSTEMVSSCONNECTION = this.systemConnection.url;
      env.ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION = 'OAuth';
      env.ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN = this.systemConnection.token;
    }
    env.SYSTEM_DEBUG = this.debug ? 'true' : 'false';
    for (const input of taskJson.inputs || []) {
      const given = Object.keys(givenInputs).find((k) => k.toLowerCase() === input.name.toLowerCase());
      let value = given !== undefined ? this.expand(givenInputs[given]) : this.expand(input.defaultValue ?? '');
      if (input.type.startsWith('connectedService:') && value) {
        const endpoint = this.endpoints[value];
        if (!endpoint) throw new Error(`No service connection named '${value}'`);
        env[`ENDPOINT_URL_${endpoint.id}`] = endpoint.url;
        env[`ENDPOINT_AUTH_SCHEME_${endpoint.id}`] = 'UsernamePassword';
        env[`ENDPOINT_AUTH_PARAMETER_${endpoint.id}_USERNAME`] = endpoint.username;
        env[`ENDPOINT_AUTH_PARAMETER_${endpoint.id}_PASSWORD`] = endpoint.password;
        this.masks.push(endpoint.password);
        value = endpoint.id;
      }
      // The agent gives an empty filePath input the default working directory (task-lib's filePathSupplied).
      if (input.type === 'filePath' && !String(value).trim()) value = this.variables['System.DefaultWorkingDirectory'] || process.cwd();
      env[`INPUT_${input.name.toUpperCase()}`] = String(value).trim();
    }
    return env;
  }

  /** Runs one task step; resolves with its result (Succeeded, Failed, ...). */
  runTask(taskDir, step) {
    const taskJson = JSON.parse(fs.readFileSync(path.join(taskDir, 'task.json'), 'utf8'));
    const env = this.taskEnvironment(taskJson, step.inputs || {});
    const target = path.join(taskDir, taskJson.execution.Node20_1.target);
    return this.runProcess(process.execPath, [target], env, step.name);
  }

  runProcess(file, args, env, refName) {
    this.lastErrors = [];
    return new Promise((resolve) => {
      const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let result = null;
      const onLine = (line) => {
        const command = parseCommand(line);
        if (!command) {
          if (line.length) this.print(this.mask(line));
          return;
        }
        switch (command.name) {
          case 'task.setsecret':
            if (command.data) this.masks.push(command.data);
            break;
          case 'task.setvariable': {
            const name = command.properties.variable;
            const isOutput = (command.properties.isoutput || '').toLowerCase() === 'true';
            if ((command.properties.issecret || '').toLowerCase() === 'true') this.masks.push(command.data);
            this.variables[isOutput && refName ? `${refName}.${name}` : name] = command.data;
            break;
          }
          case 'task.logissue':
          case 'task.issue':
            if (command.properties.type !== 'warning') this.lastErrors.push(command.data);
            this.print(`##[${command.properties.type === 'warning' ? 'warning' : 'error'}]${this.mask(command.data)}`);
            break;
          case 'task.complete':
            result = command.properties.result || 'Failed';
            break;
          case 'task.debug':
            if (this.debug) this.print(`##[debug]${this.mask(command.data)}`);
            break;
          default:
            this.print(`##[warning]Unknown logging command: ${command.name}`);
        }
      };
      for (const stream of [child.stdout, child.stderr]) {
        let buffer = '';
        stream.on('data', (chunk) => {
          buffer += chunk;
          const lines = buffer.split(/\r?\n/);
          buffer = lines.pop();
          lines.forEach(onLine);
        });
        stream.on('end', () => { if (buffer) onLine(buffer); });
      }
      child.on('close', (code) => {
        const final = code !== 0 ? 'Failed' : result || 'Succeeded';
        if (code !== 0 && result !== 'Failed' && result !== 'Canceled') {
          const tool = path.basename(file, path.extname(file));
          this.lastErrors.push(`${tool.charAt(0).toUpperCase()}${tool.slice(1)} exited with code '${code}'.`); // as the agent words it
          this.print(`##[error]The process exited with code ${code}.`);
        }
        if (final === 'Failed' || final === 'Canceled') this.status = final;
        else if (final === 'SucceededWithIssues' && this.status === 'Succeeded') this.status = final;
        resolve(final);
      });
    });
  }
}

module.exports = { Job, parseCommand, envName };
