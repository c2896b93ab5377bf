// The archive page in real browsers (headless Chromium and Firefox ESR, one launch each). The archive is filled
// through the page's own import control with a backup made here in Node by the archive module itself (over
// fake-indexeddb) from the seed and the page fixtures, with small real JPEG and PNG images. Then: newest first with
// thumbnails, the first screen a reopened page paints before the archive answers (and after a delete), search in
// simplified and in traditional, section filter, delete and undo, select all and export,
// a corrupt import refused, backup download, delete everything (and after a reload), and the downloaded backup
// imported into the emptied archive giving the same list. Run scripts/build.mjs first.
// Screenshot: test-artifacts/archive-<browser>.png.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { BACKUP_JSON, type BackupManifest } from '../../src/archive/backup/format';
import type { ImageType } from '../../src/core/image-sniff';
import type { Article } from '../../src/core/article';
import { backupFiles, backupZip, freshArchive, manualClock, variant } from '../support/archive';
import { BACKUP_FILE_LIMITS } from '../../src/archive/backup/export';
import { fixtureArticle, seedArticle } from '../support/articles';
import { en, enCount } from '../support/messages';
import { ROOT } from './browsers';
import { until } from './extension-pages';
import { HOLD_ROWS, RELEASE_ROWS } from './hold-rows';
import { launchOnSite, type BrowserName, type Tab } from './session';

const TEST_TIMEOUT = 120_000;
const IMAGES = join(ROOT, 'test', 'fixtures', 'images');
interface Saved {
  article: Article;
  savedAt: number;
  /** Whether its hero image is stored (so the row must show a thumbnail). */
  thumbnail: boolean;
}

interface Backup {
  zip: Uint8Array;
  /** Newest saved first, as the list must show them. */
  saved: Saved[];
  imageHashes: string[];
  /**
   * Another backup: MANY older articles, enough for a list taller than the page and for the backup reminder, in the
   * several files a large archive is backed up as (there, past hundreds of megabytes; here, past MANY_PER_FILE).
   */
  many: Uint8Array[];
}

const MANY = 40;
const MANY_PER_FILE = 15;

/** Four articles saved a day apart, each with real image bytes except the audio piece's hero (missing). */
async function makeBackup(): Promise<Backup> {
  const clock = manualClock(Date.UTC(2024, 4, 1, 8));
  const { archive } = await freshArchive(clock.now);
  const image = async (file: string, type: ImageType) => ({ bytes: new Uint8Array(await readFile(join(IMAGES, file))), type });
  const saves: [Article, [string, ImageType][]][] = [
    [seedArticle(), [['hero-red.jpg', 'image/jpeg']]],
    [
      fixtureArticle('cn-article'),
      [
        ['hero-blue.png', 'image/png'],
        ['body-grey.jpg', 'image/jpeg'],
      ],
    ],
    [fixtureArticle('tw-article'), [['hero-green.jpg', 'image/jpeg']]],
    [fixtureArticle('cn-audio-article'), []],
  ];
  const saved: Saved[] = [];
  for (const [article, files] of saves) {
    const srcs = [article.heroImage?.src, ...article.images.map((i) => i.src)].filter((s): s is string => Boolean(s));
    const fetched = await Promise.all(files.map(async ([file, type], i) => ({ src: srcs[i]!, ...(await image(file, type)) })));
    const outcome = await archive.save(article, fetched);
    saved.unshift({ article: outcome.record.article, savedAt: outcome.record.savedAt, thumbnail: files.length > 0 });
    clock.advance(86_400_000);
  }
  const zip = await backupZip(archive);
  const manifest = readManifest(zip);
  archive.close();
  const olderClock = manualClock(Date.UTC(2023, 0, 1));
  const older = await freshArchive(olderClock.now);
  for (let n = 1; n <= MANY; n++) {
    await older.archive.save(variant(n), []);
    olderClock.advance();
  }
  const many = await Promise.all(
    (await backupFiles(older.archive, { ...BACKUP_FILE_LIMITS, articles: MANY_PER_FILE })).map(async (f) => new Uint8Array(await f.zip.arrayBuffer())),
  );
  older.archive.close();
  return { zip, saved, imageHashes: manifest.images.map((i) => i.hash).sort(), many };
}

function readManifest(zip: Uint8Array): BackupManifest {
  const files = unzipSync(zip);
  return JSON.parse(new TextDecoder().decode(files[BACKUP_JSON])) as BackupManifest;
}

