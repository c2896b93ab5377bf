import { unzipSync } from 'fflate';
import { BACKUP_JSON, BACKUP_LIMITS, IMAGE_ENTRY, validateManifest, type BackupManifest } from './backup-format';
import { ImportError } from './errors';
import { sniffImageType } from './image-sniff';
import { prepareRecord, type PreparedArticle } from './prepare';
import { isStoredRef, type SearchText, type StoredImage } from './records';
import { putRecord } from './record-writes';
import type { ArchiveDb } from './schema';
import { sha256Hex } from './sha256';
import { writeTransaction } from './transaction';

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

/**
 * Everything is read and checked before the one write transaction opens: a refused file throws an ImportError
 * and the archive is not touched. Merging keeps one record per URL: the newer `updatedAt` wins and the earliest
 * `savedAt` is kept.
 */
export async function importBackup(db: ArchiveDb, input: Blob | Uint8Array, win: Window): Promise<{ report: ImportReport; written: SearchText[] }> {
  const size = input instanceof Uint8Array ? input.length : input.size;
  if (size > BACKUP_LIMITS.fileBytes) throw new ImportError(`Backup refused: the file is larger than ${BACKUP_LIMITS.fileBytes} bytes.`);
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(await input.arrayBuffer());
  const { json, imageEntries } = readZip(bytes);
  const manifest = validateManifest(parseJson(json));
  const images = await checkImages(manifest, imageEntries);
  const prepared = manifest.articles.map((a, i) => {
    try {
      return prepareRecord(a, a.images.filter(isStoredRef).map((r) => images.get(r.hash)!), win);
    } catch (err) {
      throw new ImportError(`Backup refused: articles[${i}].article.contentHtml could not be sanitized (${String(err)}).`);
    }
  });
  return writeTransaction(db, (tx) => merge(tx, prepared));
}

async function merge(tx: Parameters<Parameters<typeof writeTransaction>[1]>[0], prepared: PreparedArticle[]) {
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, images: 0 };
  const written: SearchText[] = [];
  const imagesBefore = await tx.objectStore('images').count();
  // New articles (most of any import) are written without waiting on each request: the requests still run in
  // order inside the one transaction, but thousands of round trips to the database no longer add up.
  const known = new Set(await tx.objectStore('articles').getAllKeys());
  const storedImages = new Set(await tx.objectStore('images').getAllKeys());
  const queued: Promise<unknown>[] = [];
  for (const { record, images, search } of prepared) {
    if (!known.has(record.url)) {
      const wanted = new Set(record.imageHashes);
      for (const image of images) {
        if (!wanted.has(image.hash) || storedImages.has(image.hash)) continue;
        storedImages.add(image.hash);
        queued.push(tx.objectStore('images').put(image));
      }
      queued.push(tx.objectStore('articles').put(record), tx.objectStore('search').put(search));
      known.add(record.url);
      report.added++;
      written.push(search);
      continue;
    }
    const existing = await tx.objectStore('articles').get(record.url);
    if (!existing) continue;
    const savedAt = Math.min(existing.savedAt, record.savedAt);
    if (record.updatedAt > existing.updatedAt) {
      await putRecord(tx, { ...record, savedAt }, images, search, existing);
      written.push({ ...search, savedAt });
      report.updated++;
    } else if (savedAt < existing.savedAt) {
      const existingSearch = (await tx.objectStore('search').get(existing.url)) ?? search;
      await putRecord(tx, { ...existing, savedAt }, [], existingSearch, existing);
      written.push({ ...existingSearch, savedAt });
      report.updated++;
    } else {
      report.unchanged++;
    }
  }
  await Promise.all(queued);
  // Net count: an update can also drop images that only the older version used.
  report.images = Math.max(0, (await tx.objectStore('images').count()) - imagesBefore);
  return { report, written };
}

/** The ZIP's entries, refused on any unexpected name or oversized claim before fflate allocates for it. */
function readZip(bytes: Uint8Array): { json: Uint8Array; imageEntries: Map<string, Uint8Array> } {
  let entries = 0;
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (++entries > BACKUP_LIMITS.entries) throw new ImportError(`Backup refused: more than ${BACKUP_LIMITS.entries} files in the archive.`);
        const limit = file.name === BACKUP_JSON ? BACKUP_LIMITS.jsonBytes : IMAGE_ENTRY.test(file.name) ? BACKUP_LIMITS.imageBytes : -1;
        if (limit < 0) throw new ImportError(`Backup refused: unexpected file "${file.name.slice(0, 100)}" in the archive.`);
        if (file.originalSize > limit) throw new ImportError(`Backup refused: ${file.name} claims ${file.originalSize} bytes (limit ${limit}).`);
        total += file.originalSize;
        if (total > BACKUP_LIMITS.totalUnzippedBytes) throw new ImportError(`Backup refused: its files claim more than ${BACKUP_LIMITS.totalUnzippedBytes} bytes in all.`);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`Backup refused: the file is not a readable ZIP archive (${err instanceof Error ? err.message : String(err)}); it may be truncated or damaged.`);
  }
  const json = files[BACKUP_JSON];
  if (!json) throw new ImportError(`Backup refused: ${BACKUP_JSON} is missing from the archive.`);
  const imageEntries = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    const m = IMAGE_ENTRY.exec(name);
    if (m) imageEntries.set(m[1]!, data);
  }
  return { json, imageEntries };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new ImportError(`Backup refused: ${BACKUP_JSON} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
}

/** Every listed image present, byte-exact (its SHA-256 is its name), of the declared type and size; nothing extra. */
async function checkImages(manifest: BackupManifest, entries: Map<string, Uint8Array>): Promise<Map<string, StoredImage>> {
  const listed = new Set(manifest.images.map((i) => i.hash));
  for (const name of entries.keys()) {
    if (!listed.has(name)) throw new ImportError(`Backup refused: images/${name} is not listed in ${BACKUP_JSON}.`);
  }
  const out = new Map<string, StoredImage>();
  for (const [i, image] of manifest.images.entries()) {
    const data = entries.get(image.hash);
    const where = `images[${i}] (images/${image.hash})`;
    if (!data) throw new ImportError(`Backup refused: ${where} is missing from the archive.`);
    if (data.length !== image.bytes) throw new ImportError(`Backup refused: ${where} has ${data.length} bytes, not the ${image.bytes} listed.`);
    if ((await sha256Hex(data)) !== image.hash) throw new ImportError(`Backup refused: ${where} does not match its SHA-256: the file is damaged.`);
    if (sniffImageType(data) !== image.type) throw new ImportError(`Backup refused: ${where} is not the ${image.type} it claims to be.`);
    out.set(image.hash, { ...image, data: new Blob([data as BlobPart], { type: image.type }) });
  }
  return out;
}
