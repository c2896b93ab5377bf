import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { wrap } from 'idb';
import { ArchiveFullError, openArchive, type Archive } from '../../src/archive/archive';
import { packOf } from '../../src/archive/image-packs';
import { beginImport, rollBackImport, stageImages } from '../../src/archive/backup/import-journal';
import { DB_NAME, type ArchiveDb } from '../../src/archive/schema';
import type { FetchedImage } from '../../src/saving/fetch-images';
import { articleImageSources } from '../../src/core/article';
import type { Article } from '../../src/core/article';
import { backupZip, dumpStores, freshArchive, jpegBytes, manualClock, packFill, storeRows, testWindow, variant, withFullDisk } from '../support/archive';

/** More new articles than an import writes in one transaction (100), so that it writes them in two. */
const IN_BACKUP = 150;

/** Short bodies: what is tested is how the import writes, and fake-indexeddb is slow with large records. */
const small = (n: number, overrides: Partial<Article> = {}) => variant(n, { contentHtml: `<p>第 ${n} 篇。</p>`, text: `第 ${n} 篇。`, ...overrides });

/** Image bytes unique to `n` (jpegBytes repeats itself every 256). */
function photo(n: number, size = 128): Uint8Array<ArrayBuffer> {
  const bytes = jpegBytes(n, size);
  new DataView(bytes.buffer).setUint32(4, n);
  return bytes;
}

/** Every image of the article, fetched; `n` picks bytes that no other `n` has. */
const photosFor = (article: Article, n: number): Extract<FetchedImage, { bytes: Uint8Array }>[] =>
  articleImageSources(article).map((src, i) => ({ src, bytes: photo(n * 2 + i), type: 'image/jpeg' as const }));

let backup: Promise<Uint8Array> | undefined;

/**
 * A backup of IN_BACKUP articles with two images each, made once. One image is deflated in the ZIP: an import packs
 * it apart from the run of stored ones, so that staging the images takes two transactions as well.
 */
function bigBackup(): Promise<Uint8Array> {
  backup ??= (async () => {
    const clock = manualClock(Date.UTC(2024, 0, 1));
    const { archive } = await freshArchive(clock.now);
    for (let n = 1; n <= IN_BACKUP; n++) {
      await archive.save(small(n), photosFor(small(n), n));
      clock.advance();
    }
    const files = unzipSync(await backupZip(archive));
    archive.close();
    const names = Object.keys(files);
    const deflated = names.find((name) => name.startsWith('images/'));
    return zipSync(Object.fromEntries(names.map((name) => [name, [files[name]!, { level: name === deflated || name === 'backup.json' ? 6 : 0 }]])) as Zippable);
  })();
  return backup;
}

/**
 * The archive the backup goes into: an older version of article 1 (so that the import's last transaction has an
 * update to write, which drops that version's images), an article of its own, and the time of its last backup.
 */
async function target() {
  const clock = manualClock(Date.UTC(2023, 5, 1));
  const made = await freshArchive(clock.now);
  await made.archive.save(small(1, { title: '本地旧版' }), photosFor(small(1), 1001));
  clock.advance();
  await made.archive.save(small(1000), photosFor(small(1000), 1000));
  clock.advance();
  await backupZip(made.archive);
  return { ...made, clock, before: await dumpStores(made.idb) };
}

/**
 * Runs `work` and calls `opened` with each readwrite transaction it opens (the n-th counted from 1). The
 * global IDBDatabase is fake-indexeddb's; idb calls its `transaction` for every transaction it opens.
 */
async function watchingWrites<T>(opened: (tx: IDBTransaction, n: number) => void, work: () => Promise<T>): Promise<T> {
  const proto = IDBDatabase.prototype;
  const transaction = proto.transaction;
  let n = 0;
  proto.transaction = function (this: IDBDatabase, ...args: unknown[]) {
    const tx = (transaction as (...a: unknown[]) => IDBTransaction).apply(this, args);
    // Not the search index's segments, written once the import is done (texts it has not indexed yet stay found).
    const names = Array.from(tx.objectStoreNames);
    if (tx.mode === 'readwrite' && !(names.includes('grams') && !names.includes('articles'))) opened(tx, ++n);
    return tx;
  } as typeof transaction;
  try {
    return await work();
  } finally {
    proto.transaction = transaction;
  }
}

