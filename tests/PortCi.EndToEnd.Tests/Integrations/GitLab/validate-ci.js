// Validates GitLab CI/CD YAML against GitLab's schema (data/gitlab-ci.schema.json), for the end-to-end tests:
//   node validate-ci.js FILE...
// A component template (a file under templates/) is two YAML documents: its `spec:` header, checked against the
// schema's `spec` (and nothing else beside it), then the jobs, checked as a pipeline. Any other .yml is one pipeline;
// a .md file's ```yaml blocks are each one. Prints one line per problem, naming the file, the block and the path;
// exits 1 if there is any.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const YAML = require('yaml');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'gitlab-ci.schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const pipeline = ajv.compile(schema);
const problems = [];

function check(where, value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where}: not a mapping of keys`);
  } else if (!pipeline(value)) {
    // The leaves only (a oneOf or if/then adds a line for each branch it tried), each once.
    const lines = pipeline.errors.filter((e) => !['oneOf', 'anyOf', 'if', 'allOf'].includes(e.keyword))
      .map((e) => `${where}: ${e.instancePath || '/'} ${e.message}${e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`);
    problems.push(...[...new Set(lines)].slice(0, 10));
  }
}

function documents(where, text) {
  const docs = YAML.parseAllDocuments(text);
  for (const doc of docs) for (const e of doc.errors) problems.push(`${where}: YAML: ${e.message}`);
  return docs.map((d) => d.toJS());
}

for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.md')) {
    const blocks = [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)];
    if (blocks.length === 0) problems.push(`${file}: no yaml block`);
    blocks.forEach((block, i) => {
      const line = text.slice(0, block.index).split('\n').length;
      for (const doc of documents(`${file} (yaml block ${i + 1}, line ${line})`, block[1])) check(`${file} (yaml block ${i + 1}, line ${line})`, doc);
    });
  } else if (path.basename(path.dirname(file)) === 'templates') {
    const docs = documents(file, text);
    if (docs.length !== 2) {
      problems.push(`${file}: a component is two YAML documents (spec, ---, jobs), not ${docs.length}`);
      continue;
    }
    const [header, jobs] = docs;
    const extra = Object.keys(header || {}).filter((k) => k !== 'spec');
    if (!header || !header.spec || extra.length > 0) problems.push(`${file} (header): holds only spec:${extra.length ? `, not ${extra.join(', ')}` : ''}`);
    check(`${file} (header)`, header);
    if (jobs && 'spec' in jobs) problems.push(`${file} (jobs): spec belongs in the header`);
    check(`${file} (jobs)`, jobs);
  } else {
    for (const doc of documents(file, text)) check(file, doc);
  }
}

for (const p of problems) console.error(p);
process.exit(problems.length > 0 ? 1 : 0);
