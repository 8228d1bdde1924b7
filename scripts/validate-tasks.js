#!/usr/bin/env node
// Validates every tasks/*/task.json (or those under the folder given) against the Azure Pipelines task schema.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const { root, tasks } = require('./tasks');

// The schema is draft-04; Ajv 8 reads it as draft-07 once its draft-04 "id" is renamed.
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'task.schema.json'), 'utf8'));
delete schema.$schema;
schema.$id = schema.id;
delete schema.id;
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

const base = process.argv[2] ? path.resolve(process.argv[2]) : root;
let failed = 0;
for (const task of tasks) {
  const file = path.join(base, 'tasks', task, 'task.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(json)) {
    console.log(`valid: ${path.relative(process.cwd(), file)}`);
  } else {
    failed++;
    for (const error of validate.errors) console.error(`invalid: ${file}: ${error.instancePath || '/'} ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
