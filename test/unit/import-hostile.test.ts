// Hostile backups: records that point outside RFI's Chinese service, and ZIPs that say two things (two entries of
// one name, a local header against the directory). Each is written byte by byte (test/support/zip-bytes.ts), each
// is refused with a sentence of every locale naming the article and the field, and the archive is unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, unzipSync } from 'fflate';
import { ImportError, type Archive } from '../../src/archive/archive';
import { digestImages, type Digester } from '../../src/archive/backup/image-digests';
import { backupZip, dumpStores, fetchedFor, freshArchive, manualClock, variant } from '../support/archive';
import { inLocale, LOCALES } from '../support/messages';
import { zipBytes, type RawEntry } from '../support/zip-bytes';

/** A backup of two articles with images, its files, and a target archive that already holds another version of one. */
async function setUp() {
  const clock = manualClock();
  const source = await freshArchive(clock.now);
  await source.archive.save(variant(1), fetchedFor(variant(1), 1));
  clock.advance();
  await source.archive.save(variant(2), fetchedFor(variant(2), 2));
  const files = unzipSync(await backupZip(source.archive));
  const manifest = JSON.parse(new TextDecoder().decode(files['backup.json']));
  const target = await freshArchive();
  await target.archive.save(variant(1, { title: '本地版本' }), fetchedFor(variant(1), 7));
  return { files, manifest, target, before: await dumpStores(target.idb) };
}

type Files = Record<string, Uint8Array>;

/** The backup's files as a ZIP writer lays them: backup.json deflated, the images stored. */
function entriesOf(files: Files, manifest?: unknown): RawEntry[] {
  return Object.entries(files).map(([name, data]) =>
    name === 'backup.json' ? { name, data: manifest === undefined ? data : strToU8(JSON.stringify(manifest)), deflate: true } : { name, data },
  );
}

/** `manifest` changed by `change`, in a ZIP of the backup's files. */
function withManifest(files: Files, manifest: any, change: (m: any) => void): Uint8Array {
  const changed = structuredClone(manifest);
  change(changed);
  return zipBytes(entriesOf(files, changed));
}

/** The import worker's answer, as it reaches the page: through a structured clone, which keeps no class. */
const overMessageBoundary: Digester = async (...args) => structuredClone(await digestImages(...args));

/** Imports `file`, expects the refusal `key` with `substitutions`, and checks that every locale can say it. */
async function expectRefused(archive: Archive, what: string, file: Uint8Array, message: RegExp, key: string, substitutions: string[], digest?: Digester) {
  await assert.rejects(archive.importBackup(file, digest), (err: unknown) => {
    assert.ok(err instanceof ImportError, `${what}: ${String(err)}`);
    assert.match(err.message, message, what);
    assert.equal(err.text?.key, key, `${what}: ${err.message}`);
    assert.deepEqual(err.text.substitutions, substitutions, what);
    for (const locale of LOCALES) {
      const said = inLocale(locale, key, ...substitutions);
      for (const sub of substitutions) assert.ok(said.includes(sub), `${what}: ${locale} says ${said}`);
    }
    return true;
  });
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a record whose address is not an RFI Chinese article, or that is filed under another key, is refused naming the article and the field', async () => {
  const { files, manifest, target, before } = await setUp();
  const own = manifest.articles[1].url as string;
  const other = variant(9).canonicalUrl;
  const cases: [string, string, string, string][] = [
    ['url', 'https://evil.example/cn/20240101-article-2', 'archiveImportNotRfiArticle', 'another site'],
    ['url', 'https://www.rfi.fr.evil.example/cn/20240101-article-2', 'archiveImportNotRfiArticle', 'a host that only starts like rfi.fr'],
    ['url', 'https://www.rfi.fr/fr/monde/20240101-article-2', 'archiveImportNotRfiArticle', 'the French edition'],
    ['url', 'https://s.rfi.fr/cn/20240101-article-2', 'archiveImportNotRfiArticle', "RFI's media host, which serves no pages"],
    ['article.url', 'https://evil.example/cn/20240101-article-2', 'archiveImportNotRfiArticle', 'the page address on another site'],
    ['article.canonicalUrl', 'https://evil.example/cn/20240101-article-2', 'archiveImportNotRfiArticle', 'the canonical address on another site'],
    ['article.canonicalUrl', 'https://www.rfi.fr/en/20240101-article-2', 'archiveImportNotRfiArticle', 'the canonical address in the English edition'],
  ];
  for (const [field, value, key, what] of cases) {
    const file = withManifest(files, manifest, (m) => setField(m.articles[1], field, value));
    const title = manifest.articles[1].article.title;
    await expectRefused(
      target.archive,
      what,
      file,
      new RegExp(`^Backup refused: articles\\[1\\]\\.${escaped(field)} \\(${escaped(value)}\\) is not the address of an article`),
      key,
      ['2', title, `articles[1].${field}`, value],
    );
  }
  // RFI Chinese addresses, but not the one the archive files the article under.
  const keys: [string, (m: any) => void, string, string][] = [
    ['the canonical address of another article', (a) => (a.article.canonicalUrl = other), own, other],
    ['the key spelled another way', (a) => (a.url = own.replace('https://www.', 'http://')), own.replace('https://www.', 'http://'), own],
    ['the key of another article', (a) => (a.url = other), other, own],
  ];
  for (const [what, change, filed, key] of keys) {
    const file = withManifest(files, manifest, (m) => change(m.articles[1]));
    const substitutions = ['2', manifest.articles[1].article.title, 'articles[1].url', filed, key];
    await expectRefused(
      target.archive,
      what,
      file,
      new RegExp(`^Backup refused: articles\\[1\\]\\.url \\(${escaped(filed)}\\) is not the key`),
      'archiveImportWrongKey',
      substitutions,
    );
  }
  assert.deepEqual(await dumpStores(target.idb), before);
});

