// The archive's import of feed-mirror entries (src/archive/mirror/): files, a folder or a mirror repository's ZIP
// sorted by reason, RFI Chinese entries extracted and stored as a save stores them, duplicates counted and never
// stored twice, whole batches only whatever stops the import, and an interrupted import told of and carried on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openArchive, type Archive } from '../../src/archive/archive';
import { ArchiveFullError } from '../../src/archive/errors';
import { importMirror, type MirrorImportOptions, type MirrorReport } from '../../src/archive/mirror/import-entries';
import { interruptedMirrorImport } from '../../src/archive/mirror/import-note';
import { TimeLeft, type MirrorCounts } from '../../src/archive/mirror/mirror-counts';
import { looseSource, MirrorZipError, openChosen, type ChosenFile } from '../../src/archive/mirror/mirror-files';
import { mirrorRecord, NOT_FETCHED } from '../../src/archive/mirror/mirror-record';
import { runMirrorImport } from '../../src/archive/mirror/run-import';
import { archiveKeyOf } from '../../src/archive/prepare';
import { parseHtml } from '../../src/cli/parse-html';
import { extractSnapshot } from '../../src/core/extract';
import { dumpStores, freshArchive, manualClock, testWindow, withFullDisk } from '../support/archive';
import { EMPTY_ENTRY, entryHeader, entryVariant, mirrorEntry, OTHER_ENTRIES, repositoryZip, RFI_ENTRIES, sessionLocks } from '../support/mirror';

const IMPORTED_AT = Date.UTC(2025, 2, 1, 12);

const file = (name: string, data: string | Uint8Array, folder = ''): ChosenFile => {
  const f = new File([data as BlobPart], name) as ChosenFile;
  // As a chosen folder gives it: the path inside the folder.
  if (folder) Object.defineProperty(f, 'webkitRelativePath', { value: `${folder}/${name}` });
  return f;
};

/** What the import needs in Node: jsdom parses, the test window sanitizes, no page to let paint. */
function options(archive: Archive, more: Partial<MirrorImportOptions> = {}): MirrorImportOptions {
  return { archive, parse: parseHtml, window: testWindow, now: () => IMPORTED_AT, pause: () => Promise.resolve(), ...more };
}

const keyOf = (text: string) => archiveKeyOf(entryHeader(text).url)!;

const skipped = (r: MirrorCounts) => r.skipped;

