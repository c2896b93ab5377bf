// An archived article's missing images (a feed-mirror entry's, or a save's that failed) fetched later: what comes
// is stored with the record in one transaction, as a save with those images would have stored it; what fails stays
// missing with its new reason; a stored image is never lost; a write cut off leaves the archive as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SavedArticle } from '../../src/archive/records';
import type { Article } from '../../src/core/article';
import type { FetchedImage } from '../../src/saving/fetch-images';
import { fillMissingImages } from '../../src/saving/fill-missing';
import { abortingAtPut, dumpStores, freshArchive, jpegBytes, manualClock, packFill, storeRows, variant } from '../support/archive';

const IMG = (name: string) => `https://s.rfi.fr/media/display/${name}/w:640/p:16x9/photo.jpg`;

/** An article with a hero and two body images, all on RFI's image host. */
function threeImages(n: number, overrides: Partial<Article> = {}): Article {
  const image = (name: string) => ({ src: IMG(name), alt: '', caption: name, credit: '' });
  return variant(n, { heroImage: image(`hero-${n}`), images: [image(`a-${n}`), image(`b-${n}`)], ...overrides });
}

const got = (src: string, n: number, size = 256): FetchedImage => ({ src, bytes: jpegBytes(n, size), type: 'image/jpeg' });
const sizeOf = (r: SavedArticle) => ({ images: r.images, imageHashes: r.imageHashes, bytes: r.bytes });

test('images that come later are stored with the record: refs, hashes, bytes and list row as a save with them gives', async () => {
  const clock = manualClock();
  const { archive, idb } = await freshArchive(clock.now);
  const article = threeImages(1);
  const [hero, a, b] = [article.heroImage!.src, article.images[0]!.src, article.images[1]!.src];
  const saved = await archive.save(article, []);
  assert.deepEqual(
    saved.missing.map((m) => m.reason),
    ['not fetched', 'not fetched', 'not fetched'],
  );
  const savedAt = clock.now();
  clock.advance(60_000);

  const fetched = [got(hero, 1), got(a, 2, 300), { src: b, missing: 'HTTP 404' }];
  const filled = await archive.fillImages(saved.record.url, fetched);
  assert.deepEqual(filled?.stored, [hero, a]);
  assert.deepEqual(filled?.missing, [{ src: b, reason: 'HTTP 404' }]);

  const record = (await archive.get(saved.record.url))!;
  // The same record a save that had fetched them would have written.
  const other = await freshArchive(clock.now);
  const direct = await other.archive.save(article, fetched);
  assert.deepEqual(sizeOf(record), sizeOf(direct.record));
  assert.equal(record.bytes, saved.record.bytes + 256 + 300);
  assert.equal(record.savedAt, savedAt);
  assert.equal(record.updatedAt, clock.now(), 'the article gained images no backup holds yet');
  assert.equal(record.article.text, article.text, 'its text is untouched');

  const blobs = await archive.imagesFor(record);
  assert.deepEqual([...blobs.keys()], [hero, a]);
  assert.deepEqual(new Uint8Array(await blobs.get(a)!.arrayBuffer()), jpegBytes(2, 300));
  const [row] = await archive.list();
  assert.equal(row?.bytes, record.bytes);
  assert.equal(row?.thumb, record.imageHashes[0], 'the hero is the thumbnail now');
  assert.deepEqual(
    (await packFill(idb)).map(({ size, live }) => ({ size, live })),
    [{ size: 556, live: 556 }],
    'one new pack, nothing wasted',
  );
  assert.deepEqual(await archive.search(article.title), [record.url], 'still found');
});

test('an image another article already stores is shared, not stored again; each record counts it', async () => {
  const { archive, idb } = await freshArchive();
  const first = threeImages(2);
  const second = threeImages(3);
  await archive.save(first, [got(first.heroImage!.src, 7)]);
  const saved = await archive.save(second, []);
  const filled = await archive.fillImages(saved.record.url, [got(second.heroImage!.src, 7), got(second.images[0]!.src, 8)]);
  assert.equal(filled?.stored.length, 2);
  assert.equal(filled?.record.bytes, saved.record.bytes + 2 * 256);
  assert.equal((await storeRows(idb, 'images')).length, 2, 'the shared image once, the new one');
  assert.deepEqual(
    (await packFill(idb)).map((p) => p.size),
    [256, 256],
    'the new pack holds only the new image',
  );
});

