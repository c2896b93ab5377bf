import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ArchiveFullError, ImportError, type Archive } from '../../src/archive/archive';
import { digestImages, type Digester } from '../../src/archive/backup/image-digests';
import { sha256Hex } from '../../src/archive/sha256';
import { readZipDirectory } from '../../src/archive/backup/zip-reader';
import { BACKUP_FILE_LIMITS, type BackupFileLimits } from '../../src/archive/backup/export';
import { backupFiles, backupZip, dumpStores, fetchedFor, freshArchive, jpegBytes, manualClock, variant, withFullDisk } from '../support/archive';

/** An archive of three articles: two share an image, one has an image that could not be fetched. */
async function filledArchive(clock = manualClock()): Promise<{ archive: Archive; idb: IDBFactory }> {
  const made = await freshArchive(clock.now);
  const [a, b, c] = [variant(1), variant(2, { section: '法国' }), variant(3)];
  const shared = { src: a.heroImage!.src, bytes: jpegBytes(99, 300), type: 'image/jpeg' as const };
  await made.archive.save(a, [shared, ...fetchedFor(a, 1).slice(1)]);
  clock.advance();
  await made.archive.save(b, [shared, ...fetchedFor(b, 2).slice(1)]);
  clock.advance();
  await made.archive.save(c, [{ src: c.heroImage!.src, missing: 'HTTP 404' }]);
  clock.advance();
  return made;
}

/** Unzips a backup, lets the test change its manifest or files, and zips it again. */
function tamper(zip: Uint8Array, change: (manifest: any, files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  const manifest = JSON.parse(new TextDecoder().decode(files['backup.json']));
  change(manifest, files);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files as Zippable);
}

test('a backup imports into a fresh archive with the same records and the same bytes of every image', async () => {
  const { archive, idb } = await filledArchive();
  const zip = await backupZip(archive);
  const fresh = await freshArchive();
  const report = await fresh.archive.importBackup(new Blob([zip as Uint8Array<ArrayBuffer>]));
  assert.deepEqual(report, { added: 3, updated: 0, unchanged: 0, images: 3 });
  const [from, to] = [await dumpStores(idb), await dumpStores(fresh.idb)];
  for (const store of ['articles', 'images', 'search']) assert.deepEqual(to[store], from[store], store);
  assert.equal(from.images!.length, 3);
  assert.deepEqual(await fresh.archive.search('习近平', { section: '法国' }), [variant(2, { section: '法国' }).canonicalUrl]);
  // Importing the same file again changes nothing.
  assert.deepEqual(await fresh.archive.importBackup(zip), { added: 0, updated: 0, unchanged: 3, images: 0 });
  assert.deepEqual(await dumpStores(fresh.idb), to);
});

test('the backup is a ZIP of backup.json and the images stored byte for byte under their SHA-256', async () => {
  const { archive } = await filledArchive();
  const zip = await backupZip(archive);
  const methods: Record<string, number> = {};
  const files = unzipSync(zip, { filter: (f) => ((methods[f.name] = f.compression), true) });
  const manifest = JSON.parse(new TextDecoder().decode(files['backup.json']));
  assert.equal(manifest.format, 'rfi-reader-backup');
  assert.equal(manifest.version, 1);
  assert.equal(typeof manifest.exportedAt, 'number');
  assert.equal(manifest.articles.length, 3);
  assert.equal(manifest.images.length, 3);
  for (const image of manifest.images) {
    const bytes = files[`images/${image.hash}`]!;
    assert.equal(await sha256Hex(bytes), image.hash);
    assert.equal(bytes.length, image.bytes);
    assert.equal(methods[`images/${image.hash}`], 0, 'images are stored, not recompressed');
  }
  assert.ok(files[`images/${await sha256Hex(jpegBytes(99, 300))}`]);
});

