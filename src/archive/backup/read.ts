import { measured } from '../../shared/perf-marks';
import { BACKUP_JSON, BACKUP_LIMITS, IMAGE_ENTRY, NOT_A_BACKUP, validateManifest, type BackupManifest } from './format';
import { ImportError } from '../errors';
import type { Message } from '../../core/message';
import { digestImages, type DigestResult, type Digester } from './image-digests';
import { packOf, type NewPack } from '../image-packs';
import type { StoredImage } from '../records';
import type { ImageType } from '../../core/image-sniff';
import { readEntry, readZipDirectory, ZipFormatError, type ZipEntry } from './zip-reader';
import { errorText } from '../../core/error-text';

/**
 * Reading a backup file and checking all of it: its ZIP structure and limits, `backup.json` field by field, and
 * every image byte for byte. Nothing here writes. The images are read and hashed by `digest` (in a worker, in the
 * archive page) while `backup.json` is parsed here; neither holds the whole file in memory.
 */

/** Each step of an import leaves a performance measure of this name and its own (scripts/bench-archive.ts prints them). */
export const IMPORT_MEASURE = 'rfi-reader:import:';

export const importStep = <T>(name: string, work: () => Promise<T>): Promise<T> => measured(`${IMPORT_MEASURE}${name}`, work);

export interface CheckedBackup {
  manifest: BackupManifest;
  /** Every image of the backup by its hash. */
  images: Map<string, CheckedImage>;
  file: Blob;
}

/**
 * The backup, read whole and checked; throws an ImportError that says what is wrong and where. `meanwhile` is given
 * the checked manifest while the images are still being read, for work the page would otherwise wait with; its
 * signal is aborted once they have been read (or have failed).
 */
export async function readBackup(
  input: Blob | Uint8Array,
  digest: Digester = digestImages,
  meanwhile?: (manifest: BackupManifest, imagesRead: AbortSignal) => void,
): Promise<CheckedBackup> {
  const file = input instanceof Blob ? input : new Blob([input as Uint8Array<ArrayBuffer>]);
  if (file.size > BACKUP_LIMITS.fileBytes) throw new ImportError(`Backup refused: the file is larger than ${BACKUP_LIMITS.fileBytes} bytes.`);
  const { json, imageEntries } = await importStep('directory', () => readZip(file));
  const stop = new AbortController();
  const digests = importStep('images', () => digest(file, [...imageEntries.values()], stop.signal));
  try {
    const manifest = await importStep('manifest', async () => validateManifest(parseJson(await unzipped(file, json))));
    if (meanwhile) {
      const read = new AbortController();
      const ended = () => read.abort();
      digests.then(ended, ended);
      meanwhile(manifest, read.signal);
    }
    const images = checkImages(manifest, imageEntries, new Map((await digests).map((d) => [d.name, d])));
    return { manifest, images, file };
  } catch (err) {
    // A refused manifest: the images need no more reading.
    stop.abort();
    digests.catch(() => {});
    throw err;
  }
}

/** An image of the backup, checked: where its bytes are in the file, or the bytes themselves if it was deflated. */
export interface CheckedImage {
  hash: string;
  type: ImageType;
  bytes: number;
  dataStart: number;
  inflated: Uint8Array | null;
}

export function storedImage({ hash, type, bytes, dataStart, inflated }: CheckedImage, file: Blob): StoredImage {
  const data = inflated ? new Blob([inflated as Uint8Array<ArrayBuffer>], { type }) : file.slice(dataStart, dataStart + bytes, type);
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
  const inFile = images.filter((i) => !i.inflated).sort((a, b) => a.dataStart - b.dataStart);
  for (let first = 0; first < inFile.length;) {
    const start = inFile[first]!.dataStart;
    let last = first;
    const endOf = (i: CheckedImage) => i.dataStart + i.bytes;
    while (last + 1 < inFile.length && inFile[last + 1]!.dataStart - endOf(inFile[last]!) <= PACK_GAP && endOf(inFile[last + 1]!) - start <= PACK_BYTES) last++;
    const run = inFile.slice(first, last + 1);
    packs.push({
      data: file.slice(start, endOf(inFile[last]!)),
      images: run.map(({ hash, type, bytes, dataStart }) => ({ hash, type, bytes, offset: dataStart - start })),
    });
    first = last + 1;
  }
  const inflated = images.filter((i) => i.inflated).map((i) => storedImage(i, file));
  if (inflated.length) packs.push(packOf(inflated));
  return packs;
}

