import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArchiveFullError } from '../../src/archive/archive';
import { rowOf, type SavedArticle } from '../../src/archive/records';
import { DB_NAME, DB_VERSION } from '../../src/archive/schema';
import {
  backupZip,
  dumpStores,
  fetchedFor,
  freshArchive,
  jpegBytes,
  manualClock,
  packFill,
  seedArticle,
  variant,
  withFullDisk,
  withoutPacks,
} from '../support/archive';
import { MessageError } from '../../src/core/message';

test('a saved article comes back with its sanitized body and its images as blobs', async () => {
  const { archive } = await freshArchive();
  const article = variant(1);
  const outcome = await archive.save(article, fetchedFor(article, 1));
  assert.equal(outcome.created, true);
  assert.deepEqual(outcome.missing, []);
  const record = await archive.get(article.canonicalUrl);
  assert.ok(record);
  assert.equal(record.article.title, article.title);
  assert.equal(record.images.length, 2);
  const blobs = await archive.imagesFor(record);
  const heroBlob = blobs.get(article.heroImage!.src);
  assert.ok(heroBlob);
  assert.equal(heroBlob.type, 'image/jpeg');
  assert.deepEqual(new Uint8Array(await heroBlob.arrayBuffer()), jpegBytes(100));
  assert.equal(await archive.has(article.canonicalUrl), true);
  assert.equal(await archive.has('https://www.rfi.fr/cn/other'), false);
  // Bytes: the text as UTF-8 plus both images.
  assert.ok(record.bytes > 128 && record.bytes > new TextEncoder().encode(article.text).length);
});

test('an image that failed is recorded as missing and the text is saved anyway', async () => {
  const { archive } = await freshArchive();
  const article = variant(2);
  const outcome = await archive.save(article, [{ src: article.heroImage!.src, missing: 'HTTP 404' }]);
  assert.deepEqual(outcome.missing, [
    { src: article.heroImage!.src, reason: 'HTTP 404' },
    { src: article.images[0]!.src, reason: 'not fetched' },
  ]);
  const record = await archive.get(article.canonicalUrl);
  assert.equal(record?.article.text, article.text);
  assert.equal((await archive.imagesFor(record!)).size, 0);
});

test('the body is sanitized again before it is written', async () => {
  const { archive } = await freshArchive();
  const article = variant(3, {
    contentHtml: '<p onclick="alert(1)">正文<script>alert(2)</script><img src="x" onerror="alert(3)"></p><iframe srcdoc="x"></iframe>',
  });
  await archive.save(article, []);
  const html = (await archive.get(article.canonicalUrl))!.article.contentHtml;
  assert.doesNotMatch(html, /script|onclick|onerror|iframe/i);
  assert.match(html, /正文/);
});

test("a page that is not an article of RFI's Chinese service is refused, another edition too", async () => {
  const { archive } = await freshArchive();
  for (const url of ['https://evil.example/x', 'https://www.rfi.fr/fr/france/20240418-x']) {
    await assert.rejects(
      archive.save({ ...seedArticle(), url, canonicalUrl: url }, []),
      (err: unknown) => err instanceof MessageError && err.said.key === 'errorNotRfiArticle' && err.said.substitutions[0] === url,
    );
  }
  assert.equal(await archive.count(), 0);
});

test('saving again updates the record and keeps the first save time', async () => {
  const clock = manualClock();
  const { archive } = await freshArchive(clock.now);
  const article = variant(4);
  const first = await archive.save(article, fetchedFor(article, 4));
  clock.advance(60_000);
  const second = await archive.save({ ...article, title: '新标题' }, fetchedFor(article, 5));
  assert.equal(second.created, false);
  assert.equal(second.record.savedAt, first.record.savedAt);
  assert.equal(second.record.updatedAt, first.record.savedAt + 60_000);
  assert.equal(await archive.count(), 1);
  assert.equal((await archive.get(article.canonicalUrl))?.article.title, '新标题');
  // The first version's images, used by nothing else now, are gone.
  assert.equal(await archive.imageBlob(first.record.imageHashes[0]!), null);
  assert.ok(await archive.imageBlob(second.record.imageHashes[0]!));
});

test('two saves of the same URL at once give one record, and no image of the losing save is left behind', async () => {
  const { archive, idb } = await freshArchive();
  const article = variant(5);
  const [a, b] = await Promise.all([archive.save(article, fetchedFor(article, 5)), archive.save(article, fetchedFor(article, 6))]);
  assert.deepEqual([a.created, b.created].sort(), [false, true]);
  assert.equal(b.record.savedAt, a.record.savedAt);
  const dump = await dumpStores(idb);
  assert.equal(dump.articles!.length, 1);
  assert.equal(dump.search!.length, 1);
  // Either save may write last (each hashes its images first, and neither waits for the other): the one that did
  // is the record, with its images and none of the other's.
  const images = (await archive.get(article.canonicalUrl))!.imageHashes;
  const [kept, lost] = a.record.imageHashes.join() === images.join() ? [a, b] : [b, a];
  assert.deepEqual(kept.record.imageHashes, images);
  assert.equal(lost.record.imageHashes.filter((h) => images.includes(h)).length, 0, 'the two saves have images of their own');
  assert.deepEqual(dump.images!.map((i) => (i as { hash: string }).hash).sort(), [...images].sort());
});

