import { BACKUP_JSON, BACKUP_LIMITS, IMAGE_ENTRY, validateManifest, type BackupManifest } from './backup-format';
import { ImportError } from './errors';
import { packOf, type NewPack } from './image-packs';
import { sniffImageType } from './image-sniff';
import type { ImageType, StoredImage } from './records';
import { sha256Hex } from './sha256';
import { measured } from '../perf-marks';
import { entryBytes, readZipDirectory, ZipFormatError, type ZipEntry } from './zip-reader';

/**
 * Reading a backup file and checking all of it: its ZIP structure and limits, `backup.json` field by field, and
 * every image byte for byte. Nothing here writes.
 */

/** Each step of an import leaves a performance measure of this name and its own (scripts/bench-archive.ts prints them). */
export const IMPORT_MEASURE = 'rfi-reader:import:';

export const importStep = <T>(name: string, work: () => Promise<T>): Promise<T> => measured(`${IMPORT_MEASURE}${name}`, work);

/** Images hashed at once: the digests run beside the page, and each holds a copy of its image meanwhile. */
const HASHING_AT_ONCE = 32;

export interface CheckedBackup {
  manifest: BackupManifest;
  /** Every image of the backup by its hash. */
  images: Map<string, CheckedImage>;
  file: Blob;
}

/** The backup, read whole and checked; throws an ImportError that says what is wrong and where. */
export async function readBackup(input: Blob | Uint8Array): Promise<CheckedBackup> {
  const file = input instanceof Blob ? input : new Blob([input as Uint8Array<ArrayBuffer>]);
  if (file.size > BACKUP_LIMITS.fileBytes) throw new ImportError(`Backup refused: the file is larger than ${BACKUP_LIMITS.fileBytes} bytes.`);
  const bytes = await importStep('read', () => readAll(file));
  const { json, imageEntries } = readZip(bytes);
  const manifest = await importStep('manifest', async () => validateManifest(parseJson(await unzipped(bytes, json))));
  const images = await importStep('images', () => checkImages(manifest, imageEntries, bytes));
  return { manifest, images, file };
}

/** The file's bytes, streamed into one buffer: Firefox reads a large file twice as fast so as through arrayBuffer(). */
async function readAll(file: Blob): Promise<Uint8Array> {
  const out = new Uint8Array(file.size);
  let filled = 0;
  const reader = file.stream().getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    out.set(chunk.value, filled);
    filled += chunk.value.length;
  }
  return out;
}

/** An image of the backup, checked: where its bytes are in the file, or the bytes themselves if it was deflated. */
export interface CheckedImage {
  hash: string;
  type: ImageType;
  bytes: number;
  entry: ZipEntry;
  inflated: Uint8Array | null;
}

export function storedImage({ hash, type, bytes, entry, inflated }: CheckedImage, file: Blob): StoredImage {
  const data = inflated ? new Blob([inflated as Uint8Array<ArrayBuffer>], { type }) : file.slice(entry.dataStart, entry.dataStart + bytes, type);
  return { hash, type, bytes, data };
}

/** Largest pack an import writes, and the most bytes between two images that a pack may carry along. */
const PACK_BYTES = 32 * 1024 ** 2;
const PACK_GAP = 1024;

/**
 * Packs for the images: stored entries lying one after the other in the file (a backup's images are) become one
 * slice of it, with only their ZIP headers between them; deflated ones are packed from their bytes.
 */
export function packsOf(images: CheckedImage[], file: Blob): NewPack[] {
  const packs: NewPack[] = [];
  const inFile = images.filter((i) => !i.inflated).sort((a, b) => a.entry.dataStart - b.entry.dataStart);
  for (let first = 0; first < inFile.length; ) {
    const start = inFile[first]!.entry.dataStart;
    let last = first;
    const endOf = (i: CheckedImage) => i.entry.dataStart + i.bytes;
    while (last + 1 < inFile.length && inFile[last + 1]!.entry.dataStart - endOf(inFile[last]!) <= PACK_GAP && endOf(inFile[last + 1]!) - start <= PACK_BYTES) last++;
    const run = inFile.slice(first, last + 1);
    packs.push({ data: file.slice(start, endOf(inFile[last]!)), images: run.map(({ hash, type, bytes, entry }) => ({ hash, type, bytes, offset: entry.dataStart - start })) });
    first = last + 1;
  }
  const inflated = images.filter((i) => i.inflated).map((i) => storedImage(i, file));
  if (inflated.length) packs.push(packOf(inflated));
  return packs;
}