test('a failed fetch loses nothing: a stored image stays, a missing one takes the new reason, the save time holds', async () => {
  const clock = manualClock();
  const { archive, idb } = await freshArchive(clock.now);
  const article = threeImages(4);
  const [hero, a] = [article.heroImage!.src, article.images[0]!.src];
  const saved = await archive.save(article, [got(hero, 4)]);
  const before = await dumpStores(idb);
  clock.advance();
  const filled = await archive.fillImages(saved.record.url, [
    { src: hero, missing: 'HTTP 404' },
    { src: a, missing: 'no answer within 20 s' },
  ]);
  assert.deepEqual(filled?.stored, []);
  const record = (await archive.get(saved.record.url))!;
  assert.deepEqual(record.images[0], saved.record.images[0], 'the stored hero is kept');
  assert.deepEqual(record.images[1], { src: a, missing: 'no answer within 20 s' });
  assert.equal(record.bytes, saved.record.bytes);
  assert.equal(record.updatedAt, saved.record.updatedAt, 'a new reason is no new content');
  const after = await dumpStores(idb);
  assert.deepEqual(after.images, before.images);
  assert.deepEqual(after.packs, before.packs);
});

test('a write cut off at each of its puts leaves the archive exactly as it was, and the fill then goes through', async () => {
  const { archive: counting } = await freshArchive();
  const probe = await counting.save(threeImages(5), []);
  const fetched = (article: Article) => [got(article.heroImage!.src, 5), got(article.images[0]!.src, 6), { src: article.images[1]!.src, missing: 'HTTP 404' }];
  const { puts } = await abortingAtPut(0, () => counting.fillImages(probe.record.url, fetched(threeImages(5))));
  assert.ok(puts >= 4, `the pack, its two image rows, the record and its row (${puts} puts)`);
  for (let n = 1; n <= puts; n++) {
    const { archive, idb } = await freshArchive();
    const article = threeImages(5);
    const saved = await archive.save(article, []);
    const before = await dumpStores(idb);
    await assert.rejects(abortingAtPut(n, () => archive.fillImages(saved.record.url, fetched(article))));
    assert.deepEqual(await dumpStores(idb), before, `cut off at put ${n} of ${puts}`);
    assert.equal((await archive.fillImages(saved.record.url, fetched(article)))?.stored.length, 2);
  }
});

test('an article deleted before its images came: nothing is written', async () => {
  const { archive, idb } = await freshArchive();
  const article = threeImages(6);
  const saved = await archive.save(article, []);
  await archive.delete([saved.record.url]);
  const before = await dumpStores(idb);
  assert.equal(await archive.fillImages(saved.record.url, [got(article.heroImage!.src, 9)]), null);
  assert.deepEqual(await dumpStores(idb), before);
});

test('the background asks only for what is missing, only on RFI hosts, and reports what came', async () => {
  const { archive } = await freshArchive();
  const foreign = 'https://images.example.org/photo.jpg';
  const article = threeImages(7, {
    images: [
      { src: IMG('a-7'), alt: '', caption: '', credit: '' },
      { src: foreign, alt: '', caption: '', credit: '' },
    ],
  });
  const hero = article.heroImage!.src;
  const saved = await archive.save(article, [got(hero, 10)]);
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return new Response(jpegBytes(11), { headers: { 'content-type': 'image/jpeg' } });
  }) as typeof globalThis.fetch;
  const report = await fillMissingImages(saved.record.url, { archive, fetch });
  assert.deepEqual(asked, [IMG('a-7')], 'the stored hero is not fetched again; the foreign host is never asked');
  assert.deepEqual(report, { ok: true, stored: 1, missing: [{ src: foreign, reason: "not an image on RFI's hosts" }] });
  assert.equal((await archive.imagesFor((await archive.get(saved.record.url))!)).size, 2);

  await archive.delete([saved.record.url]);
  const gone = await fillMissingImages(saved.record.url, { archive, fetch });
  assert.deepEqual(gone, { ok: false, error: { key: 'readerNotInArchive', substitutions: [] }, full: false });
});