let transactions: Promise<string[][]> | undefined;

/** The stores of every readwrite transaction a successful import of the big backup opens, in order (found once). */
function transactionsOfImport(): Promise<string[][]> {
  transactions ??= countTransactions();
  return transactions;
}

async function countTransactions(): Promise<string[][]> {
  const { archive } = await target();
  const stores: string[][] = [];
  const report = await watchingWrites(
    (tx) => stores.push(Array.from(tx.objectStoreNames)),
    async () => archive.importBackup(await bigBackup()),
  );
  assert.deepEqual(report, { added: IN_BACKUP - 1, updated: 1, unchanged: 0, images: 2 * IN_BACKUP - 2 });
  const articleWrites = stores.filter((s) => s.includes('articles'));
  assert.ok(articleWrites.length >= 3, `new articles in two transactions or more, updates in the last: ${JSON.stringify(stores)}`);
  assert.ok(stores.filter((s) => s.includes('packs') && !s.includes('articles')).length >= 2, `images staged in two transactions: ${JSON.stringify(stores)}`);
  archive.close();
  return stores;
}

/**
 * Imports with the `at`-th readwrite transaction aborted at its first put (made first, so that the transaction
 * has something to take back), as a browser aborts the transactions of a window it closes. When the browser
 * closes, every later readwrite transaction (the import's own roll-back among them) is aborted as it opens.
 */
async function importCutOff(archive: Archive, zip: Uint8Array, at: number, browserCloses: boolean): Promise<void> {
  const abortAtPut = new WeakSet<IDBTransaction>();
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  let aborted = 0;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    const request = put.apply(this, args);
    if (abortAtPut.delete(this.transaction)) {
      this.transaction.abort();
      aborted++;
    }
    return request;
  };
  try {
    await watchingWrites(
      (tx, n) => {
        if (n === at) abortAtPut.add(tx);
        else if (n > at && browserCloses) tx.abort();
      },
      () => assert.rejects(archive.importBackup(zip)),
    );
  } finally {
    proto.put = put;
  }
  assert.equal(aborted, 1, `transaction ${at} was aborted mid-write`);
}

/** The import's journal in `meta`, if one is there. */
async function journal(idb: IDBFactory): Promise<unknown> {
  return (await storeRows<{ key: string }>(idb, 'meta')).find((row) => row.key === 'import');
}

/** Waits for the archive, just opened, to have taken back the import its journal tells of. */
async function journalGone(idb: IDBFactory): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 5000; await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (!(await journal(idb))) return;
  }
  assert.fail('the journal is still there 5 s after the archive was opened');
}

test('an import cut off at any of its transactions (the browser closed) is taken back whole when the archive is next opened', async (t: TestContext) => {
  const zip = await bigBackup();
  const writes = (await transactionsOfImport()).length;
  for (let at = 1; at <= writes; at++) {
    const { archive, idb, before } = await target();
    await importCutOff(archive, zip, at, true);
    archive.close();
    // Past the journal's own transaction the journal is left, and with it whatever the import wrote before closing.
    assert.equal(Boolean(await journal(idb)), at > 1, `a journal is left after a cut at transaction ${at}`);
    const reopened = await openArchive({ indexedDB: idb, window: testWindow });
    await journalGone(idb);
    assert.deepEqual(await dumpStores(idb), before, `cut off at transaction ${at} of ${writes}`);
    assert.equal(await reopened.count(), 2);
    reopened.close();
  }
  t.diagnostic(`import cut off at each of its ${writes} write transactions`);
});

test('an import whose transaction fails takes itself back whole, at once', async () => {
  const zip = await bigBackup();
  const writes = (await transactionsOfImport()).length;
  for (let at = 1; at <= writes; at++) {
    const { archive, idb, before } = await target();
    await importCutOff(archive, zip, at, false);
    assert.deepEqual(await dumpStores(idb), before, `transaction ${at} of ${writes} failed`);
    assert.equal(await archive.count(), 2);
    archive.close();
  }
});