/** What the page shows, read in the page (a string: tsx helpers do not exist there). */
const READ_PAGE = `(() => {
  const $ = (id) => document.getElementById(id);
  if (document.readyState !== 'complete' || !$('archive')) return null;
  const rows = [...document.querySelectorAll('#list li.item')]
    .map((li) => ({ li, top: li.getBoundingClientRect().top }))
    .sort((a, b) => a.top - b.top)
    .map(({ li }) => {
      const img = li.querySelector('img.thumb');
      const src = img.getAttribute('src') || '';
      return {
        url: li.dataset.url || '',
        title: li.querySelector('.title').textContent,
        href: li.querySelector('.title').getAttribute('href'),
        thumb: !src ? 'none' : src.startsWith('blob:') && img.complete && img.naturalWidth > 0 ? 'loaded' : 'loading',
        checked: li.querySelector('input[type=checkbox]').checked,
      };
    });
  return {
    marker: Boolean(window.__testMarker),
    busy: $('archive').getAttribute('aria-busy'),
    count: $('result-count').textContent,
    empty: $('empty').hidden ? '' : $('empty').textContent,
    rows,
    status: $('backup-status').textContent,
    error: $('backup-error').hidden ? '' : $('backup-error').textContent,
    undo: $('undo-bar').hidden ? '' : $('undo-text').textContent,
    selected: $('selected-count').textContent,
    reminder: !$('backup-reminder').hidden,
    storage: $('storage-usage').textContent,
    lang: document.documentElement.lang,
  };
})()`;

interface PageView {
  marker: boolean;
  busy: string;
  count: string;
  empty: string;
  rows: { url: string; title: string; href: string; thumb: string; checked: boolean }[];
  status: string;
  error: string;
  undo: string;
  selected: string;
  reminder: boolean;
  storage: string;
  lang: string;
}

/** Null while the page is (re)loading. */
async function view(d: Tab): Promise<PageView | null> {
  return d.run<PageView | null>(READ_PAGE);
}