test('an image of a record on a host other than RFI’s is refused naming the article and the field', async () => {
  const { files, manifest, target, before } = await setUp();
  const cases: [string, string][] = [
    ['article.heroImage.src', 'https://tracker.example/pixel.gif'],
    ['article.heroImage.src', 'https://s.rfi.fr.evil.example/media/display/x/w:640/p:16x9/a.jpg'],
    ['article.heroImage.src', 'https://evil.example/s.rfi.fr/a.jpg?host=s.rfi.fr'],
    ['article.heroImage.src', 'http://evil.example#.rfi.fr'],
    ['article.images[0].src', 'http://evil.example/a.jpg'],
    ['images[0].src', 'https://evil.example/a.jpg'],
  ];
  for (const [field, value] of cases) {
    const file = withManifest(files, manifest, (m) => setField(m.articles[0], field, value));
    await expectRefused(
      target.archive,
      `${field} = ${value}`,
      file,
      new RegExp(`^Backup refused: articles\\[0\\]\\.${escaped(field)} \\(${escaped(value)}\\) is not an image on RFI's own hosts\\.$`),
      'archiveImportNotRfiImage',
      ['1', manifest.articles[0].article.title, `articles[0].${field}`, value],
    );
  }
  // The title and address are shown without the bidi and control characters that would reorder the sentence, and cut short.
  const file = withManifest(files, manifest, (m) => {
    m.articles[0].article.title = `\u202e${'标题'.repeat(40)}\u0007`;
    m.articles[0].article.heroImage.src = `https://evil.example/\u202e${'a'.repeat(300)}`;
  });
  await assert.rejects(target.archive.importBackup(file), (err: unknown) => {
    assert.ok(err instanceof ImportError && err.text);
    const [, title, , value] = err.text.substitutions;
    assert.equal(title, `${'标题'.repeat(30).slice(0, 59)}…`);
    assert.ok(value!.startsWith('https://evil.example/aaa') && value!.endsWith('…') && Array.from(value!).length === 200, value);
    return true;
  });
  assert.deepEqual(await dumpStores(target.idb), before);
});

test('addresses the save path would have kept are imported: another spelling of the key, /tw/, any RFI image host', async () => {
  const { files, manifest, target } = await setUp();
  const file = withManifest(files, manifest, (m) => {
    const a = m.articles[1];
    a.article.url = `${a.url.replace('https://www.', 'http://')}?utm_source=feed#top`;
    a.article.heroImage.src = a.article.heroImage.src.replace('https://', 'http://');
    a.article.images[0].src = 'https://static.rfi.fr/media/display/body-2/w:640/p:16x9/photo.jpg';
  });
  assert.equal((await target.archive.importBackup(file)).added, 1);
  const tw = variant(3, {
    url: 'https://www.rfi.fr/tw/%E4%B8%AD%E5%9C%8B/20240101-article-3',
    canonicalUrl: 'https://www.rfi.fr/tw/中國/20240101-article-3',
    lang: 'zh-Hant',
  });
  const source = await freshArchive();
  await source.archive.save(tw, fetchedFor(tw, 3));
  const twFiles = unzipSync(await backupZip(source.archive));
  assert.equal((await target.archive.importBackup(zipBytes(entriesOf(twFiles)))).added, 1);
});

test('a backup ZIP with two entries of one name is refused, whichever entry is repeated and however it is spelled', async () => {
  const { files, manifest, target, before } = await setUp();
  const image = manifest.images[0].hash as string;
  const hostile = strToU8(JSON.stringify({ ...manifest, articles: [] }));
  const cases: [string, string, Uint8Array][] = [
    ['backup.json', 'backup.json', hostile],
    ['backup.json', './backup.json', hostile],
    ['backup.json', '/backup.json', hostile],
    ['backup.json', 'Backup.JSON', hostile],
    [`images/${image}`, `images\\${image}`, strToU8('<svg onload="alert(1)"/>')],
    [`images/${image}`, `IMAGES/${image.toUpperCase()}`, files[`images/${image}`]!],
  ];
  for (const [first, second, data] of cases) {
    const file = zipBytes([...entriesOf(files), { name: second, data }]);
    await expectRefused(
      target.archive,
      second,
      file,
      new RegExp(`^Backup refused: two entries have one name: "${escaped(first)}" and "${escaped(second)}"\\.$`),
      'archiveImportZipDuplicate',
      [first, second],
    );
  }
  assert.deepEqual(await dumpStores(target.idb), before);
});