for (const how of ['request fails', 'put throws'] as const) {
  test(`a full disk (${how}) at any transaction that writes images or articles gives an ArchiveFullError and the archive as it was`, async () => {
    const zip = await bigBackup();
    const stores = await transactionsOfImport();
    // The disk is full from the moment that transaction opens: what was written before it (images and articles are
    // written side by side) must be taken back.
    const dataWrites = stores.flatMap((s, i) => (s.includes('search') || s.includes('packs') ? [i + 1] : []));
    assert.ok(dataWrites.length >= 5);
    for (const at of dataWrites) {
      const { archive, idb, before } = await target();
      let importing: Promise<unknown> = Promise.resolve();
      let full: Promise<unknown> | undefined;
      await watchingWrites(
        (_tx, n) => {
          if (n === at) full = withFullDisk(how, () => importing.catch(() => {}));
        },
        async () => {
          importing = archive.importBackup(zip);
          await assert.rejects(importing, ArchiveFullError, `full at transaction ${at}`);
        },
      );
      assert.ok(full, `the disk filled up at transaction ${at}`);
      await full;
      assert.deepEqual(await dumpStores(idb), before, `full from transaction ${at} of ${stores.length}`);
      archive.close();
    }
  });
}

test('a journal left by a closed browser is taken back at the next open, except articles the reader saved again since', async () => {
  const zip = await bigBackup();
  const writes = (await transactionsOfImport()).length;
  const { archive, idb, clock, before } = await target();
  // Cut off at the last transaction, the roll-back refused too: every new article is in, and the journal.
  await importCutOff(archive, zip, writes, true);
  assert.ok(await journal(idb));
  assert.equal(await archive.count(), IN_BACKUP + 1);
  // Then, before the archive is opened again, the reader saves two of the imported articles again: one with the
  // same photos (which the import staged), one with new ones.
  clock.advance(400 * 86_400_000);
  await archive.save(small(7, { title: '读者重新保存七' }), photosFor(small(7), 7));
  await archive.save(small(8, { title: '读者重新保存八' }), photosFor(small(8), 3008));
  const resaved = [small(7).canonicalUrl, small(8).canonicalUrl];
  const mid = await dumpStores(idb);
  archive.close();

  const reopened = await openArchive({ indexedDB: idb, window: testWindow });
  await journalGone(idb);
  const after = await dumpStores(idb);
  // What was there before, and the two articles saved again with their images; nothing else of the import.
  const keyOf = (row: unknown) => {
    const { url, hash, key } = row as Record<string, string | undefined>;
    return url ?? hash ?? key ?? '';
  };
  const resavedImages = new Set(
    (mid.articles as { url: string; imageHashes: string[] }[]).filter((a) => resaved.includes(a.url)).flatMap((a) => a.imageHashes),
  );
  assert.equal(resavedImages.size, 4);
  for (const store of ['articles', 'rows', 'search', 'images', 'meta']) {
    const kept = mid[store]!.filter((row) => resaved.includes(keyOf(row)) || resavedImages.has(keyOf(row)));
    const expected = [...before[store]!, ...kept].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    assert.deepEqual(after[store], expected, store);
  }
  assert.equal((await reopened.get(small(7).canonicalUrl))?.article.title, '读者重新保存七');
  for (const [n, bytes] of [
    [7, 7],
    [8, 3008],
  ] as const) {
    const record = (await reopened.get(small(n).canonicalUrl))!;
    const images = await reopened.imagesFor(record);
    const expected = photosFor(small(n), bytes);
    assert.equal(images.size, expected.length);
    for (const image of expected) assert.deepEqual(new Uint8Array(await images.get(image.src)!.arrayBuffer()), image.bytes, `article ${n}: ${image.src}`);
  }
  // The staged photos of article 7 outlive the roll-back in a pack of their own; no pack is left mostly empty.
  for (const pack of await packFill(idb)) assert.ok(pack.live * 2 > pack.size, JSON.stringify(pack));
  assert.equal(await reopened.count(), 4);
  reopened.close();
});

test('importing the same backup twice adds nothing the second time and leaves no pack without images', async () => {
  const zip = await bigBackup();
  const { archive, idb } = await target();
  assert.deepEqual(await archive.importBackup(zip), { added: IN_BACKUP - 1, updated: 1, unchanged: 0, images: 2 * IN_BACKUP - 2 });
  const once = await dumpStores(idb);
  const packs = await packFill(idb);
  // The replaced version of article 1 took its pack with it.
  assert.ok(
    packs.every((p) => p.live > 0),
    JSON.stringify(packs),
  );
  assert.deepEqual(await archive.importBackup(zip), { added: 0, updated: 0, unchanged: IN_BACKUP, images: 0 });
  assert.deepEqual(await dumpStores(idb), once);
  assert.deepEqual(await packFill(idb), packs);
  assert.equal(await journal(idb), undefined);
  archive.close();
});

