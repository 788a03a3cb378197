/**
 * Readers for the two archive formats packaging handles: the .vsix (a zip) and npm's package tarballs (.tgz).
 * Only what these need: stored and deflated zip entries without zip64, ustar/pax tar entries.
 */
import { gunzipSync, inflateRawSync } from 'node:zlib';

export interface ArchiveEntry {
  name: string;
  /** Unix permission bits, when the archive records them. */
  mode?: number;
  read(): Buffer;
}

/** The entries of a zip archive, by name. */
export function readZip(zip: Buffer): Map<string, ArchiveEntry> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, ArchiveEntry>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const external = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    entries.set(name, {
      name,
      // Made on Unix (3): the high 16 bits of the external attributes are st_mode.
      mode: madeBy === 3 ? (external >>> 16) & 0o7777 : undefined,
      read() {
        if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header of ${name}`);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
        throw new Error(`${name}: zip compression method ${method} is not supported`);
      },
    });
  }
  return entries;
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.toString('utf8', 0, end < 0 ? raw.length : end);
}

/** The regular files of a gzipped tar archive (npm's .tgz), by path. */
export function readTarGz(tgz: Buffer): Map<string, ArchiveEntry> {
  const tar = gunzipSync(tgz);
  const entries = new Map<string, ArchiveEntry>();
  let paxPath: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(header, 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const mode = Number.parseInt(field(header, 100, 8).trim() || '0', 8);
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      // A pax extended header: `<len> path=<name>\n` records for the next entry.
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
      continue;
    }
    paxPath = undefined;
    if (type === '0') entries.set(name, { name, mode, read: () => Buffer.from(data) });
  }
  return entries;
}