test('an image shared by two articles is stored once and outlives the deletion of one of them', async () => {
  const { archive, idb } = await freshArchive();
  const one = variant(6);
  const two = variant(7);
  const shared = { src: one.heroImage!.src, bytes: jpegBytes(42), type: 'image/jpeg' as const };
  await archive.save(one, [shared]);
  await archive.save(two, [shared]);
  assert.equal((await dumpStores(idb)).images!.length, 1);
  await archive.delete([one.canonicalUrl]);
  const remaining = await archive.get(two.canonicalUrl);
  assert.equal((await archive.imagesFor(remaining!)).size, 1);
  await archive.delete([two.canonicalUrl]);
  assert.equal((await dumpStores(idb)).images!.length, 0);
});

test('the list is newest saved first, paged, and filtered by section and save time', async () => {
  const clock = manualClock();
  const { archive } = await freshArchive(clock.now);
  const times: number[] = [];
  for (let n = 0; n < 12; n++) {
    clock.advance();
    times.push(clock.now());
    await archive.save(variant(n, { section: n % 3 === 0 ? '法国' : '中国' }), []);
  }
  const page1 = await archive.list({ limit: 5 });
  const page2 = await archive.list({ offset: 5, limit: 5 });
  const page3 = await archive.list({ offset: 10, limit: 5 });
  assert.deepEqual(
    [...page1, ...page2, ...page3].map((r) => r.savedAt),
    [...times].reverse(),
  );
  const france = await archive.list({ section: '法国' });
  assert.deepEqual(
    france.map((r) => r.title.split(' ').pop()),
    ['9', '6', '3', '0'],
  );
  const window = await archive.list({ from: times[2], to: times[4] });
  assert.deepEqual(
    window.map((r) => r.savedAt),
    [times[4], times[3], times[2]],
  );
  assert.equal(await archive.count(), 12);
  assert.equal(await archive.count({ section: '法国' }), 4);
  assert.equal(await archive.count({ section: '中国', from: times[6] }), 4);
  assert.deepEqual(
    await archive.sections(),
    [
      { section: '中国', count: 8 },
      { section: '法国', count: 4 },
    ].sort((x, y) => (x.section < y.section ? -1 : 1)),
  );
});

test('a page of a 10,000-article list is read through the index, not by loading every record', async () => {
  const { archive, idb } = await freshArchive();
  const template = (await archive.save(variant(0), [])).record;
  // Short records: what is tested is how many are read, and fake-indexeddb is slow to write big ones.
  const article = { ...template.article, contentHtml: '', text: '' };
  await putRaw(
    idb,
    Array.from({ length: 10_000 }, (_, n) => ({
      ...template,
      url: `${template.url}-${n}`,
      savedAt: 1_600_000_000_000 + n,
      updatedAt: 1_600_000_000_000 + n,
      article: { ...article, section: n % 2 ? '中国' : '法国' },
    })),
  );
  // A getAll without a count would read the whole list.
  const calls = { getAll: 0 };
  const restore = [spy(IDBObjectStore.prototype, 'getAll', calls), spy(IDBIndex.prototype, 'getAll', calls)];
  try {
    const first = await archive.list({ limit: 20 });
    assert.deepEqual(
      first.map((r) => r.savedAt).slice(1),
      Array.from({ length: 19 }, (_, i) => 1_600_000_000_000 + 9_999 - i),
    );
    // Offsets stay modest: fake-indexeddb clones every record a cursor steps over, which browsers do not.
    const page = await archive.list({ offset: 500, limit: 20 });
    const france = await archive.list({ section: '法国', offset: 100, limit: 20 });
    const lastPage = await archive.list({ section: '法国', from: 1_600_000_000_000, to: 1_600_000_000_010, offset: 3, limit: 20 });
    // The template (saved now) is the newest; then the 10,000 from the most recent down.
    assert.deepEqual(
      page.map((r) => r.savedAt),
      Array.from({ length: 20 }, (_, i) => 1_600_000_000_000 + 9_500 - i),
    );
    assert.deepEqual(
      france.map((r) => r.savedAt),
      Array.from({ length: 20 }, (_, i) => 1_600_000_000_000 + 9_998 - 200 - 2 * i),
    );
    assert.deepEqual(
      lastPage.map((r) => r.savedAt - 1_600_000_000_000),
      [4, 2, 0],
    );
    assert.equal(calls.getAll, 0);
  } finally {
    restore.forEach((r) => r());
  }
  assert.equal(await archive.count(), 10_001);
  assert.equal(await archive.count({ section: '法国' }), 5_000);
});

