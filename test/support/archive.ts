import 'fake-indexeddb/auto';
import { JSDOM } from 'jsdom';
import { wrap } from 'idb';
import { openArchive, type Archive } from '../../src/archive/archive';
import type { BackupFile, BackupFileLimits } from '../../src/archive/backup/export';
import { articleImageSources } from '../../src/core/article';
import type { FetchedImage } from '../../src/saving/fetch-images';
import { DB_NAME } from '../../src/archive/schema';
import type { Article } from '../../src/core/article';
import { seedArticle } from './articles';

export { seedArticle } from './articles';

/** One DOM for sanitizing in Node, as the reader page's own window does in the browser. */
export const testWindow = new JSDOM('').window as unknown as Window;

/** A clock the test moves by hand, so that save times and their order are known. */
export function manualClock(start = Date.UTC(2024, 0, 1)) {
  let t = start;
  return { now: () => t, advance: (ms = 1000) => (t += ms) };
}

/** A fresh, empty fake IndexedDB per call: tests never see each other's data. */
export async function freshArchive(now?: () => number): Promise<{ archive: Archive; idb: IDBFactory }> {
  const idb = new IDBFactory();
  return { archive: await openArchive({ indexedDB: idb, window: testWindow, ...(now ? { now } : {}) }), idb };
}

/** The seed under another URL (and section), with a body image of its own: a distinct article for the archive. */
export function variant(n: number, overrides: Partial<Article> = {}): Article {
  const a = seedArticle();
  const url = `https://www.rfi.fr/cn/${encodeURIComponent(overrides.section ?? a.section)}/20240101-article-${n}`;
  const image = { src: `https://s.rfi.fr/media/display/body-${n}/w:640/p:16x9/photo.jpg`, alt: '', caption: `图 ${n}`, credit: '' };
  return { ...a, url, canonicalUrl: url, title: `${a.title} ${n}`, images: [image], ...overrides };
}

/** Bytes that a browser would sniff as JPEG (or PNG), distinct per `n`. */
export function jpegBytes(n: number, size = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  for (let i = 4; i < size; i++) bytes[i] = (n * 31 + i * 7) & 0xff;
  return bytes;
}

export function fetchedFor(article: Article, n = 0): FetchedImage[] {
  return articleImageSources(article).map((src, i) => ({ src, bytes: jpegBytes(n * 100 + i), type: 'image/jpeg' as const }));
}

/**
 * Every store of the archive database as plain JSON, bytes as hex: equal dumps mean an unchanged archive. Image
 * rows are given with their own bytes (read from their pack) and without where they lie, so that two archives
 * holding the same images compare equal however they packed them; the packs are dumped as they are.
 */
export async function dumpStores(idb: IDBFactory): Promise<Record<string, unknown[]>> {
  const request = idb.open(DB_NAME);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const wrapped = wrap(db);
  const out: Record<string, unknown[]> = {};
  const names = Array.from(db.objectStoreNames).sort();
  const rows = new Map(await Promise.all(names.map(async (name) => [name, (await wrapped.getAll(name as never)) as Record<string, unknown>[]] as const)));
  db.close();
  // Versions before 4 kept image bytes in the image row, as an ArrayBuffer (v1, v2) or a Blob (v3).
  const hexOf = async (v: unknown) =>
    v instanceof Blob ? Buffer.from(await v.arrayBuffer()).toString('hex') : v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : v;
  const packs = new Map((rows.get('packs') ?? []).map((p) => [p['id'], p['data'] as Blob]));
  for (const [name, list] of rows) {
    const plain = await Promise.all(
      list.map(async (row) => {
        if (name === 'images' && 'pack' in row) {
          const { pack, offset, ...image } = row as { pack: string; offset: number; bytes: number };
          return { ...image, data: await hexOf(packs.get(pack)!.slice(offset, offset + image.bytes)) };
        }
        return 'data' in row ? { ...row, data: await hexOf(row['data']) } : row;
      }),
    );
    out[name] = plain.map((row) => JSON.parse(JSON.stringify(row)));
  }
  return withIndexAsUrls(out);
}

/**
 * The search index's stores numbered by document, and numbers differ between two archives holding the same articles
 * (a rolled-back import used some): a dump gives the index as what it stands for, the URLs of its current documents.
 */
