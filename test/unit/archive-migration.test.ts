import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openArchive } from '../../src/archive/archive';
import type { ArchiveRow, SavedArticle, SearchText, StoredImage } from '../../src/archive/records';
import { DB_NAME, DB_VERSION } from '../../src/archive/schema';
import { backupZip, dumpStores, jpegBytes, pendingCount, storeRows, testWindow, variant } from '../support/archive';
import { REPO } from '../support/corpus';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The archive as version 1 of the extension left it, written here by hand (not by the current code), so that the
 * upgrade is tested against the layout that was really shipped: articles and images, no search text, no meta.
 */
/** An image row as versions 1 and 2 wrote it. */
type V1Image = Omit<StoredImage, 'data'> & { data: ArrayBuffer };

/** The raw rows of a store, as stored. */
async function rawRows<T>(idb: IDBFactory, store: string): Promise<T[]> {
  const request = idb.open(DB_NAME);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const rows = await new Promise<T[]>((resolve) => {
    const get = db.transaction(store).objectStore(store).getAll();
    get.onsuccess = () => resolve(get.result as T[]);
  });
  db.close();
  return rows;
}

/** A database at `version` (1 or 3) as that version of the extension left it, with the rows given per store. */
async function createOldDatabase(idb: IDBFactory, version: 1 | 3, rows: Record<string, object[]>): Promise<void> {
  const request = idb.open(DB_NAME, version);
  request.onupgradeneeded = () => {
    const db = request.result;
    const articles = db.createObjectStore('articles', { keyPath: 'url' });
    articles.createIndex('by-saved', 'savedAt');
    articles.createIndex('by-section-saved', ['article.section', 'savedAt']);
    articles.createIndex('by-section', 'article.section');
    articles.createIndex('by-image', 'imageHashes', { multiEntry: true });
    db.createObjectStore('images', { keyPath: 'hash' });
    if (version === 3) {
      articles.createIndex('by-updated', 'updatedAt');
      db.createObjectStore('search', { keyPath: 'url' });
      db.createObjectStore('meta', { keyPath: 'key' });
    }
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(Object.keys(rows), 'readwrite');
  for (const [store, list] of Object.entries(rows)) for (const row of list) tx.objectStore(store).put(row);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

function v1Record(n: number, overrides: Parameters<typeof variant>[1], image?: V1Image): SavedArticle {
  const article = variant(n, overrides);
  const savedAt = Date.UTC(2023, 5, n);
  return {
    url: article.canonicalUrl,
    article,
    savedAt,
    updatedAt: savedAt,
    images: image ? [{ src: article.heroImage!.src, hash: image.hash, type: image.type, bytes: image.bytes }] : [],
    imageHashes: image ? [image.hash] : [],
    bytes: 1000,
  };
}

test('a version 1 archive opens with the current code: every record and image kept, and all of it searchable', async () => {
  const idb = new IDBFactory();
  const bytes = jpegBytes(7);
  // Versions 1 and 2 kept image bytes as an ArrayBuffer.
  const image: V1Image = { hash: 'a'.repeat(64), type: 'image/jpeg', bytes: bytes.length, data: bytes.slice().buffer };
  const simplified = v1Record(1, { section: '中国', title: '台湾选举结果' }, image);
  const traditional = v1Record(2, { section: '台灣', lang: 'zh-Hant', title: '臺灣選舉觀察', lead: '選舉投票率創新高', text: '民眾踴躍參與。' });
  await createOldDatabase(idb, 1, { articles: [simplified, traditional], images: [image] });
  const before = await dumpStores(idb);
  assert.deepEqual(Object.keys(before), ['articles', 'images']);

  const archive = await openArchive({ indexedDB: idb, window: testWindow });
  const after = await dumpStores(idb);
  assert.deepEqual(after.images, before.images);
  // Every record comes back whole, its plain text now kept in the search store alone.
  for (const record of [simplified, traditional]) assert.deepEqual(await archive.get(record.url), record);
  assert.ok(
    (after.articles as SavedArticle[]).every((r) => r.article.text === ''),
    'the articles store no longer holds the plain text',
  );
  assert.equal(after.search!.length, 2);
  assert.deepEqual(after.meta, []);
  assert.deepEqual(await idb.databases(), [{ name: DB_NAME, version: DB_VERSION }]);
  const packs = await rawRows<{ id: string; data: unknown }>(idb, 'packs');
  assert.ok(packs.length === 1 && packs[0]!.data instanceof Blob, 'image bytes are kept as Blobs, in packs');
  assert.deepEqual(await rawRows(idb, 'images'), [{ hash: image.hash, type: image.type, bytes: image.bytes, pack: packs[0]!.id, offset: 0 }]);
  assert.deepEqual(after.rows!.map((r) => (r as { title: string }).title).sort(), [traditional.article.title, simplified.article.title].sort());

  // Searchable in either script, through the texts the upgrade folded.
  assert.deepEqual(await archive.search('选举'), [traditional.url, simplified.url]);
  assert.deepEqual(await archive.search('臺灣 投票率'), [traditional.url]);
  assert.deepEqual(await archive.search('台湾选举结果'), [simplified.url]);
  // The rest of the archive works on the upgraded data.
  assert.deepEqual(
    (await archive.list()).map((r) => r.url),
    [traditional.url, simplified.url],
  );
  assert.deepEqual(await archive.sections(), [
    { section: '中国', count: 1 },
    { section: '台灣', count: 1 },
  ]);
  const blobs = await archive.imagesFor((await archive.get(simplified.url))!);
  assert.deepEqual(new Uint8Array(await blobs.get(simplified.article.heroImage!.src)!.arrayBuffer()), bytes);
  // Nothing from version 1 is in a backup yet: the reminder counts it all (the index added in v2 covers old rows).
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: null, notBackedUp: 2 });
  await backupZip(archive);
  assert.equal((await archive.backupStatus()).notBackedUp, 0);
  archive.close();
});

