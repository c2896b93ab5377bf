import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ImportError, type Archive } from '../../src/archive/archive';
import { backupZip, dumpStores, fetchedFor, freshArchive, manualClock, variant } from '../support/archive';

/** A backup of two articles with images, and a target archive that already holds a different version of one. */
async function setUp() {
  const clock = manualClock();
  const source = await freshArchive(clock.now);
  await source.archive.save(variant(1), fetchedFor(variant(1), 1));
  clock.advance();
  await source.archive.save(variant(2), fetchedFor(variant(2), 2));
  const zip = await backupZip(source.archive);
  const target = await freshArchive();
  await target.archive.save(variant(1, { title: '本地版本' }), fetchedFor(variant(1), 7));
  return { zip, target, before: await dumpStores(target.idb) };
}

function rezip(zip: Uint8Array, change: (manifest: any, files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  const manifest = JSON.parse(new TextDecoder().decode(files['backup.json']));
  change(manifest, files);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files as Zippable);
}

let tried = 0;

/** Imports `file` and expects a refusal whose message matches; the caller checks the archive afterwards. */
async function expectRefused(archive: Archive, name: string, file: Uint8Array | Blob, message: RegExp): Promise<void> {
  tried++;
  await assert.rejects(archive.importBackup(file), (err: unknown) => {
    assert.ok(err instanceof ImportError, `${name}: ${String(err)}`);
    assert.match(err.message, message, name);
    return true;
  });
}

test('a backup truncated at every tenth of its length is refused and the archive is unchanged byte for byte', async (t: TestContext) => {
  const { zip, target, before } = await setUp();
  for (let tenth = 0; tenth < 10; tenth++) {
    const cut = zip.subarray(0, Math.floor((zip.length * tenth) / 10));
    await expectRefused(target.archive, `cut at ${tenth * 10}%`, cut, /^Backup refused: .*(not a readable ZIP|missing|damaged)/);
  }
  // The last bytes (the end of the central directory) missing, and one byte too many cut.
  await expectRefused(target.archive, 'cut 1 byte short', zip.subarray(0, zip.length - 1), /not a readable ZIP/);
  assert.deepEqual(await dumpStores(target.idb), before);
  t.diagnostic(`import files tried so far: ${tried}`);
});

test('every version but 1, of any type, is refused with the version named', async () => {
  const { zip, target, before } = await setUp();
  const versions: [unknown, RegExp][] = [
    [0, /version is not a known version \(1\)/],
    [-1, /version is not a known version/],
    [1.5, /version is 1\.5: this backup was made by a newer RFI Reader/],
    ['1', /version is not a known version/],
    [null, /version is not a known version/],
    [[1], /version is not a known version/],
    [undefined, /version is not a known version/],
    [1e308, /version is 1e\+308: this backup was made by a newer RFI Reader/],
  ];
  for (const [version, message] of versions) {
    await expectRefused(
      target.archive,
      `version ${JSON.stringify(version)}`,
      rezip(zip, (m) => (m.version = version)),
      message,
    );
  }
  assert.deepEqual(await dumpStores(target.idb), before);
});

/** A value of another JSON type than the field's own, for each field of a saved article. */
const WRONG: Record<string, unknown[]> = {
  string: [42, null, ['x'], { a: 1 }, true],
  number: ['7', null, [], {}, 1.5, -1],
  array: ['x', 1, null, {}],
  object: ['x', 1, []],
};
const FIELDS: [string, keyof typeof WRONG][] = [
  ['url', 'string'],
  ['savedAt', 'number'],
  ['updatedAt', 'number'],
  ['images', 'array'],
  ['imageHashes', 'array'],
  ['bytes', 'number'],
  ['article', 'object'],
  ['article.url', 'string'],
  ['article.canonicalUrl', 'string'],
  ['article.title', 'string'],
  ['article.lead', 'string'],
  ['article.byline', 'string'],
  ['article.section', 'string'],
  ['article.tags', 'array'],
  ['article.publishedAt', 'string'],
  ['article.modifiedAt', 'string'],
  ['article.images', 'array'],
  ['article.contentHtml', 'string'],
  ['article.text', 'string'],
  ['article.length', 'number'],
  ['article.readingMinutes', 'number'],
  ['article.warnings', 'array'],
  ['article.heroImage', 'object'],
  ['article.heroImage.src', 'string'],
  ['images.0.hash', 'string'],
  ['images.0.bytes', 'number'],
  ['images.0.src', 'string'],
];

function setPath(target: any, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  for (const k of keys) target = target[k];
  target[last] = value;
}

test('a wrong JSON type in any field of an article, its images or the image list is refused, naming the field', async (t: TestContext) => {
  const { zip, target, before } = await setUp();
  for (const [field, kind] of FIELDS) {
    for (const value of WRONG[kind]!) {
      const path = `articles[1].${field.replace(/\.(\d+)/g, '[$1]')}`;
      await expectRefused(
        target.archive,
        `${field} = ${JSON.stringify(value)}`,
        rezip(zip, (m) => setPath(m.articles[1], field, value)),
        new RegExp(`^Backup refused: ${path.replace(/[[\].]/g, '\\$&')}\\b`),
      );
    }
  }
  for (const [field, values] of [
    ['hash', [1, null, 'ABC', 'g'.repeat(64)]],
    ['type', ['image/svg+xml', 'text/html', 1]],
    ['bytes', ['12', -1, 2.5, null]],
  ] as const) {
    for (const value of values) {
      await expectRefused(
        target.archive,
        `images[0].${field} = ${JSON.stringify(value)}`,
        rezip(zip, (m) => (m.images[0][field] = value)),
        new RegExp(`^Backup refused: images\\[0\\]\\.${field}\\b`),
      );
    }
  }
  for (const top of [null, [], 'backup', 42])
    await expectRefused(
      target.archive,
      `manifest ${JSON.stringify(top)}`,
      zipSync({ 'backup.json': strToU8(JSON.stringify(top)) }),
      /backup\.json is not an object/,
    );
  await expectRefused(
    target.archive,
    'articles is an object',
    rezip(zip, (m) => (m.articles = { 0: m.articles[0] })),
    /^Backup refused: articles is not an array/,
  );
  assert.deepEqual(await dumpStores(target.idb), before);
  t.diagnostic(`import files tried so far: ${tried}`);
});

