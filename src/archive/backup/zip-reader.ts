/**
 * Reads a ZIP file's central directory and its entries piece by piece, without ever holding the whole file: the
 * directory comes from the file's end, an entry from the bytes between its local header and the next one. The
 * import checks a backup's images in a worker this way while the page parses `backup.json`, and stores them as
 * slices of the file (stored entries are contiguous runs of it). A deflated entry is inflated by the browser's
 * own DecompressionStream.
 *
 * Only what ZIP writers produce for a backup or a mirror repository is read: no encryption, stored or deflated
 * entries, ZIP64 only when asked (`zip64`: git, and so GitHub's "Download ZIP", writes its end records past 65,534
 * entries or 4 GiB; no backup writer does). Otherwise the directory is walked by its byte size rather than its entry
 * count, which holds only 16 bits.
 *
 * Where a ZIP can say two things, it is refused rather than read one way: two entries of one name (as a file
 * system or an unzip tool would take them), or a local header that disagrees with the directory. Another tool
 * would read such a file differently from this one, so what was checked here would not be what it unpacks.
 */
import { shownInMessage } from '../errors';
import type { Message } from '../../core/message';
import { errorText } from '../../core/error-text';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  compressedSize: number;
  /** What the directory claims; checked against the real size when the entry is read. */
  size: number;
  /** What the directory claims; only compared with the local header (a backup's images are checked by SHA-256). */
  crc32: number;
  /** Where the entry's local header starts in the file. */
  localOffset: number;
  /** Where the next entry's local header (or the directory) starts: the entry's data must end before. */
  end: number;
}

/** `text`: the same in the locale files, where the message is one a user can act on rather than "damaged". */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
  constructor(
    message: string,
    readonly text?: Message,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
/** A 32-bit field that says "see the ZIP64 record or extra field". */
const ZIP64_MARK = 0xffffffff;
/** Directory records read between two pauses: some 6 ms of a page's time in Chromium. */
const RECORDS_PER_SLICE = 1_000;
/** General purpose flags: the entry is encrypted; its CRC-32 and sizes follow its data (a streaming writer's). */
const ENCRYPTED = 1;
const SIZES_AFTER_DATA = 8;
const EOCD_SIZE = 22;
const NAMES = new TextDecoder();
const MAX_COMMENT = 0xffff;

/** The bytes of `file` from `start` to `end`. */
export async function bytesOf(file: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

export interface ZipDirectoryOptions {
  /** Reads ZIP64 end records and extra fields (a mirror repository's ZIP); refused as unsupported otherwise. */
  zip64?: boolean;
  /** Awaited every thousand directory records: a page reading 100,000 of them (half a second) paints meanwhile. */
  pause?: () => Promise<void>;
}

/** Where the directory is, and how many entries it holds (`exact`: all of the count, not its low 16 bits). */
interface DirectoryPlace {
  start: number;
  size: number;
  count: number;
  exact: boolean;
  /** Where the directory must have ended: the first end record. */
  limit: number;
}

/**
 * The entries of the ZIP, in directory order. `accept` sees each entry as soon as its directory record is read,
 * before any of its data is, and may throw to refuse it (a size limit, an unexpected name).
 */
export async function readZipDirectory(file: Blob, accept: (entry: ZipEntry) => void = () => {}, options: ZipDirectoryOptions = {}): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, file.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await bytesOf(file, tailStart, file.size);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const eocd = findEndOfDirectory(view);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) throw new ZipFormatError('multi-part archives are not supported');
  const place = options.zip64 ? await zip64Place(file, tail, tailStart, eocd) : null;
  const {
    start: directoryStart,
    size: directorySize,
    count,
    exact,
    limit,
  } = place ?? {
    start: view.getUint32(eocd + 16, true),
    size: view.getUint32(eocd + 12, true),
    count: view.getUint16(eocd + 10, true),
    exact: false,
    limit: tailStart + eocd,
  };
  if (directoryStart === ZIP64_MARK || directorySize === ZIP64_MARK) throw new ZipFormatError('ZIP64 archives are not supported');
  const directoryEnd = directoryStart + directorySize;
  if (directoryEnd > limit) throw new ZipFormatError('the central directory lies outside the file');
  const directory =
    directoryStart >= tailStart ? tail.subarray(directoryStart - tailStart, directoryEnd - tailStart) : await bytesOf(file, directoryStart, directoryEnd);
  const entries = await parseDirectory(directory, directoryStart, accept, options);
  if ((exact ? entries.length : entries.length & 0xffff) !== count)
    throw new ZipFormatError(`the directory lists ${entries.length} entries, not the ${count} it announces`);
  // An entry's data ends where the next local header begins, in file order.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  byOffset.forEach((entry, i) => {
    entry.end = byOffset[i + 1]?.localOffset ?? directoryStart;
    if (entry.end - entry.localOffset < 30 + entry.compressedSize) throw new ZipFormatError(`${entry.name} overlaps the next entry or the directory`);
  });
  return entries;
}

