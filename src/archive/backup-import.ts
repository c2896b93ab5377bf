import { BACKUP_JSON, BACKUP_LIMITS, IMAGE_ENTRY, validateManifest, type BackupManifest } from './backup-format';
import { ImportError } from './errors';
import { sniffImageType } from './image-sniff';
import { prepareRecord, type PreparedArticle } from './prepare';
import { isStoredRef, rowOf, type SavedArticle, type SearchText, type StoredImage } from './records';
import { putRecord } from './record-writes';
import type { ArchiveDb } from './schema';
import { sha256Hex } from './sha256';
import { asTheOnlyImport, settleStagedImages, stageImages, unstageImages } from './staged-images';
import { writeTransaction, type WriteTx } from './transaction';
import { entryBytes, readZipDirectory, ZipFormatError, type ZipEntry } from './zip-reader';

export interface ImportReport {
  /** Articles that were not in the archive. */
  added: number;
  /** Articles already there that the backup made newer (or gave an earlier first-save time). */
  updated: number;
  /** Articles already there and at least as new. */
  unchanged: number;
  /** Images written that the archive did not hold yet. */
  images: number;
}

/** Images hashed at once: the digests run beside the page, and each holds a copy of its image meanwhile. */
const HASHING_AT_ONCE = 32;

/**
 * Everything is read and checked before anything is written: a refused file throws an ImportError and the archive
 * is not touched. Merging keeps one record per URL: the newer `updatedAt` wins and the earliest `savedAt` is kept.
 * The new images are staged first (staged-images.ts); the records, their rows and search texts then go in one
 * transaction, so the articles arrive all together or not at all.
 */