/** A Blob that says it holds more than a gigabyte, without the memory: the size is all the importer may look at. */
class ClaimedSizeBlob extends Blob {
  constructor(private readonly claimed: number) {
    super([]);
  }
  override get size(): number {
    return this.claimed;
  }
}

/** Sets the uncompressed size that the ZIP's central directory claims for every entry whose name matches. */
function claimSizes(zip: Uint8Array, name: RegExp, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    if (name.test(new TextDecoder().decode(out.subarray(at + 46, at + 46 + length)))) view.setUint32(at + 24, size, true);
  }
  return out;
}

test('1 GB claimed sizes (the file, a ZIP entry, an image in the list or in a record) are refused before anything is allocated', async () => {
  const { zip, target, before } = await setUp();
  const gigabyte = 1024 ** 3;
  await expectRefused(target.archive, 'a file over 1 GB', new ClaimedSizeBlob(gigabyte + 1), /^Backup refused: the file is larger than 1073741824 bytes\.$/);
  await expectRefused(
    target.archive,
    'an image entry claiming 1 GB',
    claimSizes(zip, /^images\//, gigabyte),
    /^Backup refused: images\/[0-9a-f]{64} claims 1073741824 bytes \(limit 33554432\)\.$/,
  );
  await expectRefused(target.archive, 'every entry claiming 1 GB', claimSizes(zip, /./, gigabyte), /claims 1073741824 bytes/);
  await expectRefused(
    target.archive,
    'listed image of 1 GB',
    rezip(zip, (m) => (m.images[0].bytes = gigabyte)),
    /^Backup refused: images\[0\]\.bytes is not a whole number between 0 and 33554432\.$/,
  );
  await expectRefused(
    target.archive,
    'record image of 1 GB',
    rezip(zip, (m) => (m.articles[0].images[0].bytes = gigabyte)),
    /articles\[0\]\.images\[0\]\.bytes is not a whole number/,
  );
  await expectRefused(
    target.archive,
    'record of 1 GB of text',
    rezip(zip, (m) => (m.articles[0].article.text = '字'.repeat(4_000_001))),
    /articles\[0\]\.article\.text is longer than 4000000 characters/,
  );
  assert.deepEqual(await dumpStores(target.idb), before);
});

test('duplicate ids (article URLs, image hashes) are refused, whichever copy differs', async () => {
  const { zip, target, before } = await setUp();
  await expectRefused(
    target.archive,
    'same URL, other title',
    rezip(zip, (m) => m.articles.push({ ...m.articles[0], article: { ...m.articles[0].article, title: '冒充' } })),
    /^Backup refused: articles\[2\]\.url repeats articles\[0\]\.url\.$/,
  );
  await expectRefused(
    target.archive,
    'same image listed twice',
    rezip(zip, (m) => m.images.push(m.images[1])),
    /^Backup refused: images\[\d+\]\.hash repeats images\[1\]\.hash\.$/,
  );
  await expectRefused(
    target.archive,
    'same image listed twice with another type',
    rezip(zip, (m) => m.images.push({ ...m.images[0], type: 'image/png' })),
    /repeats images\[0\]\.hash/,
  );
  assert.deepEqual(await dumpStores(target.idb), before);
});

test('hostile HTML in every text field of a backup is cleaned or kept as inert text; the article is added clean', async (t: TestContext) => {
  const { zip, target } = await setUp();
  const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
  const hostile = rezip(zip, (m) => {
    const a = m.articles[1].article;
    a.contentHtml = [
      '<p>正文留下</p>',
      payload,
      '<svg onload="alert(3)"><circle/></svg>',
      '<iframe srcdoc="<script>alert(4)</script>"></iframe>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(5)></style></mglyph></table></mtext></math>',
      '<form action="https://evil.example/"><input name="q"></form>',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
      '<base href="https://evil.example/">',
      '<a href="javascript:alert(6)">链接</a>',
      '<img src="data:image/png;base64,AAAA">',
      '<img src="https://tracker.example/pixel.gif">',
      '<p style="background:url(https://evil.example/x)">样式</p>',
      '<div id="location" name="cookie">遮蔽</div>',
    ].join('');
    a.title = `标题${payload}`;
    a.lead = `导语${payload}`;
    if (a.images[0]) a.images[0].caption = `图注${payload}`;
  });
  tried++;
  const report = await target.archive.importBackup(hostile);
  assert.equal(report.added, 1);
  const record = (await target.archive.get(variant(2).canonicalUrl))!;
  const html = record.article.contentHtml;
  assert.doesNotMatch(
    html,
    /<script|<svg|<iframe|<math|<form|<input|<meta|<base|<style|onerror|onload|javascript:|data:|evil\.example|tracker\.example|style=|id=|name=/i,
  );
  for (const text of ['正文留下', '链接', '样式', '遮蔽']) assert.ok(html.includes(text), `${text} is still shown`);
  // Title, lead and captions are plain text: kept as the characters they are, never parsed as markup on the way in.
  assert.equal(record.article.title, `标题${payload}`);
  t.diagnostic(`import files tried: ${tried}`);
});