test('merging keeps one record per URL: the newer update wins and the earliest first save is kept', async () => {
  const clock = manualClock(Date.UTC(2024, 5, 1));
  const { archive } = await filledArchive(clock);
  await archive.save(variant(4), []);
  const zip = await backupZip(archive);
  const savedInSource = (await archive.get(variant(2, { section: '法国' }).canonicalUrl))!.savedAt;
  // The other profile: saved 1 and 3 in January; in August saved 2 for the first time and updated 3.
  const otherClock = manualClock(Date.UTC(2024, 0, 1));
  const other = await freshArchive(otherClock.now);
  await other.archive.save(variant(1, { title: '旧版本' }), []);
  await other.archive.save(variant(3, { title: '较新的三' }), []);
  otherClock.advance(213 * 86_400_000);
  await other.archive.save(variant(2, { section: '法国', title: '较新的二' }), []);
  await other.archive.save(variant(3, { title: '较新的三' }), []);

  const report = await other.archive.importBackup(zip);
  assert.deepEqual(report, { added: 1, updated: 2, unchanged: 1, images: 2 });
  assert.equal(await other.archive.count(), 4);
  const one = (await other.archive.get(variant(1).canonicalUrl))!;
  assert.equal(one.article.title, variant(1).title, 'the backup had the newer version');
  assert.equal(one.savedAt, Date.UTC(2024, 0, 1), 'the earlier first save is kept');
  assert.equal((await other.archive.imagesFor(one)).size, 2);
  const two = (await other.archive.get(variant(2, { section: '法国' }).canonicalUrl))!;
  assert.equal(two.article.title, '较新的二');
  assert.equal(two.savedAt, savedInSource);
  assert.equal((await other.archive.get(variant(3).canonicalUrl))!.article.title, '较新的三');
  assert.deepEqual(await other.archive.search('旧版本'), []);
  assert.deepEqual(await other.archive.search('较新的二'), [two.url]);
});

test('hostile HTML inside a backup is sanitized on the way in, whether before the images are read or after', async () => {
  const { archive } = await filledArchive();
  const zip = tamper(await backupZip(archive), (m) => {
    m.articles[0].article.contentHtml =
      '<p>正文</p><script>alert(1)</script><img src="https://s.rfi.fr/a.jpg" onerror="alert(2)"><a href="javascript:alert(3)">x</a>';
  });
  // The page sanitizes articles while the images are still being read: slow images leave it time for all of them;
  // images read at once leave it time for none, and the articles are sanitized in turn as they are written.
  const slowImages: Digester = async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return digestImages(...args);
  };
  const file = new Blob([zip as Uint8Array<ArrayBuffer>]);
  const imageEntries = (await readZipDirectory(file)).filter((e) => e.name.startsWith('images/'));
  const digests = await digestImages(file, imageEntries, new AbortController().signal);
  const readAtOnce: Digester = () => Promise.resolve(digests);
  const dumps = [];
  for (const digest of [slowImages, readAtOnce]) {
    const fresh = await freshArchive();
    await fresh.archive.importBackup(zip, digest);
    const records = await Promise.all((await fresh.archive.urls()).map((url) => fresh.archive.get(url)));
    const html = records.map((r) => r!.article.contentHtml).join('');
    assert.doesNotMatch(html, /script|onerror|javascript:/);
    assert.match(html, /正文/);
    dumps.push(await dumpStores(fresh.idb));
  }
  assert.deepEqual(dumps[0]!['articles'], dumps[1]!['articles']);
  assert.deepEqual(dumps[0]!['search'], dumps[1]!['search']);
});

/** Sets the uncompressed size that the ZIP's central directory claims for `name`. */
function claimSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength)) === name) view.setUint32(at + 24, size, true);
  }
  return out;
}

