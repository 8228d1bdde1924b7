#!/usr/bin/env node
// Stamps the version of package.json into every tasks/<Task>/task.json, vss-extension.json and install.sh's
// PORT_CI_VERSION line (the port-ci release it installs by default), and the Bitbucket pipe's Dockerfile (the release
// its image installs) and pipe.yml (the image's tag): tasks.js versionedLines. npm's version lifecycle
// runs it (`npm version minor`: package.json's "version" script), then stages the files, so npm's commit holds them.
// The build only checks the versions (scripts/stage.js): it never writes a tracked file.
'use strict';

const fs = require('fs');
const path = require('path');
const { root, readJson, writeJson, versionedFiles, installScriptVersion, versionedLines } = require('./tasks');

const version = readJson('package.json').version;
if (!/^\d+\.\d+\.\d+$/.test(version)) {
  console.error(`package.json's version is ${version}; a task's version is Major.Minor.Patch only, e.g. 1.2.0.`);
  process.exit(1);
}
const script = fs.readFileSync(path.join(root, 'install.sh'), 'utf8');
if (!installScriptVersion.test(script)) {
  console.error('install.sh has no line PORT_CI_VERSION=${PORT_CI_VERSION:-X.Y.Z} to stamp; put it back, then run this again.');
  process.exit(1);
}
const [Major, Minor, Patch] = version.split('.').map(Number);
for (const { file, version: held } of versionedFiles()) {
  if (held === version) continue;
  const stamped = versionedLines.find((v) => v.file === file);
  if (file === 'install.sh') {
    fs.writeFileSync(path.join(root, file), script.replace(installScriptVersion, `PORT_CI_VERSION=\${PORT_CI_VERSION:-${version}}`));
  } else if (stamped) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    if (!stamped.pattern.test(text)) {
      console.error(`${file} has no line ${stamped.line('X.Y.Z')} to stamp; put it back, then run this again.`);
      process.exit(1);
    }
    fs.writeFileSync(path.join(root, file), text.replace(stamped.pattern, stamped.line(version)));
  } else {
    const json = readJson(file);
    json.version = file === 'vss-extension.json' ? version : { Major, Minor, Patch };
    writeJson(file, json);
  }
  console.log(`stamped ${file} with ${version} (it held ${held})`);
}
