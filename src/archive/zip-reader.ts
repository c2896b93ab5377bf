/**
 * Reads a ZIP's central directory and hands out its entries as Blobs, without unzipping the whole archive into
 * memory: a stored entry (how backups keep their images) is a slice of the file, which the browser can write into
 * IndexedDB without the page ever copying it; a deflated one is inflated by the browser's own
 * DecompressionStream. (A whole-file unzip copied every image twice and made a Blob of each copy: at 10,000
 * articles that was most of the import's time.)
 *
 * Only what ZIP writers produce for a backup is read: no encryption, no ZIP64, stored or deflated entries. The
 * directory is walked by its byte size rather than its entry count, which holds only 16 bits.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  compressedSize: number;
  /** What the directory claims; checked against the real size when the entry is read. */
  size: number;
  /** Where the entry's data starts in the file. */
  dataStart: number;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/**
 * The entries of the ZIP in `bytes`, in directory order. `accept` sees each entry as soon as its header is read,
 * before any of its data is touched, and may throw to refuse it (a size limit, an unexpected name).
 */
export function readZipDirectory(bytes: Uint8Array, accept: (entry: ZipEntry) => void = () => {}): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfDirectory(view);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) throw new ZipFormatError('multi-part archives are not supported');
  const count16 = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryStart = view.getUint32(eocd + 16, true);
  if (directoryStart === 0xffffffff || directorySize === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not supported');
  if (directoryStart + directorySize > eocd) throw new ZipFormatError('the central directory lies outside the file');

  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  for (let at = directoryStart; at < directoryStart + directorySize; ) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) throw new ZipFormatError(`bad central directory record at byte ${at}`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > directoryStart + directorySize) throw new ZipFormatError(`central directory record at byte ${at} runs past the directory`);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (flags & 1) throw new ZipFormatError(`${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipFormatError(`${name} uses compression method ${method}`);
    const entry: ZipEntry = {
      name,
      method,
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      dataStart: 0,
    };
    accept(entry);
    const local = view.getUint32(at + 42, true);
    if (local + 30 > directoryStart || view.getUint32(local, true) !== LOCAL) throw new ZipFormatError(`${name} has no local header where the directory says`);
    entry.dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (entry.dataStart + entry.compressedSize > directoryStart) throw new ZipFormatError(`${name} runs past the end of the data`);
    if (method === 0 && entry.compressedSize !== entry.size) throw new ZipFormatError(`${name} is stored with two different sizes`);
    entries.push(entry);
    at = next;
  }
  if ((entries.length & 0xffff) !== count16) throw new ZipFormatError(`the directory lists ${entries.length} entries, not the ${count16} it announces`);
  return entries;
}

function findEndOfDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - EOCD_SIZE - MAX_COMMENT);
  for (let at = view.byteLength - EOCD_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD && at + EOCD_SIZE + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  throw new ZipFormatError('no end of central directory: the file is not a ZIP archive, or its end is missing');
}

/** The entry's raw bytes as they lie in the file (compressed, for a deflated entry). */
function rawBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  return bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
}

/**
 * The entry's content. A deflated entry is inflated, and refused as soon as it gives more bytes than the
 * directory claims (a ZIP bomb stops there) or when it gives fewer.
 */
export async function entryBytes(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  const raw = rawBytes(bytes, entry);
  if (entry.method === 0) return raw;
  const out = new Uint8Array(entry.size);
  let filled = 0;
  const inflated = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = inflated.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (filled + chunk.value.length > out.length) throw new ZipFormatError(`${entry.name} inflates to more than the ${entry.size} bytes it claims`);
      out.set(chunk.value, filled);
      filled += chunk.value.length;
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    if (err instanceof ZipFormatError) throw err;
    throw new ZipFormatError(`${entry.name} cannot be inflated (${err instanceof Error ? err.message : String(err)})`);
  }
  if (filled !== out.length) throw new ZipFormatError(`${entry.name} inflates to ${filled} bytes, not the ${entry.size} it claims`);
  return out;
}