test('an image another page stores while an import is planned keeps its own row, and the import leaves no unused pack', async () => {
  const { archive, idb } = await freshArchive();
  const theirs = small(1);
  const shared = photosFor(theirs, 1)[0]!;
  // What an import staging the same bytes (and one image of its own) does, after the other page's save.
  await archive.save(theirs, [shared]);
  const sharedHash = (await storeRows<{ hash: string }>(idb, 'images'))[0]!.hash;
  const [theirPack] = await packFill(idb);
  const ownHash = 'e'.repeat(64);
  const ownBytes = photo(99, 300);
  const db = wrap(
    await new Promise<IDBDatabase>((resolve) => {
      const request = idb.open(DB_NAME);
      request.onsuccess = () => resolve(request.result);
    }),
  ) as unknown as ArchiveDb;
  const staged = packOf([
    { hash: sharedHash, type: 'image/jpeg', bytes: shared.bytes.length, data: new Blob([shared.bytes as Uint8Array<ArrayBuffer>]) },
    { hash: ownHash, type: 'image/jpeg', bytes: ownBytes.length, data: new Blob([ownBytes]) },
  ]);
  await beginImport(db, { images: [sharedHash, ownHash], added: [] });
  await stageImages(db, [staged]);
  const rows = await storeRows<{ hash: string; pack: string }>(idb, 'images');
  const packs = await packFill(idb);
  assert.equal(rows.find((r) => r.hash === sharedHash)!.pack, theirPack!.id, 'the stored image still points into its own pack');
  assert.ok(
    packs.every((p) => p.live > 0),
    JSON.stringify(packs),
  );
  // The import ends without taking its image: the staged pack goes, the other page's stays.
  await rollBackImport(db);
  db.close();
  assert.deepEqual(
    (await storeRows<{ hash: string }>(idb, 'images')).map((r) => r.hash),
    [sharedHash],
  );
  assert.deepEqual(
    (await packFill(idb)).map((p) => p.live),
    [shared.bytes.length],
  );
  assert.deepEqual(new Uint8Array(await (await archive.imageBlob(sharedHash))!.arrayBuffer()), shared.bytes);
  archive.close();
});

test('an article another page saves while the import writes is kept, and merged like any article already here', async () => {
  const zip = await bigBackup();
  const { archive, idb } = await target();
  // The other page's save of article 5, newer than the backup's, as that page writes it.
  const later = manualClock(Date.UTC(2025, 0, 1));
  const donor = await freshArchive(later.now);
  await donor.archive.save(small(5, { title: '另一页刚保存' }), []);
  const saved = Object.fromEntries(await Promise.all(['articles', 'rows', 'search'].map(async (s) => [s, (await storeRows(donor.idb, s))[0]] as const)));
  donor.archive.close();
  const raw = await new Promise<IDBDatabase>((resolve) => {
    const request = idb.open(DB_NAME);
    request.onsuccess = () => resolve(request.result);
  });
  // Queued right behind the import's first write (its journal), so it lands after the import planned and before
  // it writes its new articles.
  const report = await watchingWrites(
    (_, n) => {
      if (n !== 1) return;
      const tx = raw.transaction(['articles', 'rows', 'search'], 'readwrite');
      for (const [store, row] of Object.entries(saved)) tx.objectStore(store).put(row);
    },
    () => archive.importBackup(zip),
  );
  raw.close();
  // Article 5 is no longer new when written: it goes to the last transaction, which keeps the newer version and
  // the backup's earlier first save.
  assert.deepEqual(report, { added: IN_BACKUP - 2, updated: 2, unchanged: 0, images: 2 * IN_BACKUP - 4 });
  const five = (await archive.get(small(5).canonicalUrl))!;
  assert.equal(five.article.title, '另一页刚保存');
  assert.equal(five.savedAt, Date.UTC(2024, 0, 1) + 4_000);
  assert.equal(await archive.count(), IN_BACKUP + 1);
  assert.equal(await journal(idb), undefined);
  for (const pack of await packFill(idb)) assert.ok(pack.live > 0, JSON.stringify(pack));
  archive.close();
});
