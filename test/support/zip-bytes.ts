import { deflateSync } from 'fflate';
import { crc32 } from '../../src/archive/backup/zip-reader';

export { crc32 };

/**
 * ZIP files written byte by byte, so that a test can make the ones no ZIP library writes: two entries of one name,
 * a local header that says something else than the directory, sizes after the data. Layout after APPNOTE.TXT
 * (4.3.7 local header, 4.3.9 data descriptor, 4.3.12 central directory header, 4.3.16 end record), as fflate and
 * Info-ZIP write it: local headers and data in order, then the directory, then the end record.
 */

export interface RawEntry {
  name: string;
  /** The content, before compression. */
  data: Uint8Array;
  /** Deflated (method 8) rather than stored. */
  deflate?: boolean;
  /** Written the way a streaming writer does: zero CRC-32 and sizes in the local header, a data descriptor after the data. */
  streamed?: boolean;
  /** What the local header says instead of what the directory says. */
  local?: Partial<{ name: string; method: number; flags: number; crc32: number; compressedSize: number; size: number }>;
  /** What the data descriptor says instead (with `streamed`). */
  descriptor?: Partial<{ crc32: number; compressedSize: number; size: number }>;
  /** Extra fields (APPNOTE 4.5), in the local header and the directory alike: git writes a timestamp (`UT`). */
  extra?: Uint8Array;
  /** The CRC-32 both headers claim, instead of the data's own: the data was damaged after it was written. */
  crc32?: number;
  /** The directory says "offset in the ZIP64 extra field" and puts it there, as for an entry past 4 GiB. */
  zip64Offset?: boolean;
}

export interface ZipOptions {
  /** The end record's comment: git writes the commit's id there. */
  comment?: string;
  /** End records as git writes them past 65,534 entries: a ZIP64 end record and its locator, the 16-bit counts at 0xffff. */
  zip64?: boolean;
}

/** Little-endian fields, as every ZIP number is. */
class Writer {
  private readonly parts: Uint8Array[] = [];
  length = 0;

  u16(...values: number[]): this {
    for (const v of values) this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff]));
    return this;
  }

  u64(value: number): this {
    return this.u32(value % 2 ** 32, Math.floor(value / 2 ** 32));
  }

  u32(...values: number[]): this {
    for (const v of values) this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]));
    return this;
  }

  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }

  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);
/** 2024-01-01 00:00 in MS-DOS form: every run writes the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
/** Names are UTF-8. */
const UTF8_FLAG = 0x800;

export function zipBytes(entries: RawEntry[], options: ZipOptions = {}): Uint8Array {
  const out = new Writer();
  const directory = new Writer();
  for (const entry of entries) {
    const method = entry.deflate ? 8 : 0;
    const stored = entry.deflate ? deflateSync(entry.data) : entry.data;
    const crc = entry.crc32 ?? crc32(entry.data);
    const flags = UTF8_FLAG | (entry.streamed ? 8 : 0);
    const offset = out.length;
    const local = {
      name: entry.name,
      method,
      flags,
      ...(entry.streamed ? { crc32: 0, compressedSize: 0, size: 0 } : { crc32: crc, compressedSize: stored.length, size: entry.data.length }),
      ...entry.local,
    };
    const localName = utf8(local.name);
    const extra = entry.extra ?? new Uint8Array(0);
    out
      .u32(0x04034b50)
      .u16(20, local.flags, local.method, DOS_TIME, DOS_DATE)
      .u32(local.crc32, local.compressedSize, local.size)
      .u16(localName.length, extra.length);
    out.bytes(localName).bytes(extra).bytes(stored);
    if (entry.streamed) {
      const d = { crc32: crc, compressedSize: stored.length, size: entry.data.length, ...entry.descriptor };
      out.u32(0x08074b50, d.crc32, d.compressedSize, d.size);
    }
    const name = utf8(entry.name);
    directory.u32(0x02014b50).u16(20, 20, flags, method, DOS_TIME, DOS_DATE).u32(crc, stored.length, entry.data.length);
    const central = entry.zip64Offset ? new Writer().bytes(extra).u16(0x0001, 8).u64(offset).done() : extra;
    directory
      .u16(name.length, central.length, 0, 0, 0)
      .u32(0, entry.zip64Offset ? 0xffffffff : offset)
      .bytes(name)
      .bytes(central);
  }
  const directoryStart = out.length;
  const directoryBytes = directory.done();
  out.bytes(directoryBytes);
  const count = options.zip64 ? Math.min(entries.length, 0xffff) : entries.length;
  if (options.zip64) {
    const recordStart = out.length;
    out.u32(0x06064b50).u64(44).u16(45, 45).u32(0, 0).u64(entries.length).u64(entries.length).u64(directoryBytes.length).u64(directoryStart);
    out.u32(0x07064b50, 0).u64(recordStart).u32(1);
  }
  const comment = utf8(options.comment ?? '');
  out.u32(0x06054b50).u16(0, 0, count, count).u32(directoryBytes.length, directoryStart).u16(comment.length).bytes(comment);
  return out.done();
}
