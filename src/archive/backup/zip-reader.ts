/**
 * Reads a ZIP file's central directory and its entries piece by piece, without ever holding the whole file: the
 * directory comes from the file's end, an entry from the bytes between its local header and the next one. The
 * import checks a backup's images in a worker this way while the page parses `backup.json`, and stores them as
 * slices of the file (stored entries are contiguous runs of it). A deflated entry is inflated by the browser's
 * own DecompressionStream.
 *
 * Only what ZIP writers produce for a backup is read: no encryption, no ZIP64, stored or deflated entries. The
 * directory is walked by its byte size rather than its entry count, which holds only 16 bits.
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

/**
 * The entries of the ZIP, in directory order. `accept` sees each entry as soon as its directory record is read,
 * before any of its data is, and may throw to refuse it (a size limit, an unexpected name).
 */
export async function readZipDirectory(file: Blob, accept: (entry: ZipEntry) => void = () => {}): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, file.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await bytesOf(file, tailStart, file.size);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const eocd = findEndOfDirectory(view);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) throw new ZipFormatError('multi-part archives are not supported');
  const count16 = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryStart = view.getUint32(eocd + 16, true);
  if (directoryStart === 0xffffffff || directorySize === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
  const directoryEnd = directoryStart + directorySize;
  if (directoryEnd > tailStart + eocd) throw new ZipFormatError('the central directory lies outside the file');
  const directory =
    directoryStart >= tailStart ? tail.subarray(directoryStart - tailStart, directoryEnd - tailStart) : await bytesOf(file, directoryStart, directoryEnd);
  const entries = parseDirectory(directory, directoryStart, accept);
  if ((entries.length & 0xffff) !== count16) throw new ZipFormatError(`the directory lists ${entries.length} entries, not the ${count16} it announces`);
  // An entry's data ends where the next local header begins, in file order.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  byOffset.forEach((entry, i) => {
    entry.end = byOffset[i + 1]?.localOffset ?? directoryStart;
    if (entry.end - entry.localOffset < 30 + entry.compressedSize) throw new ZipFormatError(`${entry.name} overlaps the next entry or the directory`);
  });
  return entries;
}

function parseDirectory(directory: Uint8Array, directoryStart: number, accept: (entry: ZipEntry) => void): ZipEntry[] {
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const entries: ZipEntry[] = [];
  const seen = new Map<string, string>();
  for (let at = 0; at < directory.length;) {
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
    const entry: ZipEntry = {
      name,
      method,
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      crc32: view.getUint32(at + 16, true),
      localOffset: view.getUint32(at + 42, true),
      end: 0,
    };
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

/** One entry, read from the file on its own. */
export async function readEntry(file: Blob, entry: ZipEntry): Promise<Uint8Array> {
  const { raw } = entryData(await bytesOf(file, entry.localOffset, entry.end), entry.localOffset, entry);
  return contentOf(entry, raw);
}
