import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import type { Archive, UndoToken } from '../../src/archive/archive';
import type { FetchedImage } from '../../src/saving/fetch-images';
import { articleImageSources } from '../../src/core/article';
import type { ImageRow } from '../../src/archive/records';
import { sha256Hex } from '../../src/archive/sha256';
import type { Article } from '../../src/core/article';
import { backupZip, dumpStores, freshArchive, jpegBytes, manualClock, packFill, storeRows, variant, withoutPacks } from '../support/archive';

/** Short bodies: what is tested is where the image bytes go. */
const small = (n: number, overrides: Partial<Article> = {}) => variant(n, { contentHtml: `<p>第 ${n} 篇。</p>`, text: `第 ${n} 篇。`, ...overrides });

/** A fetched image (not a failed one). */
type Photo = Extract<FetchedImage, { bytes: Uint8Array }>;

const jpeg = (src: string, bytes: Uint8Array<ArrayBuffer>): Photo => ({ src, bytes, type: 'image/jpeg' });

/** The article's two image sources (hero, then body image) fetched as `hero` and `body`. */
function fetched(article: Article, hero: Uint8Array<ArrayBuffer>, body: Uint8Array<ArrayBuffer>): Photo[] {
  const [heroSrc, bodySrc] = articleImageSources(article);
  return [jpeg(heroSrc!, hero), jpeg(bodySrc!, body)];
}

async function bytesOf(archive: Archive, hash: string): Promise<Uint8Array | null> {
  const blob = await archive.imageBlob(hash);
  return blob && new Uint8Array(await blob.arrayBuffer());
}

test('a save writes its new images as one pack, and an image already stored is not stored again', async () => {
  const { archive, idb } = await freshArchive();
  const [hero, body, other] = [jpegBytes(1, 300), jpegBytes(2, 500), jpegBytes(3, 400)];
  const a = small(1);
  await archive.save(a, fetched(a, hero, body));
  const [pack] = await packFill(idb);
  assert.deepEqual(await packFill(idb), [{ id: pack!.id, size: 800, live: 800 }]);
  const rows = await storeRows<ImageRow>(idb, 'images');
  assert.deepEqual(
    rows.map((r) => [r.pack, r.offset, r.bytes]).sort((x, y) => Number(x[1]) - Number(y[1])),
    [
      [pack!.id, 0, 300],
      [pack!.id, 300, 500],
    ],
  );

  // Another article with the same hero photo and a new body image: only the new one is written, in a pack of its own.
  const b = small(2);
  await archive.save(b, fetched(b, hero, other));
  const packs = await packFill(idb);
  assert.equal(packs.length, 2);
  assert.deepEqual(
    packs.find((p) => p.id !== pack!.id),
    { id: packs.find((p) => p.id !== pack!.id)!.id, size: 400, live: 400 },
  );
  assert.equal((await storeRows(idb, 'images')).length, 3);

  // Saved again with the same photos, the first article writes no image.
  await archive.save({ ...a, title: '再次保存' }, fetched(a, hero, body));
  assert.deepEqual(await packFill(idb), packs);
  // Two sources with the same bytes are stored once.
  const c = small(3);
  await archive.save(c, fetched(c, jpegBytes(4, 250), jpegBytes(4, 250)));
  const packC = (await packFill(idb)).filter((p) => !packs.some((q) => q.id === p.id));
  assert.deepEqual(
    packC.map((p) => [p.size, p.live]),
    [[250, 250]],
  );
  assert.equal((await storeRows(idb, 'images')).length, 4);
  for (const [hash, bytes] of [
    [(await archive.get(a.canonicalUrl))!.imageHashes[1]!, body],
    [(await archive.get(c.canonicalUrl))!.imageHashes[0]!, jpegBytes(4, 250)],
  ] as const) {
    assert.deepEqual(await bytesOf(archive, hash), bytes);
  }
});

/** Ten articles with photos of different sizes, the first two sharing their hero photo. */
const TEN = Array.from({ length: 10 }, (_, n) => small(n));
const heroOf = (n: number) => jpegBytes(20 + 2 * n, 600 + 150 * n);
const photosOf = (n: number) => fetched(TEN[n]!, heroOf(n === 1 ? 0 : n), jpegBytes(21 + 2 * n, 700 + 90 * ((n * 7) % 10)));