function withIndexAsUrls(dump: Record<string, unknown[]>): Record<string, unknown[]> {
  if (!('docs' in dump)) return dump;
  const { docs = [], segments: _s, grams: _g, ...rest } = dump;
  const urls = (docs as { urls: (string | null)[] }[]).flatMap((b) => b.urls.filter((u): u is string => typeof u === 'string'));
  return {
    ...rest,
    index: urls.sort(),
    meta: (rest['meta'] ?? []).filter((m) => !['nextDoc', 'nextSegment'].includes((m as { key: string }).key)),
    search: (rest['search'] ?? []).map((row) => {
      const { doc: _d, ...text } = row as { doc?: number };
      return text;
    }),
  };
}

/** The dump without its packs: for archives that hold the same images in other packs (undo packs them anew). */
export function withoutPacks(dump: Record<string, unknown[]>): Record<string, unknown[]> {
  const { packs: _, ...rest } = dump;
  return rest;
}

/** Each pack's size and the bytes of the images still in it: a pack with nothing, or little, alive is wasted space. */
export async function packFill(idb: IDBFactory): Promise<{ id: string; size: number; live: number }[]> {
  const request = idb.open(DB_NAME);
  const db = wrap(
    await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }),
  );
  const [packs, images] = await Promise.all([db.getAll('packs' as never), db.getAll('images' as never)]);
  db.close();
  return (packs as { id: string; data: Blob }[]).map((p) => ({
    id: p.id,
    size: p.data.size,
    live: (images as { pack: string; bytes: number }[]).filter((i) => i.pack === p.id).reduce((sum, i) => sum + i.bytes, 0),
  }));
}

/**
 * Makes every write to the search store (the last one a save makes, after the record and its images) fail as a
 * full disk does, then puts the real method back. The global IDBObjectStore is fake-indexeddb's.
 */
export async function withFullDisk<T>(how: 'request fails' | 'put throws', run: () => Promise<T>, store = 'search'): Promise<T> {
  type FakeStore = IDBObjectStore & { transaction: { _execRequestAsync(request: object): IDBRequest } };
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  proto.put = function (this: FakeStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name !== store) return put.apply(this, args);
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    if (how === 'put throws') throw quota;
    // As browsers report it: the request fails asynchronously and the transaction aborts with that error.
    return this.transaction._execRequestAsync({
      operation: () => {
        throw quota;
      },
      source: this,
    });
  };
  try {
    return await run();
  } finally {
    proto.put = put;
  }
}

/** Aborts the transaction at its `n`th put, as a browser does to the transactions of a window being closed. */
export async function abortingAtPut<T>(n: number, run: () => Promise<T>): Promise<{ result: T; puts: number }> {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  let puts = 0;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (++puts === n) this.transaction.abort();
    return put.apply(this, args);
  };
  try {
    return { result: await run(), puts };
  } finally {
    proto.put = put;
  }
}

/** How many current texts no segment of the search index holds yet (search/doc-table.ts). */
export async function pendingCount(idb: IDBFactory): Promise<number> {
  const segments = await storeRows<{ end: number }>(idb, 'segments');
  const end = segments.at(-1)?.end ?? 0;
  const blocks = await storeRows<{ block: number; urls: (string | null)[] }>(idb, 'docs');
  return blocks.reduce((n, b) => n + b.urls.filter((url, i) => url && (b.block << 10) + i >= end).length, 0);
}

/** The rows of one store exactly as stored: image rows with their pack and offset, packs with their Blob. */
export async function storeRows<T = Record<string, unknown>>(idb: IDBFactory, store: string): Promise<T[]> {
  const request = idb.open(DB_NAME);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const rows = (await wrap(db).getAll(store as never)) as T[];
  db.close();
  return rows;
}

/** Every backup file the archive makes, in order (several once it is larger than `limits` allow). */
export async function backupFiles(archive: Archive, limits?: BackupFileLimits): Promise<BackupFile[]> {
  const files: BackupFile[] = [];
  await archive.exportBackup((file) => void files.push(file), limits);
  return files;
}

/** The archive's backup, which must be one file: its bytes. */
export async function backupZip(archive: Archive): Promise<Uint8Array<ArrayBuffer>> {
  const files = await backupFiles(archive);
  if (files.length !== 1) throw new Error(`the backup took ${files.length} files`);
  return new Uint8Array(await files[0]!.zip.arrayBuffer());
}