test('a backup ZIP whose local header disagrees with its directory is refused, in the page and across the worker boundary', async () => {
  const { files, manifest, target, before } = await setUp();
  const image = `images/${manifest.images[1].hash}`;
  const changed = (name: string, local: RawEntry['local']) => zipBytes(entriesOf(files).map((e) => (e.name === name ? { ...e, local } : e)));
  const other = `images/${manifest.images[0].hash}`;
  const size = files[image]!.length;
  // backup.json is read by the page; the images by the digester (in the browser, the import worker).
  for (const digest of [undefined, overMessageBoundary]) {
    const how = digest ? 'over the boundary' : 'in the page';
    await expectRefused(
      target.archive,
      `backup.json named evil.js ${how}`,
      changed('backup.json', { name: 'evil.js' }),
      /^Backup refused: backup\.json is named "evil\.js" in its local header\.$/,
      'archiveImportZipLocalName',
      ['backup.json', 'evil.js'],
      digest,
    );
    await expectRefused(
      target.archive,
      `an image named as another ${how}`,
      changed(image, { name: other }),
      new RegExp(`^Backup refused: ${image} is named "${other}" in its local header\\.$`),
      'archiveImportZipLocalName',
      [image, other],
      digest,
    );
    await expectRefused(
      target.archive,
      `backup.json stored ${how}`,
      changed('backup.json', { method: 0 }),
      /^Backup refused: backup\.json: its local header disagrees with the directory/,
      'archiveImportZipLocalHeader',
      ['backup.json'],
      digest,
    );
    for (const local of [{ size: size - 1 }, { compressedSize: size + 1 }, { method: 8 }, { crc32: 0 }]) {
      await expectRefused(
        target.archive,
        `${image} ${JSON.stringify(local)} ${how}`,
        changed(image, local),
        new RegExp(`^Backup refused: ${image}: its local header disagrees`),
        'archiveImportZipLocalHeader',
        [image],
        digest,
      );
    }
  }
  assert.deepEqual(await dumpStores(target.idb), before);
  assert.deepEqual(await target.archive.search('本地版本'), [variant(1).canonicalUrl]);
  // The same files, written soundly by the same writer (and by a streaming one), still import.
  assert.equal((await target.archive.importBackup(zipBytes(entriesOf(files)), overMessageBoundary)).added, 1);
  const fresh = await freshArchive();
  assert.deepEqual(await fresh.archive.importBackup(zipBytes(entriesOf(files).map((e) => ({ ...e, streamed: true })))), {
    added: 2,
    updated: 0,
    unchanged: 0,
    images: manifest.images.length,
  });
});

/** Sets `path` (`article.images[0].src`) in `target`. */
function setField(target: any, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const last = keys.pop()!;
  for (const k of keys) target = target[k];
  target[last] = value;
}

test('the refusals a user meets by mistake (another ZIP, a newer backup, a file cut short) are said in every locale too', async () => {
  const { files, manifest, target, before } = await setUp();
  const sound = zipBytes(entriesOf(files));
  const photos = zipBytes([{ name: 'IMG_0001.jpg', data: files[`images/${manifest.images[0].hash}`]! }]);
  const noManifest = zipBytes(entriesOf(files).filter((e) => e.name !== 'backup.json'));
  const cases: [string, Uint8Array, RegExp, string, string[]][] = [
    ['a ZIP of photos', photos, /unexpected file "IMG_0001\.jpg"/, 'archiveImportNotBackup', []],
    ['no backup.json', noManifest, /backup\.json is missing/, 'archiveImportNotBackup', []],
    ['another format', withManifest(files, manifest, (m) => (m.format = 'other-app')), /not an RFI Reader backup/, 'archiveImportNotBackup', []],
    [
      'a newer version',
      withManifest(files, manifest, (m) => (m.version = 3)),
      /version is 3: this backup was made by a newer RFI Reader/,
      'archiveImportNewerVersion',
      ['3'],
    ],
    ['cut short', sound.subarray(0, Math.floor(sound.length * 0.7)), /not a readable ZIP archive .*truncated or damaged/, 'archiveImportDamaged', []],
    [
      'backup.json cut short',
      zipBytes(entriesOf(files).map((e) => (e.name === 'backup.json' ? { ...e, data: e.data.subarray(0, 100) } : e))),
      /backup\.json is not valid JSON/,
      'archiveImportDamaged',
      [],
    ],
  ];
  for (const [what, file, message, key, substitutions] of cases) await expectRefused(target.archive, what, file, message, key, substitutions);
  assert.deepEqual(await dumpStores(target.idb), before);
});
