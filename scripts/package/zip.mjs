// A small deterministic zip writer (and a reader for tests), so packaging needs no `zip` binary.
// Same input → same bytes: entries sorted by name, one fixed timestamp, fixed attributes, deflate
// at level 9 (stored when deflate would not shrink the file). No zip64: the archives are small.
import zlib from 'node:zlib';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const UTF8_NAMES = 0x0800; // general purpose bit 11: names are UTF-8
const MADE_BY_UNIX = (3 << 8) | 20; // host 3 (Unix, so external attributes carry the mode), spec 2.0
const NEEDED = 20; // 2.0: deflate

/** The zip epoch, 1980-01-01 00:00:00, unless `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) says otherwise. */
export function defaultDate(env = process.env) {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date(Date.UTC(1980, 0, 1));
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, not ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000);
}

/** MS-DOS date and time (2-second resolution), in UTC so the bytes do not depend on the machine's zone. */
function dosDateTime(date) {
  const min = Date.UTC(1980, 0, 1);
  const max = Date.UTC(2107, 11, 31, 23, 59, 58);
  const d = new Date(Math.min(Math.max(date.getTime(), min), max));
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const day = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date: day };
}

let table;
function tableCrc32(buf) {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 as zip wants it: zlib.crc32 where Node has it (≥ 20.15 / 22.2), else a table. */
export const crc32 = typeof zlib.crc32 === 'function' ? (buf) => zlib.crc32(buf) >>> 0 : tableCrc32;
export { tableCrc32 };

/** A relative path with forward slashes, no empty, `.` or `..` segment, no drive or backslash. */
export function checkEntryName(name) {
  const bad =
    typeof name !== 'string' ||
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    name.includes('\0') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new Error(`refusing zip entry name ${JSON.stringify(name)}`);
  return name;
}

/**
 * Builds a zip from `files`: `{ name, data: Buffer, executable? }[]`. Names are checked and sorted
 * (by their UTF-8 bytes); duplicates are an error. Returns the archive as one Buffer.
 */
export function writeZip(files, { date = defaultDate() } = {}) {
  const { time, date: day } = dosDateTime(date);
  const entries = files
    .map((f) => ({ ...f, nameBytes: Buffer.from(checkEntryName(f.name), 'utf8') }))
    .sort((a, b) => Buffer.compare(a.nameBytes, b.nameBytes));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].name === entries[i - 1].name) throw new Error(`duplicate zip entry ${entries[i].name}`);
  }
  if (entries.length > 0xffff) throw new Error('too many entries for a zip without zip64');

  const chunks = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    if (data.length > 0xfffffffe || offset > 0xfffffffe) throw new Error('archive too large for a zip without zip64');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(NEEDED, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(e.nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, e.nameBytes, body);

    const mode = e.executable ? 0o100755 : 0o100644;
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(CENTRAL, 0);
    cen.writeUInt16LE(MADE_BY_UNIX, 4);
    cen.writeUInt16LE(NEEDED, 6);
    cen.writeUInt16LE(UTF8_NAMES, 8);
    cen.writeUInt16LE(stored ? 0 : 8, 10);
    cen.writeUInt16LE(time, 12);
    cen.writeUInt16LE(day, 14);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(e.nameBytes.length, 28);
    // extra length, comment length, disk number start, internal attributes: all 0
    cen.writeUInt32LE((mode << 16) >>> 0, 38);
    cen.writeUInt32LE(offset, 42);
    central.push(cen, e.nameBytes);

    offset += local.length + e.nameBytes.length + body.length;
  }
  const centralSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/**
 * Reads a zip (no zip64, no encryption; methods store and deflate) from its central directory and
 * returns `{ name, method, crc, compressedSize, size, time, date, flags, mode, data }[]` in archive
 * order, `data` inflated. Throws if an entry's CRC or size does not match its data.
 */
export function readZip(buf) {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== CENTRAL) throw new Error(`bad central directory entry at ${p}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const date = buf.readUInt16LE(p + 14);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const mode = buf.readUInt32LE(p + 38) >>> 16;
    const localAt = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;

    if (buf.readUInt32LE(localAt) !== LOCAL) throw new Error(`bad local header for ${name}`);
    const localName = buf.subarray(localAt + 30, localAt + 30 + buf.readUInt16LE(localAt + 26)).toString('utf8');
    if (localName !== name) throw new Error(`local name ${localName} differs from central name ${name}`);
    const start = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    const body = buf.subarray(start, start + compressedSize);
    let data;
    if (method === 0) data = Buffer.from(body);
    else if (method === 8) data = zlib.inflateRawSync(body);
    else throw new Error(`${name}: unsupported method ${method}`);
    if (data.length !== size) throw new Error(`${name}: size ${data.length}, header says ${size}`);
    if (tableCrc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    out.push({ name, method, crc, compressedSize, size, time, date, flags, mode, data });
  }
  return out;
}
