// Azure DevOps' side of a local run, played on the emulator's stand-in for the tasks to read with the job's token: the
// build's timeline (a stage, each job, and a record for each step as it runs and ends, with its errors) and its
// changes (this repository's latest commits).
'use strict';

const { execFileSync } = require('child_process');
const { root } = require('./tasks');

/** This repository's latest commits, as Azure DevOps lists a build's changes: real data for the lead time. */
function gitChanges() {
  try {
    return execFileSync('git', ['log', '-5', '--format=%H%x09%cI%x09%s'], { cwd: root, encoding: 'utf8' }).trim().split('\n').filter(Boolean)
      .map((line) => { const [id, timestamp, message] = line.split('\t'); return { id, message, timestamp, type: 'TfsGit' }; });
  } catch (_) {
    return [];
  }
}

class AzureDevOpsSide {
  constructor(emulatorUrl, buildId) {
    this.emulatorUrl = emulatorUrl;
    this.buildId = buildId;
    this.collectionUri = `${emulatorUrl}/_azdo/local/`;
    this.changes = gitChanges();
    this.records = [{ id: 'stage-1', parentId: null, type: 'Stage', name: '__default', state: 'inProgress', result: null, order: 1 }];
    this.jobId = null;
  }

  /** Adds a job's record; its steps go under it. Returns its id, the job's System.JobId. */
  async startJob(name) {
    return (this.jobId = await this.add('job', 'stage-1', 'Job', name));
  }

  async startStep(name) {
    return this.add('step', this.jobId, 'Task', name);
  }

  /** Ends a job's or a step's record with its result (Succeeded, Failed, Skipped...) and the errors it logged. */
  async end(id, result, errors = []) {
    const record = this.records.find((r) => r.id === id);
    Object.assign(record, { state: 'completed', result: result.charAt(0).toLowerCase() + result.slice(1), issues: errors.map((message) => ({ type: 'error', category: 'General', message })) });
    await this.publish();
  }

  async add(kind, parentId, type, name) {
    const order = this.records.filter((r) => r.parentId === parentId).length + 1;
    const record = { id: `${kind}-${this.records.length}`, parentId, type, name, state: 'inProgress', result: null, order, issues: [] };
    this.records.push(record);
    await this.publish();
    return record.id;
  }

  async publish() {
    const response = await fetch(`${this.emulatorUrl}/_emulator/azdo/builds/${this.buildId}`, {
      method: 'PUT', body: JSON.stringify({ records: this.records, changes: this.changes }),
    });
    if (!response.ok) throw new Error(`The Azure DevOps stand-in answered ${response.status}.`);
  }
}

module.exports = { AzureDevOpsSide };