export async function importBackup(db: ArchiveDb, input: Blob | Uint8Array, win: Window | undefined): Promise<{ report: ImportReport; written: SearchText[] }> {
  const file = input instanceof Blob ? input : new Blob([input as Uint8Array<ArrayBuffer>]);
  if (file.size > BACKUP_LIMITS.fileBytes) throw new ImportError(`Backup refused: the file is larger than ${BACKUP_LIMITS.fileBytes} bytes.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { json, imageEntries } = readZip(bytes);
  const manifest = validateManifest(parseJson(await unzipped(bytes, json)));
  const images = await checkImages(manifest, imageEntries, bytes, file);
  return asTheOnlyImport(async () => {
    const plan = await planMerge(db, manifest.articles);
    const staged = [...new Set(plan.toPrepare.flatMap((a) => a.images.filter(isStoredRef).map((r) => r.hash)))]
      .filter((hash) => !plan.storedImages.has(hash))
      .map((hash) => images.get(hash)!);
    const staging = stageImages(db, staged);
    // Sanitizing and folding while the browser writes the images.
    let prepared: PreparedArticle[];
    try {
      prepared = plan.toPrepare.map((a) => {
        try {
          return prepareRecord(a, a.images.filter(isStoredRef).map((r) => images.get(r.hash)!), win);
        } catch (err) {
          throw new ImportError(`Backup refused: articles[${manifest.articles.indexOf(a)}].article.contentHtml could not be sanitized (${String(err)}).`);
        }
      });
    } finally {
      await staging.catch(() => {});
    }
    try {
      await staging;
      return await writeTransaction(db, (tx) => merge(tx, manifest.articles, prepared, staged, plan.imagesBefore));
    } catch (err) {
      await unstageImages(db).catch(() => {});
      throw err;
    }
  });
}

interface MergePlan {
  /** The backup's articles that will be written: new here, or newer than the version here. */
  toPrepare: SavedArticle[];
  storedImages: Set<string>;
  imagesBefore: number;
}

/** Which articles of the backup the archive wants, read before any write. */
async function planMerge(db: ArchiveDb, articles: SavedArticle[]): Promise<MergePlan> {
  const tx = db.transaction(['articles', 'images']);
  const [known, storedImages, imagesBefore] = await Promise.all([
    tx.objectStore('articles').getAllKeys(),
    tx.objectStore('images').getAllKeys(),
    tx.objectStore('images').count(),
  ]);
  const here = new Set(known);
  const existing = await Promise.all(articles.map((a) => (here.has(a.url) ? tx.objectStore('articles').get(a.url) : undefined)));
  await tx.done;
  return {
    toPrepare: articles.filter((a, i) => !existing[i] || a.updatedAt > existing[i].updatedAt),
    storedImages: new Set(storedImages),
    imagesBefore,
  };
}

/**
 * The records' transaction. It decides again against what the archive holds now (another page may have saved
 * meanwhile), and puts back any image a deletion elsewhere took since it was staged.
 */
async function merge(tx: WriteTx, articles: SavedArticle[], prepared: PreparedArticle[], staged: StoredImage[], imagesBefore: number) {
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, images: 0 };
  const written: SearchText[] = [];
  const byUrl = new Map(prepared.map((p) => [p.record.url, p]));
  const known = new Set(await tx.objectStore('articles').getAllKeys());
  const storedImages = new Set(await tx.objectStore('images').getAllKeys());
  // New articles (most of any import) are written without waiting on each request: the requests still run in
  // order inside the one transaction, but thousands of round trips to the database no longer add up.
  const queued: Promise<unknown>[] = [];
  for (const article of articles) {
    const mine = byUrl.get(article.url);
    if (!known.has(article.url)) {
      if (!mine) {
        // Deleted here since the plan: the reader's deletion stands.
        report.unchanged++;
        continue;
      }
      const { record, images, search } = mine;
      for (const image of images) {
        if (storedImages.has(image.hash)) continue;
        storedImages.add(image.hash);
        queued.push(tx.objectStore('images').put(image));
      }
      queued.push(tx.objectStore('articles').put(record), tx.objectStore('rows').put(rowOf(record)), tx.objectStore('search').put(search));
      known.add(record.url);
      report.added++;
      written.push(search);
      continue;
    }
    const existing = await tx.objectStore('articles').get(article.url);
    if (!existing) continue;
    const savedAt = Math.min(existing.savedAt, article.savedAt);
    if (mine && mine.record.updatedAt > existing.updatedAt) {
      await putRecord(tx, { ...mine.record, savedAt }, mine.images, mine.search, existing);
      written.push({ ...mine.search, savedAt });
      report.updated++;
    } else if (savedAt < existing.savedAt) {
      const existingSearch = (await tx.objectStore('search').get(existing.url))!;
      await putRecord(tx, { ...existing, savedAt }, [], existingSearch, existing);
      written.push({ ...existingSearch, savedAt });
      report.updated++;
    } else {
      report.unchanged++;
    }
  }
  await Promise.all(queued);
  const taken = new Set(written.flatMap((s) => byUrl.get(s.url)?.record.imageHashes ?? []));
  await settleStagedImages(tx, staged.map((i) => i.hash).filter((hash) => !taken.has(hash)));
  // Net count: an update can also drop images that only the older version used.
  report.images = Math.max(0, (await tx.objectStore('images').count()) - imagesBefore);
  return { report, written };
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
 * A stored image becomes a slice of the file (no copy); the first failure in list order is the one reported.
 */
async function checkImages(manifest: BackupManifest, entries: Map<string, ZipEntry>, bytes: Uint8Array, file: Blob): Promise<Map<string, StoredImage>> {
  const listed = new Set(manifest.images.map((i) => i.hash));
  for (const name of entries.keys()) {
    if (!listed.has(name)) throw new ImportError(`Backup refused: images/${name} is not listed in ${BACKUP_JSON}.`);
  }
  const out = new Map<string, StoredImage>();
  for (let start = 0; start < manifest.images.length; start += HASHING_AT_ONCE) {
    const batch = manifest.images.slice(start, start + HASHING_AT_ONCE);
    const checked = await Promise.all(
      batch.map(async (image, k): Promise<StoredImage | Error> => {
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
        const blob = entry.method === 0 ? file.slice(entry.dataStart, entry.dataStart + entry.size, image.type) : new Blob([data as Uint8Array<ArrayBuffer>], { type: image.type });
        return { ...image, data: blob };
      }),
    );
    for (const result of checked) {
      if (result instanceof Error) throw result;
      out.set(result.hash, result);
    }
  }
  return out;
}