/**
 * The ZIP64 end record's place of the directory, when a locator precedes the end record (APPNOTE 4.3.14, 4.3.15);
 * null when there is none, as in a ZIP small enough not to need one.
 */
async function zip64Place(file: Blob, tail: Uint8Array, tailStart: number, eocd: number): Promise<DirectoryPlace | null> {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return null;
  if (view.getUint32(locator + 4, true) !== 0 || view.getUint32(locator + 16, true) !== 1) throw new ZipFormatError('multi-part archives are not supported');
  const recordStart = uint64(view, locator + 8);
  if (recordStart + 56 > tailStart + locator) throw new ZipFormatError('the ZIP64 end record lies outside the file');
  const record =
    recordStart >= tailStart ? tail.subarray(recordStart - tailStart, recordStart - tailStart + 56) : await bytesOf(file, recordStart, recordStart + 56);
  const rv = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (rv.getUint32(0, true) !== ZIP64_END) throw new ZipFormatError('no ZIP64 end record where its locator says');
  if (rv.getUint32(16, true) !== 0 || rv.getUint32(20, true) !== 0) throw new ZipFormatError('multi-part archives are not supported');
  return { count: uint64(rv, 32), size: uint64(rv, 40), start: uint64(rv, 48), exact: true, limit: recordStart };
}

/** A 64-bit little-endian field, refused beyond what a Number holds exactly (no file is 8 PiB). */
function uint64(view: DataView, at: number): number {
  const value = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  if (!Number.isSafeInteger(value)) throw new ZipFormatError('a ZIP64 field is too large');
  return value;
}

/**
 * The sizes and offset of a record whose 32-bit fields say "see the ZIP64 extra field": the field (APPNOTE 4.5.3)
 * holds, in this order, those of them that were marked, 8 bytes each.
 */
function zip64Fields(extra: DataView, name: string, fields: { size: number; compressedSize: number; localOffset: number }): typeof fields {
  for (let at = 0; at + 4 <= extra.byteLength; at += 4 + extra.getUint16(at + 2, true)) {
    if (extra.getUint16(at, true) !== ZIP64_EXTRA) continue;
    const end = at + 4 + extra.getUint16(at + 2, true);
    let next = at + 4;
    const take = (value: number) => {
      if (value !== ZIP64_MARK) return value;
      if (next + 8 > end || end > extra.byteLength) throw new ZipFormatError(`${name}: its ZIP64 extra field is too short`);
      next += 8;
      return uint64(extra, next - 8);
    };
    // In the field's own order.
    const size = take(fields.size);
    const compressedSize = take(fields.compressedSize);
    return { size, compressedSize, localOffset: take(fields.localOffset) };
  }
  throw new ZipFormatError(`${name}: its sizes or offset are in a ZIP64 extra field it does not have`);
}