/**
 * An archive that got the ten articles from a backup: an import stages the images of a backup in runs, so that
 * one pack holds the images of several articles. Returns the bytes of every image by its hash.
 */
async function importedTen() {
  const clock = manualClock();
  const source = await freshArchive(clock.now);
  for (const [n, article] of TEN.entries()) {
    await source.archive.save(article, photosOf(n));
    clock.advance();
  }
  const zip = await backupZip(source.archive);
  source.archive.close();
  const made = await freshArchive();
  assert.equal((await made.archive.importBackup(zip)).added, 10);
  const bytes = new Map<string, Uint8Array>();
  for (const n of TEN.keys()) for (const image of photosOf(n)) bytes.set(await sha256Hex(image.bytes), image.bytes);
  assert.equal(bytes.size, 19);
  const packs = await packFill(made.idb);
  assert.ok(packs.length < bytes.size, `fewer packs (${packs.length}) than images (${bytes.size})`);
  assert.ok(
    packs.some((p) => p.live > 2 * 1500),
    'a pack holds the images of several articles',
  );
  return { ...made, bytes };
}

/** Every image the articles left use reads back byte for byte; every other one is gone. */
async function assertImages(archive: Archive, bytes: Map<string, Uint8Array>, left: number[], when: string): Promise<void> {
  const used = new Set((await Promise.all(left.map((n) => archive.get(TEN[n]!.canonicalUrl)))).flatMap((r) => r!.imageHashes));
  for (const [hash, expected] of bytes) {
    assert.deepEqual(await bytesOf(archive, hash), used.has(hash) ? expected : null, `${when}: image ${hash.slice(0, 8)}${used.has(hash) ? '' : ' (unused)'}`);
  }
}

/** No pack is empty, or half empty (it would have been written again with only what it still holds). */
async function assertPacksFull(idb: IDBFactory, when: string): Promise<void> {
  for (const pack of await packFill(idb)) assert.ok(pack.live * 2 > pack.size, `${when}: ${JSON.stringify(pack)}`);
}

test("deleting the articles of a shared pack one by one keeps the others' images byte-exact and leaves no pack half empty", async () => {
  const { archive, idb, bytes } = await importedTen();
  await assertPacksFull(idb, 'after the import');
  let left = [...TEN.keys()];
  let rewritten = 0;
  for (const n of [4, 0, 9, 2, 7, 1, 5, 8, 3, 6]) {
    const packsBefore = (await packFill(idb)).map((p) => p.id);
    await archive.delete([TEN[n]!.canonicalUrl]);
    left = left.filter((m) => m !== n);
    const when = `after deleting article ${n}`;
    await assertImages(archive, bytes, left, when);
    await assertPacksFull(idb, when);
    const packsAfter = (await packFill(idb)).map((p) => p.id);
    if (packsAfter.some((id) => !packsBefore.includes(id))) rewritten++;
  }
  // The deletions did rewrite packs (else nothing above tested the rewriting).
  assert.ok(rewritten >= 2, `packs were rewritten ${rewritten} times`);
  assert.deepEqual(await packFill(idb), []);
  assert.deepEqual(await storeRows(idb, 'images'), []);
});

