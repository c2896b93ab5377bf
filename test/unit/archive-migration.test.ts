import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openArchive } from '../../src/archive/archive';
import type { SavedArticle, StoredImage } from '../../src/archive/records';
import { DB_NAME, DB_VERSION } from '../../src/archive/schema';
import { dumpStores, jpegBytes, testWindow, variant } from '../support/archive';

/**
 * The archive as version 1 of the extension left it, written here by hand (not by the current code), so that the
 * upgrade is tested against the layout that was really shipped: articles and images, no search text, no meta.
 */
/** An image row as versions 1 and 2 wrote it. */
type V1Image = Omit<StoredImage, 'data'> & { data: ArrayBuffer };

/** The raw rows of the images store, as stored. */
async function rawImages(idb: IDBFactory): Promise<{ data: unknown }[]> {
  const request = idb.open(DB_NAME);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const rows = await new Promise<{ data: unknown }[]>((resolve) => {
    const get = db.transaction('images').objectStore('images').getAll();
    get.onsuccess = () => resolve(get.result as { data: unknown }[]);
  });
  db.close();
  return rows;
}

async function createV1Database(idb: IDBFactory, records: SavedArticle[], images: V1Image[]): Promise<void> {
  const request = idb.open(DB_NAME, 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    const articles = db.createObjectStore('articles', { keyPath: 'url' });
    articles.createIndex('by-saved', 'savedAt');
    articles.createIndex('by-section-saved', ['article.section', 'savedAt']);
    articles.createIndex('by-section', 'article.section');
    articles.createIndex('by-image', 'imageHashes', { multiEntry: true });
    db.createObjectStore('images', { keyPath: 'hash' });
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(['articles', 'images'], 'readwrite');
  for (const r of records) tx.objectStore('articles').put(r);
  for (const i of images) tx.objectStore('images').put(i);
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
  await createV1Database(idb, [simplified, traditional], [image]);
  const before = await dumpStores(idb);
  assert.deepEqual(Object.keys(before), ['articles', 'images']);

  const archive = await openArchive({ indexedDB: idb, window: testWindow });
  const after = await dumpStores(idb);
  assert.deepEqual(after.articles, before.articles);
  assert.deepEqual(after.images, before.images);
  assert.equal(after.search!.length, 2);
  assert.deepEqual(after.meta, []);
  assert.deepEqual(await idb.databases(), [{ name: DB_NAME, version: DB_VERSION }]);
  assert.ok((await rawImages(idb)).every((row) => row.data instanceof Blob), 'v3 keeps image bytes as Blobs');

  // Searchable in either script, through the texts the upgrade folded.
  assert.deepEqual(await archive.search('选举'), [traditional.url, simplified.url]);
  assert.deepEqual(await archive.search('臺灣 投票率'), [traditional.url]);
  assert.deepEqual(await archive.search('台湾选举结果'), [simplified.url]);
  // The rest of the archive works on the upgraded data.
  assert.deepEqual((await archive.list()).map((r) => r.url), [traditional.url, simplified.url]);
  const blobs = await archive.imagesFor((await archive.get(simplified.url))!);
  assert.deepEqual(new Uint8Array(await blobs.get(simplified.article.heroImage!.src)!.arrayBuffer()), bytes);
  // Nothing from version 1 is in a backup yet: the reminder counts it all (the index added in v2 covers old rows).
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: null, notBackedUp: 2 });
  await archive.exportBackup();
  assert.equal((await archive.backupStatus()).notBackedUp, 0);
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
