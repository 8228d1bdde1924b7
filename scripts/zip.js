// Extracts a zip (a VSIX) with Node's own zlib: the central directory, stored and deflated entries.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function extract(zipFile, destination) {
  const data = fs.readFileSync(zipFile);
  let end = data.length - 22;
  while (end >= 0 && data.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${zipFile} is not a zip file`);
  const count = data.readUInt16LE(end + 10);
  let entry = data.readUInt32LE(end + 16);
  const root = path.resolve(destination);
  for (let i = 0; i < count; i++) {
    const method = data.readUInt16LE(entry + 10);
    const compressedSize = data.readUInt32LE(entry + 20);
    const nameLength = data.readUInt16LE(entry + 28);
    const extraLength = data.readUInt16LE(entry + 30);
    const commentLength = data.readUInt16LE(entry + 32);
    const localHeader = data.readUInt32LE(entry + 42);
    const name = decodeURIComponent(data.toString('utf8', entry + 46, entry + 46 + nameLength));
    entry += 46 + nameLength + extraLength + commentLength;

    const target = path.resolve(root, name);
    if (!target.startsWith(root + path.sep)) throw new Error(`refusing to extract ${name} outside ${root}`);
    if (name.endsWith('/')) { fs.mkdirSync(target, { recursive: true }); continue; }
    const start = localHeader + 30 + data.readUInt16LE(localHeader + 26) + data.readUInt16LE(localHeader + 28);
    const raw = data.subarray(start, start + compressedSize);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, method === 8 ? zlib.inflateRawSync(raw) : raw);
  }
  return count;
}

module.exports = { extract };