/** The ZIP's entries, refused on any unexpected name or oversized claim before anything is read for them. */
function readZip(bytes: Uint8Array): { json: ZipEntry; imageEntries: Map<string, ZipEntry> } {
  let json: ZipEntry | undefined;
  const imageEntries = new Map<string, ZipEntry>();
  let entries = 0;
  let total = 0;
  try {
    readZipDirectory(bytes, (entry) => {
      if (++entries > BACKUP_LIMITS.entries) throw new ImportError(`Backup refused: more than ${BACKUP_LIMITS.entries} files in the archive.`);
      const image = IMAGE_ENTRY.exec(entry.name);
      const limit = entry.name === BACKUP_JSON ? BACKUP_LIMITS.jsonBytes : image ? BACKUP_LIMITS.imageBytes : -1;
      if (limit < 0) throw new ImportError(`Backup refused: unexpected file "${entry.name.slice(0, 100)}" in the archive.`);
      if (entry.size > limit) throw new ImportError(`Backup refused: ${entry.name} claims ${entry.size} bytes (limit ${limit}).`);
      total += entry.size;
      if (total > BACKUP_LIMITS.totalUnzippedBytes) throw new ImportError(`Backup refused: its files claim more than ${BACKUP_LIMITS.totalUnzippedBytes} bytes in all.`);
      if (image) imageEntries.set(image[1]!, entry);
      else json = entry;
    });
  } catch (err) {
    throw importErrorOf(err);
  }
  if (!json) throw new ImportError(`Backup refused: ${BACKUP_JSON} is missing from the archive.`);
  return { json, imageEntries };
}

function importErrorOf(err: unknown): Error {
  if (err instanceof ImportError) return err;
  if (err instanceof ZipFormatError) return new ImportError(`Backup refused: the file is not a readable ZIP archive (${err.message}); it may be truncated or damaged.`);
  return err instanceof Error ? err : new Error(String(err));
}

async function unzipped(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  try {
    return await entryBytes(bytes, entry);
  } catch (err) {
    throw importErrorOf(err);
  }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new ImportError(`Backup refused: ${BACKUP_JSON} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
}

/**
 * Every listed image present, byte-exact (its SHA-256 is its name), of the declared type and size; nothing extra.
 * The first failure in list order is the one reported.
 */
async function checkImages(manifest: BackupManifest, entries: Map<string, ZipEntry>, bytes: Uint8Array): Promise<Map<string, CheckedImage>> {
  const listed = new Set(manifest.images.map((i) => i.hash));
  for (const name of entries.keys()) {
    if (!listed.has(name)) throw new ImportError(`Backup refused: images/${name} is not listed in ${BACKUP_JSON}.`);
  }
  const out = new Map<string, CheckedImage>();
  for (let start = 0; start < manifest.images.length; start += HASHING_AT_ONCE) {
    const batch = manifest.images.slice(start, start + HASHING_AT_ONCE);
    const checked = await Promise.all(
      batch.map(async (image, k): Promise<CheckedImage | Error> => {
        const entry = entries.get(image.hash);
        const where = `images[${start + k}] (images/${image.hash})`;
        if (!entry) return new ImportError(`Backup refused: ${where} is missing from the archive.`);
        if (entry.size !== image.bytes) return new ImportError(`Backup refused: ${where} has ${entry.size} bytes, not the ${image.bytes} listed.`);
        let data: Uint8Array;
        try {
          data = await entryBytes(bytes, entry);
        } catch (err) {
          return importErrorOf(err);
        }
        if (sniffImageType(data) !== image.type) return new ImportError(`Backup refused: ${where} is not the ${image.type} it claims to be.`);
        if ((await sha256Hex(data)) !== image.hash) return new ImportError(`Backup refused: ${where} does not match its SHA-256: the file is damaged.`);
        return { ...image, entry, inflated: entry.method === 0 ? null : data };
      }),
    );
    for (const result of checked) {
      if (result instanceof Error) throw result;
      out.set(result.hash, result);
    }
  }
  return out;
}