/** The mirror's RFI Chinese entries (n variants of each shape), its other outlets, an empty entry and non-entries. */
function mixedFiles(variants = 1): { files: ChosenFile[]; articles: string[] } {
  const articles = RFI_ENTRIES.flatMap((path) => Array.from({ length: variants }, (_, n) => (n ? entryVariant(mirrorEntry(path), n) : mirrorEntry(path))));
  const files = [
    ...articles.map((text, i) => file(`${1_000_000 + i}.md`, text, 'rfi')),
    ...OTHER_ENTRIES.map((path, i) => file(`${2_000_000 + i}.md`, mirrorEntry(path), 'other')),
    file('1100005.txt', mirrorEntry(EMPTY_ENTRY), 'rfi'),
    file('README.md', '# 新闻镜像\n\n每条新闻一个文件。\n'),
    // A saved page is not an entry, whatever its extension.
    file('saved.txt', '<!doctype html><html><head><title>RFI</title></head><body><p>正文</p></body></html>'),
    // Not UTF-8 (GBK bytes under an entry's name): damage, not an entry.
    file('gbk.md', new Uint8Array([0x3c, 0x21, 0x2d, 0x2d, 0xc4, 0xe3, 0xba, 0xc3, 0xff, 0xfe])),
    file('cover.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
    file('.gitignore', 'node_modules\n'),
  ];
  return { files, articles };
}

test('files and a folder: RFI Chinese entries imported, everything else counted once by its reason', async () => {
  const { archive } = await freshArchive();
  const { files, articles } = mixedFiles();
  const progress: MirrorCounts[] = [];
  const report = await importMirror(looseSource(files), options(archive, { onProgress: (c) => progress.push(c) }));
  assert.equal(report.outcome, 'done');
  assert.deepEqual(skipped(report), { otherOutlet: 3, notEntry: 2, broken: 1, refused: 1 });
  assert.equal(report.added, 4);
  // The first files of each reason are named, the damaged and refused ones with why (a folder's files by their path).
  assert.deepEqual(report.examples.broken, [{ name: 'gbk.md', detail: 'not UTF-8 text' }]);
  assert.deepEqual(report.examples.refused, [{ name: 'rfi/1100005.txt', detail: { key: 'reasonBodyEmpty', substitutions: [] } }]);
  assert.deepEqual(
    report.examples.otherOutlet.map((e) => e.name),
    ['other/2000000.md', 'other/2000001.md', 'other/2000002.md'],
  );
  assert.deepEqual(
    report.examples.notEntry.map((e) => e.name),
    ['README.md', 'saved.txt'],
  );
  assert.equal(report.otherFiles, 2, 'the image and the dotfile: not entries, never read');
  assert.equal(report.total, 11);
  assert.equal(report.done, report.total);
  assert.equal(report.alreadyHere + report.repeated, 0);
  assert.equal(await archive.count(), 4);
  // Progress never goes back and never passes the total.
  for (const [i, c] of progress.entries()) assert.ok(c.done <= c.total && c.done >= (progress[i - 1]?.done ?? 0));

  // Listed in RFI's order: by the feed's time, newest first.
  const byFeedTime = [...articles].sort((a, b) => entryHeader(b).feedTimeMs - entryHeader(a).feedTimeMs).map(keyOf);
  assert.deepEqual(await archive.urls(), byFeedTime);
  // Searchable in either script: the /tw/ article by a simplified query.
  assert.deepEqual(await archive.search('离岸风电'), [keyOf(mirrorEntry('rfi/1100004.md'))]);
});

test('an imported record is what extraction and a save make of the entry: sanitized article, feed time, no image fetched', async () => {
  const { archive } = await freshArchive();
  const text = mirrorEntry('rfi/1100001.md');
  await importMirror(looseSource([file('a.md', text)]), options(archive));
  const extracted = extractSnapshot({ html: text, url: '' }, parseHtml, testWindow);
  assert.ok(extracted.ok);
  const record = (await archive.get(keyOf(text)))!;
  assert.deepEqual(record.article, extracted.article);
  assert.equal(record.savedAt, entryHeader(text).feedTimeMs);
  assert.equal(record.updatedAt, IMPORTED_AT);
  assert.ok(record.images.length > 0);
  assert.deepEqual(
    record.images,
    [extracted.article.heroImage!.src].map((src) => ({ src, missing: NOT_FETCHED })),
  );
  assert.deepEqual(record.imageHashes, []);
  // Not in any backup yet: the reminder counts it.
  assert.equal((await archive.backupStatus()).notBackedUp, 1);
});

test('a feed time after the import (a wrong clock in the feed) is saved as the import time', () => {
  const text = mirrorEntry('rfi/1100001.md');
  const result = extractSnapshot({ html: text, url: '' }, parseHtml, testWindow);
  assert.ok(result.ok);
  const key = keyOf(text);
  assert.equal(mirrorRecord(result.article, key, IMPORTED_AT + 86_400_000, IMPORTED_AT, testWindow).record.savedAt, IMPORTED_AT);
  assert.equal(mirrorRecord(result.article, key, IMPORTED_AT - 1, IMPORTED_AT, testWindow).record.savedAt, IMPORTED_AT - 1);
});

test('duplicates: an address twice in the input, spelled two ways, and one saved before are each stored once', async () => {
  const clock = manualClock(IMPORTED_AT - 86_400_000);
  const { archive, idb } = await freshArchive(clock.now);
  const [a, b, c] = RFI_ENTRIES.map(mirrorEntry);
  // Saved before (as a save stores it): the import leaves it as it is.
  const saved = extractSnapshot({ html: c!, url: '' }, parseHtml, testWindow);
  assert.ok(saved.ok);
  await archive.save(saved.article, []);
  // b's address is http://www.rfi.fr//cn/…: the same article as https://www.rfi.fr/cn/….
  const bRespelled = b!.replace('http://www.rfi.fr//cn/', 'https://www.rfi.fr/cn/');
  assert.notEqual(bRespelled, b);
  const files = [file('1.md', a!), file('2.md', b!), file('3.md', c!), file('copy-of-1.md', a!), file('4.txt', bRespelled)];
  const report = await importMirror(looseSource(files), options(archive));
  assert.deepEqual([report.added, report.alreadyHere, report.repeated, report.done], [2, 1, 2, 5]);
  assert.equal(await archive.count(), 3);
  assert.equal((await archive.get(keyOf(c!)))!.updatedAt, IMPORTED_AT - 86_400_000, 'the saved article is untouched');

  // The same files again add nothing and change nothing.
  const before = await dumpStores(idb);
  const again = await importMirror(looseSource(files), options(archive));
  assert.deepEqual([again.added, again.alreadyHere, again.repeated], [0, 3, 2]);
  assert.deepEqual(await dumpStores(idb), before);
});

test("a mirror repository's ZIP (GitHub's shape, deflated): entries read, folders and other files skipped, a damaged entry counted", async () => {
  const { archive } = await freshArchive();
  const { articles } = mixedFiles(3);
  const zip = repositoryZip([
    { path: 'README.md', data: '# news\n' },
    { path: '.github/workflows/update.yml', data: 'on: schedule\n' },
    ...articles.map((text, i) => ({ path: `articles/rfi/${1_000_000 + i}.md`, data: text })),
    ...OTHER_ENTRIES.map((path, i) => ({ path: `articles/other/${2_000_000 + i}.md`, data: mirrorEntry(path) })),
    { path: 'articles/rfi/1100005.md', data: mirrorEntry(EMPTY_ENTRY) },
    { path: 'articles/rfi/damaged.md', data: entryVariant(mirrorEntry(RFI_ENTRIES[0]), 99), damaged: true },
  ]);
  const source = await openChosen([file('news-main.zip', zip)]);
  assert.deepEqual([source.total, source.otherFiles], [articles.length + 6, 1]);
  const report = await importMirror(source, options(archive));
  assert.equal(report.outcome, 'done');
  assert.equal(report.added, articles.length);
  assert.deepEqual(skipped(report), { otherOutlet: 3, notEntry: 1, broken: 1, refused: 1 });
  assert.deepEqual(report.examples.broken, [{ name: 'news-main/articles/rfi/damaged.md', detail: 'its CRC-32 does not match: the entry is damaged' }]);
  assert.deepEqual((await archive.urls()).sort(), articles.map(keyOf).sort());
});

test('a ZIP of more than 65,535 files, with ZIP64 end records as git writes them, is read whole', { timeout: 60_000 }, async () => {
  const { archive } = await freshArchive();
  const articles = Array.from({ length: 8 }, (_, n) => entryVariant(mirrorEntry(RFI_ENTRIES[n % 4]!), n + 1));
  const others = Array.from({ length: 65_600 }, (_, n) => ({ path: `articles/images/${n}.jpg`, data: new Uint8Array([n & 0xff]) }));
  const zip = repositoryZip([...others, ...articles.map((text, i) => ({ path: `articles/rfi/${i}.md`, data: text }))]);
  const report = await importMirror(await openChosen([file('news-main.zip', zip)]), options(archive));
  assert.deepEqual([report.total, report.otherFiles, report.added], [8, 65_600, 8]);
});

test('a chosen ZIP that cannot be opened stops the import before anything is written, naming the file', async () => {
  const { archive, idb } = await freshArchive();
  const before = await dumpStores(idb);
  const zip = repositoryZip([{ path: 'a.md', data: mirrorEntry(RFI_ENTRIES[0]) }]);
  const chosen = [file('1.md', mirrorEntry(RFI_ENTRIES[1])), file('cut.zip', zip.subarray(0, zip.length - 30))];
  await assert.rejects(
    runMirrorImport(chosen, { ...options(archive), archive, chosen: 'cut.zip', locks: sessionLocks() }),
    (err) => err instanceof MirrorZipError && err.fileName === 'cut.zip',
  );
  assert.deepEqual(await dumpStores(idb), before);
});

test('batches: each is one transaction; a write that fails keeps the batches before it whole and none of its own', async () => {
  const { archive } = await freshArchive();
  const { files, articles } = mixedFiles(2);
  let writes = 0;
  const failing = {
    rows: (urls: string[]) => archive.rows(urls),
    addNew: (prepared: Parameters<Archive['addNew']>[0]) =>
      ++writes === 2 ? withFullDisk('request fails', () => archive.addNew(prepared)) : archive.addNew(prepared),
  };
  const report = await importMirror(looseSource(files), { ...options(archive), archive: failing, batchSize: 3 });
  assert.equal(report.outcome, 'failed');
  assert.ok(report.error instanceof ArchiveFullError);
  assert.equal(writes, 2, 'no write after the failed one');
  assert.equal(report.added, 3);
  const first = articles.slice(0, 3).map(keyOf);
  assert.deepEqual((await archive.urls()).sort(), first.sort());
  for (const url of first) assert.ok((await archive.get(url))!.article.text.length > 0, `${url} is whole`);
});

test('cancel: what was extracted is written whole, nothing after; the same files again add the rest', async () => {
  const { archive } = await freshArchive();
  const { files, articles } = mixedFiles(3);
  const stop = new AbortController();
  const report = await importMirror(looseSource(files), {
    ...options(archive),
    batchSize: 4,
    signal: stop.signal,
    onWritten: () => stop.abort(),
  });
  assert.equal(report.outcome, 'cancelled');
  assert.ok(report.added >= 4 && report.added < articles.length, `${report.added} added`);
  assert.ok(report.done < report.total);
  assert.equal(await archive.count(), report.added);
  for (const url of await archive.urls()) assert.ok((await archive.get(url))!.article.text.length > 0);

  const rest = await importMirror(looseSource(files), options(archive));
  assert.deepEqual([rest.added, rest.alreadyHere], [articles.length - report.added, report.added]);
  assert.deepEqual((await archive.urls()).sort(), articles.map(keyOf).sort());
});

test('an import cut off (browser closed) leaves a note the next page reads; the same files again go on from there', async () => {
  const idb = new IDBFactory();
  const first = await openArchive({ indexedDB: idb, window: testWindow });
  const { files, articles } = mixedFiles(3);
  // The browser closes during the third write: it never commits.
  let writes = 0;
  const cutOff = {
    rows: (urls: string[]) => first.rows(urls),
    addNew: (prepared: Parameters<Archive['addNew']>[0]) => (++writes === 3 ? new Promise<string[]>(() => {}) : first.addNew(prepared)),
    indexPending: () => first.indexPending(),
    mirrorImportNote: () => first.mirrorImportNote(),
    keepMirrorImportNote: (note: Parameters<Archive['keepMirrorImportNote']>[0]) => first.keepMirrorImportNote(note),
  };
  const firstSession = sessionLocks();
  void runMirrorImport(files, { ...options(first), archive: cutOff, batchSize: 2, chosen: 'news-main.zip', locks: firstSession });
  await until(() => writes === 3);

  // While it runs, another page of the same browser sees a running import, not an interrupted one.
  assert.equal(await interruptedMirrorImport(first, firstSession), null);

  // The next session: the note tells how far the import got.
  const reopened = await openArchive({ indexedDB: idb, window: testWindow });
  const note = await interruptedMirrorImport(reopened, sessionLocks());
  assert.ok(note);
  assert.equal(note.chosen, 'news-main.zip');
  assert.equal(note.total, files.length - 2);
  assert.equal(note.added, 4);
  assert.equal(await reopened.count(), 4);
  assert.ok(note.done >= 4 && note.done < note.total);

  // Chosen again: the four already imported are skipped by address, the rest added; the note is gone after.
  const again = await runMirrorImport(files, { ...options(reopened), archive: reopened, chosen: 'news-main.zip', locks: sessionLocks() });
  assert.ok(!again.busy);
  assert.deepEqual([again.result.added, again.result.alreadyHere], [articles.length - 4, 4]);
  assert.deepEqual((await reopened.urls()).sort(), articles.map(keyOf).sort());
  assert.equal(await reopened.mirrorImportNote(), null);
  assert.equal(await interruptedMirrorImport(reopened, sessionLocks()), null);
});

test('one mirror import at a time: a second one while the first runs is turned away, and does nothing', async () => {
  const { archive } = await freshArchive();
  const locks = sessionLocks();
  let release!: () => void;
  const held = locks.request('rfi-reader-mirror-import', {}, () => new Promise<void>((r) => (release = r)));
  const second = await runMirrorImport(mixedFiles().files, { ...options(archive), archive, chosen: 'x', locks });
  assert.deepEqual(second, { busy: true });
  assert.equal(await archive.count(), 0);
  release();
  await held;
});

test('the page gets its turns: the import pauses between extractions once its slice is used up', async () => {
  const { archive } = await freshArchive();
  let pauses = 0;
  let extracted = 0;
  const report: MirrorReport = await importMirror(looseSource(mixedFiles(2).files), {
    ...options(archive),
    sliceMs: 0,
    pause: async () => void pauses++,
    onProgress: (c) => (extracted = c.skipped.refused + c.added),
  });
  assert.equal(report.outcome, 'done');
  assert.ok(pauses >= 9, `${pauses} pauses for ${extracted} extractions`);
});

test('time left: none before there is a pace, then the pace of the last seconds, not of the whole run', () => {
  const eta = new TimeLeft(20_000, 2_000);
  assert.equal(eta.update(0, 0, 20_000), null);
  assert.equal(eta.update(1_000, 5_000, 20_000), null, 'too early to say');
  // A resumed run: 10,000 already imported skipped in 2 s, then 10 a second.
  assert.equal(eta.update(2_000, 10_000, 20_000), 2_000);
  let left: number | null = null;
  for (let t = 3_000; t <= 40_000; t += 1_000) left = eta.update(t, 10_000 + ((t - 2_000) / 1_000) * 10, 20_000);
  // 10,380 done at 40 s, 10 a second: 962 s left.
  assert.equal(Math.round(left! / 1000), 962);
  assert.equal(new TimeLeft().update(5_000, 0, 100), null, 'nothing moved: no pace');
});

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), 'timed out');
}