/** Waits until the page has settled on a list meeting `ok` (rows filled), and returns it. */
async function settle(d: Tab, what: string, ok: (v: PageView) => boolean): Promise<PageView> {
  let last: PageView | null = null;
  return until(what, async () => {
    const v = await view(d);
    if (v) last = v;
    return v && v.busy === 'false' && v.rows.every((r) => r.url) && ok(v) ? v : undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}; the page showed ${JSON.stringify(last)}`);
  });
}

const titles = (v: PageView) => v.rows.map((r) => r.title);

/** Opens the archive page in a new tab while another holds its rows: returns what it shows then, and the tab. */
async function firstScreen(openPage: (path: string) => Promise<Tab>, what: string, ok: (v: PageView) => boolean): Promise<{ shown: PageView; tab: Tab }> {
  const holder = await openPage('options.html');
  await holder.run(HOLD_ROWS);
  const tab = await openPage('archive.html');
  try {
    const shown = await until(what, async () => {
      const v = await view(tab);
      return v && v.rows.length > 0 && v.rows.every((r) => r.url) ? v : undefined;
    });
    // Still waiting for the archive: these rows are the kept first screen.
    assert.equal(shown.busy, 'true');
    assert.ok(ok(shown), `${what}: ${JSON.stringify(shown)}`);
    return { shown, tab };
  } finally {
    await holder.run(RELEASE_ROWS);
    await holder.close();
  }
}

async function exercise(d: Tab, backup: Backup, work: string, openPage: (path: string) => Promise<Tab>): Promise<void> {
  const expected = backup.saved.map((s) => s.article.title);
  const empty = await settle(d, 'the empty archive and the storage figures', (v) => v.empty !== '' && v.storage !== '');
  assert.equal(empty.empty, en('archiveEmpty'));
  assert.equal(empty.rows.length, 0);
  assert.equal(empty.lang.slice(0, 2), 'en');
  assert.match(empty.storage, /^Storage: /);

  // Import through the page's own control.
  const backupPath = join(work, 'seed-backup.zip');
  await writeFile(backupPath, backup.zip);
  await d.upload('#import-file', backupPath);
  const listed = await settle(d, 'the imported list', (v) => v.rows.length === 4);
  assert.equal(listed.status, en('archiveImportDone', 4, 0, 0, backup.imageHashes.length));
  assert.deepEqual(titles(listed), expected, 'newest saved first');
  assert.equal(listed.count, enCount('archiveTotalCount', 4));
  assert.deepEqual(
    listed.rows.map((r) => r.href),
    backup.saved.map((s) => `reader.html?saved=${encodeURIComponent(s.article.canonicalUrl)}`),
  );
  assert.equal(listed.reminder, false, 'four articles are too few for the backup reminder');
  // A row whose thumbnail is still being read shows none yet: wait for the ones that have one.
  const expectedThumbs = backup.saved.map((s) => (s.thumbnail ? 'loaded' : 'none'));
  const thumbs = await settle(d, 'the thumbnails to load', (v) => v.rows.map((r) => r.thumb).join() === expectedThumbs.join());
  assert.deepEqual(
    thumbs.rows.map((r) => r.thumb),
    expectedThumbs,
  );

  // Opened again, the page paints the list it last read (titles, count; thumbnails wait) before the archive answers,
  // then the archive's own rows.
  const early = await firstScreen(openPage, 'the first screen', (x) => titles(x).join() === expected.join());
  assert.equal(early.shown.count, enCount('archiveTotalCount', 4));
  assert.ok(early.shown.rows.every((r) => r.thumb === 'none'));
  const answered = await settle(early.tab, 'the archive to answer', (x) => x.rows.map((r) => r.thumb).join() === expectedThumbs.join());
  assert.deepEqual(titles(answered), expected);
  await early.tab.close();
  // A delete elsewhere: the next page's first screen no longer shows the article.
  await d.bringToFront();
  await d.click(`#list li[data-url="${listed.rows[0]!.url}"] button.delete`);
  await settle(d, 'the newest row to go', (x) => x.rows.length === 3);
  const afterDelete = await firstScreen(openPage, 'the first screen after a delete', (x) => titles(x).join() === expected.slice(1).join());
  assert.equal(afterDelete.shown.count, enCount('archiveTotalCount', 3));
  await afterDelete.tab.close();
  await d.bringToFront();
  await d.click('#undo');
  await settle(d, 'the newest row back', (x) => titles(x).join() === expected.join());

  // Search: a simplified query finds the traditional article, a traditional query the simplified one.
  const tw = backup.saved.find((s) => s.article.lang === 'zh-Hant')!.article.title;
  const cn = backup.saved.find((s) => s.article.title.includes('以旧换新'))!.article.title;
  await d.type('#query', '离岸风电');
  let v = await settle(d, 'results for 离岸风电', (x) => x.count === '1 result');
  assert.deepEqual(titles(v), [tw]);
  await d.type('#query', '以舊換新');
  v = await settle(d, 'results for 以舊換新', (x) => titles(x).join() === cn);
  assert.equal(v.count, '1 result');
  await d.type('#query', '没有这样的文章内容');
  v = await settle(d, 'no results', (x) => x.empty !== '');
  assert.equal(v.empty, en('archiveNoResults'));
  await d.type('#query', '');
  await settle(d, 'the whole list again', (x) => x.rows.length === 4);

  // Section filter.
  await d.select('#section', '港澳台');
  v = await settle(d, 'the 港澳台 section', (x) => x.rows.length === 1);
  assert.deepEqual(titles(v), [tw]);
  await d.select('#section', '');
  await settle(d, 'all sections', (x) => x.rows.length === 4);

  // Delete one row, then undo.
  const victim = listed.rows[1]!;
  await d.click(`#list li[data-url="${victim.url}"] button.delete`);
  v = await settle(d, 'the row to go', (x) => x.rows.length === 3);
  assert.ok(!titles(v).includes(victim.title));
  assert.equal(v.undo, 'Deleted 1 article.');
  // The focus waits on Undo: Enter takes the delete back.
  assert.equal(await d.run('document.activeElement.id'), 'undo');
  await d.press('Enter');
  v = await settle(d, 'the row to come back', (x) => x.rows.length === 4);
  assert.deepEqual(titles(v), expected);
  assert.equal(v.undo, '');

  // Select all results and export them as plain text.
  await d.click('#select-all');
  v = await settle(d, 'everything selected', (x) => x.rows.every((r) => r.checked));
  assert.equal(v.selected, en('archiveSelectedCount', 4));
  const text = await d.download('#export-group button[data-format="text"]');
  assert.equal(text.name, 'rfi-4-articles.txt');
  for (const title of expected) assert.ok(text.bytes.toString('utf8').includes(title), `export lacks ${title}`);
  await d.click('#select-all');
  await settle(d, 'nothing selected', (x) => x.rows.every((r) => !r.checked));

  // A corrupt backup is refused and changes nothing.
  const corruptPath = join(work, 'corrupt.zip');
  await writeFile(corruptPath, backup.zip.subarray(0, Math.floor(backup.zip.length / 2)));
  await d.upload('#import-file', corruptPath);
  v = await settle(d, 'the refusal', (x) => x.error !== '');
  assert.ok(v.error.startsWith(en('archiveImportRefused', '').trim()), v.error);
  assert.deepEqual(titles(v), expected);

  // Backup download: the same records and image bytes.
  const download = await d.download('#backup-download');
  assert.match(download.name, /^rfi-reader-backup-\d{4}-\d{2}-\d{2}\.zip$/);
  const manifest = readManifest(download.bytes);
  assert.deepEqual(manifest.articles.map((a) => a.url).sort(), backup.saved.map((s) => s.article.canonicalUrl).sort());
  assert.deepEqual(manifest.images.map((i) => i.hash).sort(), backup.imageHashes);

  // Delete everything, behind the typed word; a reload still shows an empty archive.
  await d.click('#delete-everything');
  await d.type('#reset-word', en('archiveResetWord'));
  await d.click('#reset-confirm');
  v = await settle(d, 'the emptied archive', (x) => x.rows.length === 0 && x.empty !== '');
  assert.equal(v.empty, en('archiveEmpty'));
  await d.run('window.__testMarker = true; location.reload(); true');
  v = await settle(d, 'the reloaded page', (x) => !x.marker && x.empty !== '');
  assert.equal(v.rows.length, 0);

  // The downloaded backup brings back the same list.
  const roundTrip = join(work, 'round-trip.zip');
  await writeFile(roundTrip, download.bytes);
  await d.upload('#import-file', roundTrip);
  v = await settle(d, 'the re-imported list', (x) => x.rows.length === 4 && x.rows.map((r) => r.thumb).join() === expectedThumbs.join());
  assert.deepEqual(titles(v), expected);
  assert.deepEqual(
    v.rows.map((r) => r.thumb),
    thumbs.rows.map((r) => r.thumb),
  );

  // A list taller than its viewport keeps only the rows in view in the DOM; scrolling brings the oldest.
  // Its backup is in several files, chosen together (in no particular order) and imported one after the other.
  const manyPaths = backup.many.map((_, i) => join(work, `many-part-${i + 1}.zip`));
  await Promise.all(backup.many.map((zip, i) => writeFile(manyPaths[i]!, zip)));
  assert.equal(manyPaths.length, Math.ceil(MANY / MANY_PER_FILE));
  await d.upload('#import-file', manyPaths.reverse());
  v = await settle(d, 'the longer list and the backup reminder', (x) => x.count === enCount('archiveTotalCount', 4 + MANY) && x.reminder);
  assert.equal(v.status, en('archiveImportDone', MANY, 0, 0, 0));
  // A damaged file among the chosen ones stops the import there: the files before it are in, nothing of it is.
  const damaged = join(work, 'many-part-9.zip');
  await writeFile(damaged, backup.many[0]!.subarray(0, 1000));
  await d.upload('#import-file', [damaged, manyPaths.at(-1)!]);
  v = await settle(d, 'the refusal of the damaged file', (x) => x.error !== '');
  assert.ok(v.error.startsWith(`${en('archiveImportPartly', 1, 2, 'many-part-9.zip')} ${en('archiveImportRefused', '').trim()}`), v.error);
  assert.equal(v.count, enCount('archiveTotalCount', 4 + MANY));
  assert.ok(v.rows.length < 4 + MANY, `all ${v.rows.length} rows are in the DOM`);
  assert.deepEqual(titles(v).slice(0, 4), expected, 'the newer articles stay first');
  await d.run(`document.getElementById('viewport').scrollTop = 1e9; true`);
  v = await settle(d, 'the end of the list', (x) => x.rows.at(-1)?.title === variant(1).title);
  assert.ok(v.rows.length < 4 + MANY, `all ${v.rows.length} rows are in the DOM after scrolling`);
}

const backupReady = makeBackup();

async function archivePage(name: BrowserName): Promise<void> {
  const backup = await backupReady;
  const work = await mkdtemp(join(tmpdir(), 'rfi-archive-page-'));
  const session = await launchOnSite(name);
  try {
    const page = await session.openExtensionPage('archive.html');
    await exercise(page, backup, work, (path) => session.openExtensionPage(path));
    await page.screenshot(`archive-${name}`);
  } finally {
    await session.close();
    await rm(work, { recursive: true, force: true });
  }
}

test('archive page in Chromium: import, list, search, filter, delete/undo, export, backup round trip, reset', { timeout: TEST_TIMEOUT }, () =>
  archivePage('chromium'),
);
test('archive page in Firefox ESR: import, list, search, filter, delete/undo, export, backup round trip, reset', { timeout: TEST_TIMEOUT }, () =>
  archivePage('firefox'),
);