test('a version 3 archive (the last one shipped) gets its list rows, its images in packs and its search texts folded anew', async () => {
  const idb = new IDBFactory();
  const bytes = jpegBytes(8, 500);
  const image = { hash: 'b'.repeat(64), type: 'image/jpeg' as const, bytes: bytes.length, data: new Blob([bytes], { type: 'image/jpeg' }) };
  const record = v1Record(3, { section: '中国', title: '乾隆皇帝的画像', lead: '', text: '故宫展出。' }, { ...image, data: bytes.slice().buffer });
  // Version 3 folded with OpenCC's phrases: 乾隆 kept its 乾, while a query of 乾 alone became 干 and missed it.
  const search = { url: record.url, text: '乾隆皇帝的画像\n\n故宫展出。', section: '中国', savedAt: record.savedAt };
  await createOldDatabase(idb, 3, { articles: [record], images: [image], search: [search], meta: [{ key: 'lastBackupAt', value: record.savedAt - 1 }] });

  const archive = await openArchive({ indexedDB: idb, window: testWindow });
  assert.deepEqual(await archive.search('乾'), [record.url]);
  assert.deepEqual(await archive.search('乾隆'), [record.url]);
  assert.deepEqual(await archive.search('干隆'), [record.url], 'one character, one fold: both spellings meet');
  assert.deepEqual(
    (await archive.list()).map((r) => [r.url, r.thumb]),
    [[record.url, image.hash]],
  );
  assert.deepEqual(new Uint8Array(await (await archive.imageBlob(image.hash))!.arrayBuffer()), bytes);
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: record.savedAt - 1, notBackedUp: 1 });
  archive.close();
});

interface V4Dump {
  version: number;
  stores: { name: string; keyPath: string; indexes: { name: string; keyPath: string | string[]; multiEntry: boolean }[]; rows: unknown[] }[];
}

/** Blobs were dumped as base64: back to Blobs, as the v4 code had stored them. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v['$blob'] === 'string') return new Blob([Buffer.from(v['$blob'], 'base64')], { type: v['type'] as string });
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  }
  return value;
}

/** The archive the v4 code wrote (test/fixtures/archive-v4), restored store by store into a fresh database at version 4. */
async function v4Archive(): Promise<{ idb: IDBFactory; dump: V4Dump }> {
  const dump = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'archive-v4', 'archive.json'), 'utf8')) as V4Dump;
  const idb = new IDBFactory();
  const request = idb.open(DB_NAME, dump.version);
  request.onupgradeneeded = () => {
    for (const store of dump.stores) {
      const created = request.result.createObjectStore(store.name, { keyPath: store.keyPath });
      for (const index of store.indexes) created.createIndex(index.name, index.keyPath, { multiEntry: index.multiEntry });
      for (const row of store.rows) created.put(revive(row));
    }
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return { idb, dump };
}

test('a version 4 archive (written by the v4 code) keeps every record, row, image and note, and all of it is found by the new index', async () => {
  const { idb, dump } = await v4Archive();
  const before = await dumpStores(idb);
  const archive = await openArchive({ indexedDB: idb, window: testWindow });
  const after = await dumpStores(idb);
  for (const store of ['articles', 'rows', 'images', 'packs', 'search', 'meta']) assert.deepEqual(after[store], before[store], store);
  assert.equal(after['index']!.length, 7);
  assert.deepEqual(await idb.databases(), [{ name: DB_NAME, version: DB_VERSION }]);
  const texts = dump.stores.find((s) => s.name === 'search')!.rows as SearchText[];
  const rows = (dump.stores.find((s) => s.name === 'rows')!.rows as ArchiveRow[]).sort((a, b) => a.order - b.order || (a.url < b.url ? -1 : 1));
  // Every text is found by a phrase of its own, first while pending (read from the texts), then once indexed.
  const ownPhrase = (t: SearchText) => t.text.slice(40, 48).split(/\s/)[0]!;
  const expected = texts.map((t) => rows.filter((r) => texts.find((x) => x.url === r.url)!.text.includes(ownPhrase(t))).map((r) => r.url));
  const answers = () => Promise.all(texts.map((t) => archive.search(ownPhrase(t))));
  assert.deepEqual(await answers(), expected);
  assert.deepEqual(
    await archive.search('习近平'),
    rows.filter((r) => texts.find((x) => x.url === r.url)!.text.includes('习近平')).map((r) => r.url),
  );
  await archive.indexPending();
  assert.equal(await pendingCount(idb), 0);
  assert.equal((await storeRows(idb, 'segments')).length, 1);
  assert.deepEqual(await answers(), expected);
  for (const t of texts) assert.equal((await archive.get(t.url))!.article.text, t.text);
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: (before['meta']![0] as { value: number }).value, notBackedUp: 0 });
  archive.close();
});

test('reopening an up-to-date archive changes nothing', async () => {
  const idb = new IDBFactory();
  const first = await openArchive({ indexedDB: idb, window: testWindow });
  await first.save(variant(3), []);
  first.close();
  const before = await dumpStores(idb);
  const second = await openArchive({ indexedDB: idb, window: testWindow });
  assert.deepEqual(await dumpStores(idb), before);
  assert.equal(await second.count(), 1);
  second.close();
});

test('an open archive steps aside when a newer version of the extension opens the database', async () => {
  const idb = new IDBFactory();
  await openArchive({ indexedDB: idb, window: testWindow });
  const request = idb.open(DB_NAME, DB_VERSION + 1);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked by the open archive'));
  });
  assert.equal(db.version, DB_VERSION + 1);
  db.close();
});