async function parseDirectory(
  directory: Uint8Array,
  directoryStart: number,
  accept: (entry: ZipEntry) => void,
  options: ZipDirectoryOptions,
): Promise<ZipEntry[]> {
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const entries: ZipEntry[] = [];
  const seen = new Map<string, string>();
  for (let at = 0; at < directory.length;) {
    if (options.pause && entries.length > 0 && entries.length % RECORDS_PER_SLICE === 0) await options.pause();
    if (at + 46 > directory.length || view.getUint32(at, true) !== CENTRAL)
      throw new ZipFormatError(`bad central directory record at byte ${directoryStart + at}`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > directory.length) throw new ZipFormatError(`central directory record at byte ${directoryStart + at} runs past the directory`);
    const name = NAMES.decode(directory.subarray(at + 46, at + 46 + nameLength));
    const key = nameKey(name);
    const first = seen.get(key);
    if (first !== undefined) {
      const [a, b] = [shownInMessage(first, 100), shownInMessage(name, 100)];
      throw new ZipFormatError(`two entries have one name: "${a}" and "${b}"`, { key: 'archiveImportZipDuplicate', substitutions: [a, b] });
    }
    seen.set(key, name);
    if (flags & ENCRYPTED) throw new ZipFormatError(`${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipFormatError(`${name} uses compression method ${method}`);
    let fields = { compressedSize: view.getUint32(at + 20, true), size: view.getUint32(at + 24, true), localOffset: view.getUint32(at + 42, true) };
    if (options.zip64 && Object.values(fields).includes(ZIP64_MARK)) {
      const extraStart = directory.byteOffset + at + 46 + nameLength;
      fields = zip64Fields(new DataView(directory.buffer, extraStart, view.getUint16(at + 30, true)), name, fields);
    }
    const entry: ZipEntry = { name, method, ...fields, crc32: view.getUint32(at + 16, true), end: 0 };
    accept(entry);
    if (entry.localOffset + 30 > directoryStart) throw new ZipFormatError(`${name} has no local header where the directory says`);
    if (method === 0 && entry.compressedSize !== entry.size) throw new ZipFormatError(`${name} is stored with two different sizes`);
    entries.push(entry);
    at = next;
  }
  return entries;
}

/**
 * One spelling for the names that unzip tools and file systems take for one: case and Unicode form folded, `\` as
 * `/`, no empty or `.` segments (so no leading `/` or `./`).
 */
function nameKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment && segment !== '.')
    .join('/');
}

function findEndOfDirectory(view: DataView): number {
  for (let at = view.byteLength - EOCD_SIZE; at >= 0; at--) {
    if (view.getUint32(at, true) === EOCD && at + EOCD_SIZE + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  throw new ZipFormatError('no end of central directory: the file is not a ZIP archive, or its end is missing');
}

/**
 * The entry's raw bytes (compressed, for a deflated entry) and where they start in the file, from `region`: bytes
 * of the file from `regionStart` that hold the entry's local header and data.
 */
export function entryData(region: Uint8Array, regionStart: number, entry: ZipEntry): { raw: Uint8Array; dataStart: number } {
  const at = entry.localOffset - regionStart;
  const view = new DataView(region.buffer, region.byteOffset, region.byteLength);
  if (at < 0 || at + 30 > region.length || view.getUint32(at, true) !== LOCAL)
    throw new ZipFormatError(`${entry.name} has no local header where the directory says`);
  const nameLength = view.getUint16(at + 26, true);
  const start = at + 30 + nameLength + view.getUint16(at + 28, true);
  // Up to the entry's end, which lies within the region: what follows the data (a descriptor) is checked too.
  const end = Math.min(region.length, entry.end - regionStart);
  if (start + entry.compressedSize > end) throw new ZipFormatError(`${entry.name} runs past the end of its data`);
  const localName = NAMES.decode(region.subarray(at + 30, at + 30 + nameLength));
  if (localName !== entry.name) {
    const [name, local] = [shownInMessage(entry.name, 100), shownInMessage(localName, 100)];
    throw new ZipFormatError(`${name} is named "${local}" in its local header`, { key: 'archiveImportZipLocalName', substitutions: [name, local] });
  }
  const flags = view.getUint16(at + 6, true);
  const claims = [view.getUint32(at + 14, true), view.getUint32(at + 18, true), view.getUint32(at + 22, true)];
  const agrees = (fields: number[]) => fields[0] === entry.crc32 && fields[1] === entry.compressedSize && fields[2] === entry.size;
  // A streaming writer leaves the header's CRC-32 and sizes zero and puts them in a descriptor after the data.
  const sizesAgree =
    flags & SIZES_AFTER_DATA
      ? (claims.every((c) => c === 0) || agrees(claims)) && descriptorAt(view, start + entry.compressedSize, end).some(agrees)
      : agrees(claims);
  if (view.getUint16(at + 8, true) !== entry.method || flags & ENCRYPTED || !sizesAgree) {
    const name = shownInMessage(entry.name, 100);
    throw new ZipFormatError(`${name}: its local header disagrees with the directory on its compression method, encryption, sizes or CRC-32`, {
      key: 'archiveImportZipLocalHeader',
      substitutions: [name],
    });
  }
  return { raw: region.subarray(start, start + entry.compressedSize), dataStart: regionStart + start };
}

/** The CRC-32 and sizes a data descriptor at `at` may hold: it may or may not start with its signature. */
function descriptorAt(view: DataView, at: number, end: number): number[][] {
  const fields = (from: number) => (from + 12 <= end ? [[view.getUint32(from, true), view.getUint32(from + 4, true), view.getUint32(from + 8, true)]] : []);
  return [...(at + 4 <= end && view.getUint32(at, true) === DESCRIPTOR ? fields(at + 4) : []), ...fields(at)];
}

/**
 * The entry's content from its raw bytes. A deflated entry is inflated, and refused as soon as it gives more bytes
 * than the directory claims (a ZIP bomb stops there) or when it gives fewer.
 */
export async function contentOf(entry: ZipEntry, raw: Uint8Array): Promise<Uint8Array> {
  if (entry.method === 0) return raw;
  const out = new Uint8Array(entry.size);
  let filled = 0;
  const reader = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (filled + chunk.value.length > out.length) throw new ZipFormatError(`${entry.name} inflates to more than the ${entry.size} bytes it claims`);
      out.set(chunk.value, filled);
      filled += chunk.value.length;
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    if (err instanceof ZipFormatError) throw err;
    throw new ZipFormatError(`${entry.name} cannot be inflated (${errorText(err)})`);
  }
  if (filled !== out.length) throw new ZipFormatError(`${entry.name} inflates to ${filled} bytes, not the ${entry.size} it claims`);
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The ZIP's CRC-32 (APPNOTE 4.4.7) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One entry, read from the file on its own. */
export async function readEntry(file: Blob, entry: ZipEntry): Promise<Uint8Array> {
  const { raw } = entryData(await bytesOf(file, entry.localOffset, entry.end), entry.localOffset, entry);
  return contentOf(entry, raw);
}