/** Writes records straight into the store, as a long-used archive would hold them (saving 10,000 would be slow). */
async function putRaw(idb: IDBFactory, records: SavedArticle[]): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = idb.open(DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(['articles', 'rows'], 'readwrite');
  for (const r of records) {
    tx.objectStore('articles').put(r);
    tx.objectStore('rows').put(rowOf(r));
  }
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

/** Counts the calls of `proto[name]` that pass no count (the second argument): reads of everything in range. */
function spy<K extends string>(proto: Record<K, unknown>, name: K, calls: Record<string, number>): () => void {
  const original = proto[name] as (...args: unknown[]) => unknown;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    if (!args[1]) calls[name] = (calls[name] ?? 0) + 1;
    return original.apply(this, args);
  } as never;
  return () => (proto[name] = original as never);
}

test('delete can be undone, with the images the articles used', async () => {
  const { archive, idb } = await freshArchive();
  const articles = [variant(20), variant(21), variant(22)];
  for (const [i, a] of articles.entries()) await archive.save(a, fetchedFor(a, 20 + i));
  const before = await dumpStores(idb);
  const token = await archive.delete([articles[0]!.canonicalUrl, articles[2]!.canonicalUrl, 'https://www.rfi.fr/cn/never-saved']);
  assert.equal(token.deleted.length, 2);
  assert.equal(await archive.count(), 1);
  assert.deepEqual(await archive.search('习近平'), [articles[1]!.canonicalUrl]);
  // The deleted articles' images went with their packs.
  assert.equal((await packFill(idb)).length, 1);
  await archive.restore(token);
  // The same images, byte for byte, in new packs.
  assert.deepEqual(withoutPacks(await dumpStores(idb)), withoutPacks(before));
  assert.equal((await packFill(idb)).length, 3);
  assert.equal((await archive.search('习近平')).length, 3);
});

test('undo does not overwrite an article saved again after its deletion', async () => {
  const { archive } = await freshArchive();
  const article = variant(23);
  await archive.save(article, []);
  const token = await archive.delete([article.canonicalUrl]);
  await archive.save({ ...article, title: '重新保存' }, []);
  await archive.restore(token);
  assert.equal((await archive.get(article.canonicalUrl))?.article.title, '重新保存');
});

test('delete everything leaves no article, list row, image, search text or meta behind', async () => {
  const { archive, idb } = await freshArchive();
  for (let n = 30; n < 33; n++) await archive.save(variant(n), fetchedFor(variant(n), n));
  await backupZip(archive);
  const before = await dumpStores(idb);
  for (const store of ['articles', 'rows', 'images', 'packs', 'search', 'meta', 'index']) assert.ok(before[store]!.length > 0, store);
  await archive.deleteEverything();
  const after = await dumpStores(idb);
  assert.deepEqual(Object.keys(after).sort(), ['articles', 'images', 'index', 'meta', 'packs', 'rows', 'search']);
  for (const rows of Object.values(after)) assert.deepEqual(rows, []);
  assert.deepEqual(await archive.search('习近平'), []);
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: null, notBackedUp: 0 });
});

test('the backup reminder counts the articles saved since the last backup', async () => {
  const clock = manualClock();
  const { archive } = await freshArchive(clock.now);
  await archive.save(variant(40), []);
  await archive.save(variant(41), []);
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: null, notBackedUp: 2 });
  clock.advance();
  await backupZip(archive);
  const backedUpAt = clock.now();
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: backedUpAt, notBackedUp: 0 });
  clock.advance();
  await archive.save(variant(42), []);
  await archive.save(variant(40, { title: '更新' }), []);
  assert.deepEqual(await archive.backupStatus(), { lastBackupAt: backedUpAt, notBackedUp: 2 });
});

for (const how of ['request fails', 'put throws'] as const) {
  test(`a full disk (${how}) gives an ArchiveFullError and leaves the archive as it was`, async () => {
    const { archive, idb } = await freshArchive();
    const kept = variant(50);
    await archive.save(kept, fetchedFor(kept, 50));
    const before = await dumpStores(idb);
    const updated = { ...kept, title: '不该写入' };
    await withFullDisk(how, async () => {
      await assert.rejects(archive.save(updated, fetchedFor(kept, 51)), (err: unknown) => {
        assert.ok(err instanceof ArchiveFullError);
        assert.match(err.message, /full.*Nothing was changed/s);
        return true;
      });
      await assert.rejects(archive.save(variant(52), fetchedFor(variant(52), 52)), ArchiveFullError);
    });
    assert.deepEqual(await dumpStores(idb), before);
    assert.deepEqual(await archive.search('不该写入'), []);
    // The archive still works once there is room again.
    await archive.save(updated, fetchedFor(kept, 51));
    assert.equal((await archive.get(kept.canonicalUrl))?.article.title, '不该写入');
  });
}

test('the database carries its name and current version', async () => {
  const { archive, idb } = await freshArchive();
  archive.close();
  const dbs = await idb.databases();
  assert.deepEqual(dbs, [{ name: DB_NAME, version: DB_VERSION }]);
});