test('undo brings every image back byte-exact, though its old pack was rewritten or removed meanwhile', async () => {
  const { archive, idb, bytes } = await importedTen();
  const before = await dumpStores(idb);
  const [importPack] = (await packFill(idb)).sort((x, y) => y.live - x.live);
  const del = (...ns: number[]) => archive.delete(ns.map((n) => TEN[n]!.canonicalUrl));
  // Article 0 shares its hero photo with article 1: only its body image goes.
  const first = await del(0);
  assert.equal(first.deleted[0]!.images.length, 1);
  // Enough deleted after it that the pack its image was cut from is written again without it.
  const second = await del(2, 3, 4, 5, 6);
  assert.ok(!(await packFill(idb)).some((p) => p.id === importPack!.id), 'the pack was rewritten');
  await archive.restore(first);
  await assertImages(archive, bytes, [0, 1, 7, 8, 9], 'article 0 back');
  await assertPacksFull(idb, 'article 0 back');

  // All deleted (the shared photo with them), then undone in one go, as the undo bar joins deletes made while it shows.
  const third = await del(1, 7, 8, 9, 0);
  assert.deepEqual(await packFill(idb), []);
  const joined: UndoToken = { deleted: [...second.deleted, ...third.deleted] };
  await archive.restore(joined);
  await assertImages(archive, bytes, [...TEN.keys()], 'all back');
  await assertPacksFull(idb, 'all back');
  assert.deepEqual(withoutPacks(await dumpStores(idb)), withoutPacks(before));
});

test('undo of two deletions brings back the photo they shared, though the article it went out with was saved again since', async () => {
  const { archive, idb } = await freshArchive();
  const [a, b] = [small(1), small(2)];
  const shared = jpegBytes(70, 800);
  await archive.save(a, fetched(a, shared, jpegBytes(71, 500)));
  await archive.save(b, fetched(b, shared, jpegBytes(72, 600)));
  const [heroHash] = (await archive.get(a.canonicalUrl))!.imageHashes;
  // The shared photo stays with the first deletion and goes with the second: it is in the second's token.
  const first = await archive.delete([a.canonicalUrl]);
  const second = await archive.delete([b.canonicalUrl]);
  assert.deepEqual(first.deleted[0]!.images.map((i) => i.hash).includes(heroHash!), false);
  assert.equal(await archive.imageBlob(heroHash!), null);
  // The second article is saved again with other photos; the undo bar then undoes both deletions together.
  await archive.save({ ...b, title: '换了图片' }, fetched(b, jpegBytes(73, 700), jpegBytes(74, 300)));
  await archive.restore({ deleted: [...first.deleted, ...second.deleted] });
  assert.equal((await archive.get(b.canonicalUrl))!.article.title, '换了图片', 'the newer save is kept');
  const images = await archive.imagesFor((await archive.get(a.canonicalUrl))!);
  const expected = fetched(a, shared, jpegBytes(71, 500));
  assert.equal(images.size, 2);
  for (const image of expected) assert.deepEqual(new Uint8Array(await images.get(image.src)!.arrayBuffer()), image.bytes, image.src);
  // What only the undone version of the second article used stays gone.
  assert.equal((await storeRows(idb, 'images')).length, 4);
  await assertPacksFull(idb, 'after the undo');
});

test('the backup of an archive with packs carries every image byte for byte under its SHA-256', async () => {
  const { archive, idb, bytes } = await importedTen();
  // Beside the import's packs: a save's own pack, and a pack rewritten after a deletion.
  const extra = small(10);
  const extraPhotos = fetched(extra, jpegBytes(60, 900), jpegBytes(61, 333));
  await archive.save(extra, extraPhotos);
  for (const image of extraPhotos) bytes.set(await sha256Hex(image.bytes), image.bytes);
  await archive.delete([2, 3, 4, 5, 6].map((n) => TEN[n]!.canonicalUrl));
  const rows = await storeRows<ImageRow>(idb, 'images');
  assert.ok(
    rows.some((r) => r.offset > 0),
    'images lie inside their packs, not at their start',
  );
  assert.ok((await packFill(idb)).length >= 2);

  const files = unzipSync(await backupZip(archive));
  const manifest = JSON.parse(new TextDecoder().decode(files['backup.json'])) as { images: { hash: string; bytes: number }[] };
  assert.deepEqual(manifest.images.map((i) => i.hash).sort(), rows.map((r) => r.hash).sort());
  assert.deepEqual(
    Object.keys(files)
      .filter((f) => f.startsWith('images/'))
      .sort(),
    rows.map((r) => `images/${r.hash}`).sort(),
  );
  for (const { hash } of rows) {
    const file = files[`images/${hash}`]!;
    assert.deepEqual(file, bytes.get(hash), hash);
    assert.equal(await sha256Hex(file), hash);
  }
});