const REFUSED: [string, RegExp, (zip: Uint8Array) => Promise<Uint8Array> | Uint8Array][] = [
  ['not a ZIP', /not a readable ZIP/, () => strToU8('{"format":"rfi-reader-backup"}')],
  ['truncated', /not a readable ZIP|missing|damaged/, (zip) => zip.subarray(0, Math.floor(zip.length * 0.6))],
  [
    'no backup.json',
    /backup\.json is missing/,
    (zip) => {
      const files = unzipSync(zip);
      delete files['backup.json'];
      return zipSync(files as Zippable);
    },
  ],
  [
    'backup.json is not JSON',
    /backup\.json is not valid JSON/,
    (zip) => zipSync({ ...unzipSync(zip), 'backup.json': strToU8('{"format": "rfi-reader-backup", "arti') } as Zippable),
  ],
  ['another format', /not an RFI Reader backup/, (zip) => tamper(zip, (m) => (m.format = 'other-app'))],
  ['a newer version', /backup\.json version is 2: this backup was made by a newer RFI Reader/, (zip) => tamper(zip, (m) => (m.version = 2))],
  [
    'an article URL off rfi.fr',
    /^Backup refused: articles\[1\]\.url \(https:\/\/evil\.example\/x\) is not the address of an article of RFI's Chinese service/,
    (zip) => tamper(zip, (m) => (m.articles[1].url = 'https://evil.example/x')),
  ],
  ['a field of the wrong type', /articles\[0\]\.article\.tags is not an array/, (zip) => tamper(zip, (m) => (m.articles[0].article.tags = '中国'))],
  ['a time that is not a number', /articles\[2\]\.savedAt is not a time/, (zip) => tamper(zip, (m) => (m.articles[2].savedAt = '2024-01-01'))],
  ['a missing field', /articles\[0\]\.article\.title is not a string/, (zip) => tamper(zip, (m) => delete m.articles[0].article.title)],
  ['a duplicate URL', /articles\[1\]\.url repeats articles\[0\]\.url/, (zip) => tamper(zip, (m) => (m.articles[1] = m.articles[0]))],
  [
    'an image whose bytes do not match its name',
    /does not match its SHA-256/,
    (zip) =>
      tamper(zip, (m, files) => {
        const bytes = files[`images/${m.images[0].hash}`]!;
        bytes[bytes.length - 1]! ^= 0xff;
      }),
  ],
  [
    'a listed image absent from the ZIP',
    /images\[0\] \(images\/[0-9a-f]{64}\) is missing/,
    (zip) => tamper(zip, (m, files) => delete files[`images/${m.images[0].hash}`]),
  ],
  [
    'an article image absent from the list',
    /articles\[0\]\.images\[0\]\.hash names an image that is not in the backup/,
    (zip) =>
      tamper(zip, (m, files) => {
        const gone = m.articles[0].images[0].hash;
        m.images = m.images.filter((i: { hash: string }) => i.hash !== gone);
        delete files[`images/${gone}`];
      }),
  ],
  [
    'an SVG passed off as a PNG',
    /is not the image\/png it claims to be/,
    async (zip) => {
      const svg = strToU8('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
      const hash = await sha256Hex(svg);
      return tamper(zip, (m, files) => {
        m.images.push({ hash, type: 'image/png', bytes: svg.length });
        files[`images/${hash}`] = svg;
      });
    },
  ],
  ['an unexpected file', /unexpected file "\.\.\/evil\.js"/, (zip) => zipSync({ ...unzipSync(zip), '../evil.js': strToU8('alert(1)') } as Zippable)],
  ['a 1 GB size claim', /backup\.json claims 1073741824 bytes/, (zip) => claimSize(zip, 'backup.json', 1024 ** 3)],
  ['a negative image size', /images\[1\]\.bytes is not a whole number/, (zip) => tamper(zip, (m) => (m.images[1].bytes = -5))],
];

test('a corrupt, truncated, hostile or wrong-version file is refused with a clear message and changes nothing', async () => {
  const source = await filledArchive();
  const zip = await backupZip(source.archive);
  const target = await freshArchive();
  await target.archive.save(variant(1, { title: '本地版本' }), fetchedFor(variant(1), 7));
  const before = await dumpStores(target.idb);
  for (const [name, message, make] of REFUSED) {
    const bad = await make(zip);
    await assert.rejects(target.archive.importBackup(bad), (err: unknown) => {
      assert.ok(err instanceof ImportError, `${name}: ${String(err)}`);
      assert.match(err.message, message, name);
      return true;
    });
  }
  assert.deepEqual(await dumpStores(target.idb), before);
  assert.deepEqual(await target.archive.search('习近平'), [variant(1).canonicalUrl]);
  // The untouched file still imports.
  assert.equal((await target.archive.importBackup(zip)).added, 2);
});

test('a full disk during import gives an ArchiveFullError and changes nothing', async () => {
  const { archive } = await filledArchive();
  const zip = await backupZip(archive);
  const target = await freshArchive();
  await target.archive.save(variant(9), []);
  const before = await dumpStores(target.idb);
  await withFullDisk('request fails', () => assert.rejects(target.archive.importBackup(zip), ArchiveFullError));
  assert.deepEqual(await dumpStores(target.idb), before);
});

test('a large archive is backed up as several files, each a whole backup of its articles; together they import as the archive', async () => {
  const clock = manualClock();
  const { archive, idb } = await freshArchive(clock.now);
  const shared = jpegBytes(7, 500);
  for (let n = 1; n <= 7; n++) {
    const article = variant(n);
    // Every article shares one image; each has one of its own too.
    await archive.save(article, [{ src: article.heroImage!.src, bytes: shared, type: 'image/jpeg' }, ...fetchedFor(article, n).slice(1)]);
    clock.advance();
  }
  const sizes = async (limits: Partial<BackupFileLimits>) => {
    const files = await backupFiles(archive, { ...BACKUP_FILE_LIMITS, ...limits });
    return Promise.all(
      files.map(async (f) => {
        const entries = unzipSync(new Uint8Array(await f.zip.arrayBuffer()));
        const manifest = JSON.parse(new TextDecoder().decode(entries['backup.json']));
        const imageEntries = Object.keys(entries).filter((name) => name.startsWith('images/'));
        // Each file carries exactly the images its own articles use, the shared one in every file.
        const used = new Set(manifest.articles.flatMap((a: { imageHashes: string[] }) => a.imageHashes));
        assert.deepEqual(imageEntries.map((name) => name.slice('images/'.length)).sort(), [...used].sort());
        assert.ok(used.has(await sha256Hex(shared)));
        return { articles: manifest.articles.length, more: f.more, number: f.number, soFar: f.articlesSoFar, file: f.zip };
      }),
    );
  };
  // By count of articles.
  const byCount = await sizes({ articles: 3 });
  assert.deepEqual(
    byCount.map(({ articles, more, number, soFar }) => ({ articles, more, number, soFar })),
    [
      { articles: 3, more: true, number: 1, soFar: 3 },
      { articles: 3, more: true, number: 2, soFar: 6 },
      { articles: 1, more: false, number: 3, soFar: 7 },
    ],
  );
  // By image bytes: the shared image (500 bytes) and two of the articles' own (64 bytes each) fit, a third does not.
  assert.deepEqual(
    (await sizes({ imageBytes: 650 })).map((f) => f.articles),
    [2, 2, 2, 1],
  );
  // By the characters of the articles' JSON: one article to a file.
  assert.deepEqual(
    (await sizes({ jsonChars: 100 })).map((f) => f.articles),
    [1, 1, 1, 1, 1, 1, 1],
  );

  // The files, imported one after the other into a fresh archive, give the same archive.
  const fresh = await freshArchive();
  const reports = [];
  for (const f of byCount) reports.push(await fresh.archive.importBackup(f.file));
  assert.deepEqual(
    reports.map((r) => r.added),
    [3, 3, 1],
  );
  const [from, to] = [await dumpStores(idb), await dumpStores(fresh.idb)];
  for (const store of ['articles', 'images', 'search']) assert.deepEqual(to[store], from[store], store);
  assert.deepEqual(await fresh.archive.search(variant(5).title.slice(0, 6)), await archive.search(variant(5).title.slice(0, 6)));
});

test('an empty archive is backed up as one file with no articles, which imports as nothing', async () => {
  const { archive } = await freshArchive();
  const files = await backupFiles(archive);
  assert.equal(files.length, 1);
  const fresh = await freshArchive();
  assert.deepEqual(await fresh.archive.importBackup(files[0]!.zip), { added: 0, updated: 0, unchanged: 0, images: 0 });
});