/** A download cut short, said in the locale's words; the English message keeps the detail, which helps no user. */
const DAMAGED: Message = { key: 'archiveImportDamaged', substitutions: [] };

/** The ZIP's entries, refused on any unexpected name or oversized claim before anything is read for them. */
async function readZip(file: Blob): Promise<{ json: ZipEntry; imageEntries: Map<string, ZipEntry> }> {
  let json: ZipEntry | undefined;
  const imageEntries = new Map<string, ZipEntry>();
  let entries = 0;
  let total = 0;
  try {
    await readZipDirectory(file, (entry) => {
      if (++entries > BACKUP_LIMITS.entries) throw new ImportError(`Backup refused: more than ${BACKUP_LIMITS.entries} files in the archive.`);
      const image = IMAGE_ENTRY.exec(entry.name);
      const limit = entry.name === BACKUP_JSON ? BACKUP_LIMITS.jsonBytes : image ? BACKUP_LIMITS.imageBytes : -1;
      if (limit < 0) throw new ImportError(`Backup refused: unexpected file "${entry.name.slice(0, 100)}" in the archive.`, NOT_A_BACKUP);
      if (entry.size > limit) throw new ImportError(`Backup refused: ${entry.name} claims ${entry.size} bytes (limit ${limit}).`);
      total += entry.size;
      if (total > BACKUP_LIMITS.totalUnzippedBytes)
        throw new ImportError(`Backup refused: its files claim more than ${BACKUP_LIMITS.totalUnzippedBytes} bytes in all.`);
      if (image) imageEntries.set(image[1]!, entry);
      else json = entry;
    });
  } catch (err) {
    throw importErrorOf(err);
  }
  if (!json) throw new ImportError(`Backup refused: ${BACKUP_JSON} is missing from the archive.`, NOT_A_BACKUP);
  return { json, imageEntries };
}

function importErrorOf(err: unknown): Error {
  if (err instanceof ImportError) return err;
  // One the user can act on is said as it is; the rest, in a damaged or cut-short file, all come to the same.
  if (err instanceof ZipFormatError && err.text) return new ImportError(`Backup refused: ${err.message}.`, err.text);
  if (err instanceof ZipFormatError)
    return new ImportError(`Backup refused: the file is not a readable ZIP archive (${err.message}); it may be truncated or damaged.`, DAMAGED);
  return err instanceof Error ? err : new Error(String(err));
}

async function unzipped(file: Blob, entry: ZipEntry): Promise<Uint8Array> {
  try {
    return await readEntry(file, entry);
  } catch (err) {
    throw importErrorOf(err);
  }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new ImportError(`Backup refused: ${BACKUP_JSON} is not valid JSON (${errorText(err)}).`, DAMAGED);
  }
}

/**
 * Every listed image present, byte-exact (its SHA-256 is its name), of the declared type and size; nothing extra.
 * The first failure in list order is the one reported.
 */
function checkImages(manifest: BackupManifest, entries: Map<string, ZipEntry>, digests: Map<string, DigestResult>): Map<string, CheckedImage> {
  const listed = new Set(manifest.images.map((i) => i.hash));
  for (const name of entries.keys()) {
    if (!listed.has(name)) throw new ImportError(`Backup refused: images/${name} is not listed in ${BACKUP_JSON}.`);
  }
  const out = new Map<string, CheckedImage>();
  manifest.images.forEach((image, i) => {
    const entry = entries.get(image.hash);
    const where = `images[${i}] (images/${image.hash})`;
    if (!entry) throw new ImportError(`Backup refused: ${where} is missing from the archive.`);
    if (entry.size !== image.bytes) throw new ImportError(`Backup refused: ${where} has ${entry.size} bytes, not the ${image.bytes} listed.`);
    const digest = digests.get(entry.name)!;
    if ('error' in digest) throw importErrorOf(new ZipFormatError(digest.error, digest.text));
    if (digest.type !== image.type) throw new ImportError(`Backup refused: ${where} is not the ${image.type} it claims to be.`);
    if (digest.sha256 !== image.hash) throw new ImportError(`Backup refused: ${where} does not match its SHA-256: the file is damaged.`, DAMAGED);
    out.set(image.hash, { ...image, dataStart: digest.dataStart, inflated: digest.inflated });
  });
  return out;
}
