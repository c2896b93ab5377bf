import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { BACKUP_FORMAT, BACKUP_JSON, BACKUP_LIMITS, BACKUP_VERSION, type BackupImage } from './format';
import { withText, type SavedArticle } from '../records';
import type { ArchiveDb } from '../schema';

/**
 * Most that one backup file holds. A larger archive is written as several files, each a whole backup of its own
 * articles and their images, which imports on its own: 100,000 articles make a JSON text of some 2 GB, longer than a
 * browser's longest string, and with their images far more than an import may read (BACKUP_LIMITS). The articles'
 * JSON is counted in characters; as UTF-8 (up to three bytes each for Chinese) it stays, with the image list, under
 * what an import reads of `backup.json`.
 */
export const BACKUP_FILE_LIMITS = {
  articles: 20_000,
  imageBytes: 512 * 1024 ** 2,
  jsonChars: Math.floor(BACKUP_LIMITS.jsonBytes / 3) - 8 * 1024 ** 2,
};
export type BackupFileLimits = typeof BACKUP_FILE_LIMITS;

/** A backup file as it is made: its number (from 1) and whether more files follow it. */
export interface BackupFile {
  zip: Blob;
  number: number;
  more: boolean;
  /** Articles in this file and the ones before it. */
  articlesSoFar: number;
}

/** Articles read per transaction: a few megabytes of records and images at a time. */
const READ_BATCH = 200;
/** Bytes of ZIP output gathered before they are handed to a Blob, which the browser may keep out of the page's memory. */
const BLOB_PART_BYTES = 32 * 1024 ** 2;
/** `backup.json` is deflated in pieces of about this many characters. */
const JSON_PIECE_CHARS = 1 << 20;

/**
 * The whole archive as backup files, handed to `onFile` one by one as each is complete, so that no more than one is
 * in memory: `backup.json` (records and image list) and `images/<sha256>` with the stored bytes. Articles are read
 * in key order a batch per transaction, each batch with its texts and images, so every file is consistent in itself;
 * an article saved or deleted while the backup is made is in it or not, as it would be a moment earlier or later.
 * Returns the number of files (one, with no articles, for an empty archive).
 */
export async function exportBackup(
  db: ArchiveDb,
  exportedAt: number,
  onFile: (file: BackupFile) => Promise<void> | void,
  limits: BackupFileLimits = BACKUP_FILE_LIMITS,
): Promise<number> {
  let file = new BackupFileWriter(exportedAt);
  let number = 1;
  let articlesSoFar = 0;
  const finish = async (more: boolean) => {
    articlesSoFar += file.articles;
    await onFile({ zip: file.finish(), number, more, articlesSoFar });
  };
  for (let after: string | undefined; ;) {
    const batch = await readBatch(db, after);
    if (!batch.records.length) break;
    for (const record of batch.records) {
      const json = JSON.stringify(record);
      const images = [...new Set(record.imageHashes)].map((h) => batch.images.get(h)!);
      if (file.articles > 0 && !file.fits(json, images, limits)) {
        await finish(true);
        file = new BackupFileWriter(exportedAt);
        number++;
      }
      file.add(json, images);
    }
    after = batch.records.at(-1)!.url;
  }
  await finish(false);
  return number;
}

interface ImageBytes extends BackupImage {
  data: Uint8Array;
}

/** A batch of records in key order after `after`, whole (with their texts), and the bytes of their images. */
async function readBatch(db: ArchiveDb, after: string | undefined): Promise<{ records: SavedArticle[]; images: Map<string, ImageBytes> }> {
  const tx = db.transaction(['articles', 'search', 'images', 'packs']);
  const stored = await tx.objectStore('articles').getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), READ_BATCH);
  const hashes = [...new Set(stored.flatMap((r) => r.imageHashes))];
  const [texts, rows] = await Promise.all([
    Promise.all(stored.map((r) => tx.objectStore('search').get(r.url))),
    Promise.all(hashes.map((h) => tx.objectStore('images').get(h))),
  ]);
  const packs = await Promise.all([...new Set(rows.map((r) => r!.pack))].map((id) => tx.objectStore('packs').get(id)));
  await tx.done;
  const images = new Map<string, ImageBytes>();
  for (const pack of packs) {
    const bytes = new Uint8Array(await pack!.data.arrayBuffer());
    for (const row of rows) {
      // A copy: the pack's other images need not stay in memory with it.
      if (row!.pack === pack!.id)
        images.set(row!.hash, { hash: row!.hash, type: row!.type, bytes: row!.bytes, data: bytes.slice(row!.offset, row!.offset + row!.bytes) });
    }
  }
  // Each record whole, its plain text from its search row (the backup format has always carried it).
  return { records: stored.map((r, i) => withText(r, texts[i])), images };
}

/** One backup file, written as it goes: images as they come, `backup.json` at the end. */
class BackupFileWriter {
  articles = 0;
  readonly #articleJson: string[] = [];
  #jsonChars = 0;
  readonly #images = new Map<string, BackupImage>();
  #imageBytes = 0;
  readonly #zip: Zip;
  readonly #blobs: Blob[] = [];
  #chunks: Uint8Array[] = [];
  #chunkBytes = 0;
  readonly #exportedAt: number;

  constructor(exportedAt: number) {
    this.#exportedAt = exportedAt;
    this.#zip = new Zip((err, chunk) => {
      if (err) throw err;
      this.#chunks.push(chunk);
      this.#chunkBytes += chunk.length;
      if (this.#chunkBytes >= BLOB_PART_BYTES) this.#toBlob();
    });
  }

  fits(json: string, images: ImageBytes[], limits: BackupFileLimits): boolean {
    const imageBytes = images.reduce((sum, i) => sum + (this.#images.has(i.hash) ? 0 : i.bytes), this.#imageBytes);
    return this.articles < limits.articles && this.#jsonChars + json.length <= limits.jsonChars && imageBytes <= limits.imageBytes;
  }

  add(json: string, images: ImageBytes[]): void {
    for (const { hash, type, bytes, data } of images) {
      if (this.#images.has(hash)) continue;
      // Images are compressed already: stored as they are, which is also the fastest to write and to read back.
      const entry = new ZipPassThrough(`images/${hash}`);
      this.#zip.add(entry);
      entry.push(data, true);
      this.#images.set(hash, { hash, type, bytes });
      this.#imageBytes += bytes;
    }
    this.#articleJson.push(json);
    this.#jsonChars += json.length;
    this.articles++;
  }

  finish(): Blob {
    const entry = new ZipDeflate(BACKUP_JSON, { level: 6 });
    this.#zip.add(entry);
    // The manifest's own fields, then its articles piece by piece: one string of all of them could pass a string's longest.
    const head = JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: this.#exportedAt, images: [...this.#images.values()] });
    let piece = `${head.slice(0, -1)},"articles":[`;
    this.#articleJson.forEach((json, i) => {
      piece += (i ? ',' : '') + json;
      if (piece.length >= JSON_PIECE_CHARS) {
        entry.push(strToU8(piece));
        piece = '';
      }
    });
    entry.push(strToU8(`${piece}]}`), true);
    this.#zip.end();
    this.#toBlob();
    return new Blob(this.#blobs, { type: 'application/zip' });
  }

  #toBlob(): void {
    this.#blobs.push(new Blob(this.#chunks as Uint8Array<ArrayBuffer>[]));
    this.#chunks = [];
    this.#chunkBytes = 0;
  }
}
