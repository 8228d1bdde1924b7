// Writes the release archives of port-ci with Node's own zlib, so that `npm run cli` needs no tar or zip on the
// machine and the archives are the same bytes for the same inputs (fixed times, owners and order).
'use strict';

const zlib = require('zlib');

/** One file of an archive: its path inside it ('/'-separated), its bytes, and whether it is an executable. */
// { name: string, data: Buffer, executable: boolean }

/** A ustar header field: an octal number, NUL-terminated, in width bytes. */
function octal(value, width) {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name, size, mode, type, mtime) {
  if (Buffer.byteLength(name) > 100) throw new Error(`${name} is longer than a ustar name (100 bytes)`);
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108); // uid
  header.write(octal(0, 8), 116); // gid
  header.write(octal(size, 12), 124);
  header.write(octal(mtime, 12), 136);
  header.write(' '.repeat(8), 148); // the checksum counts its own field as spaces
  header.write(type, 156);
  header.write('ustar\0' + '00', 257);
  header.write('root', 265);
  header.write('root', 297);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + ' ', 148);
  return header;
}

/** A gzip-compressed ustar archive of folder/ and its files; mtime in seconds since 1970. */
function tarGz(folder, files, mtime) {
  const blocks = [tarHeader(`${folder}/`, 0, 0o755, '5', mtime)];
  for (const file of files) {
    blocks.push(tarHeader(`${folder}/${file.name}`, file.data.length, file.executable ? 0o755 : 0o644, '0', mtime), file.data);
    const padding = (512 - (file.data.length % 512)) % 512;
    blocks.push(Buffer.alloc(padding));
  }
  blocks.push(Buffer.alloc(1024)); // the end of the archive: two empty blocks
  return zlib.gzipSync(Buffer.concat(blocks), { level: 9 });
}

/** A date and time in MS-DOS form, as zip stores them (local time fields; two-second steps). */
function dosTime(date) {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

/** A deflated zip of folder/ and its files, as Windows' Explorer and Expand-Archive unpack it. */
function zip(folder, files, mtime) {
  const { time, day } = dosTime(new Date(mtime * 1000));
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(`${folder}/${file.name}`);
    const deflated = zlib.deflateRawSync(file.data, { level: 9 });
    const crc = zlib.crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, deflated);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

module.exports = { tarGz, zip };
