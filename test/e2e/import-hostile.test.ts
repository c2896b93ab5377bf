// Hostile backups imported through the archive page's own control, in headless Chromium and Firefox ESR: a record
// with a foreign image or a foreign canonical address (refused by the page), a ZIP with two entries of one name
// (refused by the page's ZIP reader), a file cut short, an image whose local header disagrees with the directory
// (refused in the import worker, and said across its message boundary). Each time the user reads the refusal from
// the locale files (naming the article and the field where a record is at fault) and the list is as it was. The
// harness's browsers have only their English locale (Chromium ships en-US.pak alone, Firefox ESR no language
// pack), so the page speaks English here; test/unit/import-hostile.test.ts checks that zh_CN and zh_TW say the
// same sentences. Run scripts/build.mjs first. Screenshot (the last refusal): test-artifacts/import-hostile-<browser>.png.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { strToU8, unzipSync } from 'fflate';
import { backupZip, fetchedFor, freshArchive, manualClock, variant } from '../support/archive';
import { en } from '../support/messages';
import { zipBytes, type RawEntry } from '../support/zip-bytes';
import { until } from './extension-pages';
import { launchOnSite, type BrowserName, type Tab } from './session';

const TEST_TIMEOUT = 120_000;

interface Hostile {
  name: string;
  zip: Uint8Array;
  /** What the page must show. */
  error: string;
}

/** A sound backup of two articles, and hostile copies of it, each with the refusal the page must show. */
async function makeBackups(): Promise<{ sound: Uint8Array; titles: string[]; hostile: Hostile[] }> {
  const clock = manualClock(Date.UTC(2024, 4, 1));
  const { archive } = await freshArchive(clock.now);
  for (const n of [1, 2]) {
    await archive.save(variant(n), fetchedFor(variant(n), n));
    clock.advance(86_400_000);
  }
  const files = unzipSync(await backupZip(archive));
  archive.close();
  const manifest = JSON.parse(new TextDecoder().decode(files['backup.json']));
  const entries = (m: unknown = manifest): RawEntry[] =>
    Object.entries(files).map(([name, data]) => (name === 'backup.json' ? { name, data: strToU8(JSON.stringify(m)), deflate: true } : { name, data }));
  const changed = (change: (m: any) => void) => {
    const m = structuredClone(manifest);
    change(m);
    return zipBytes(entries(m));
  };
  const refused = (key: string, ...subs: string[]) => en('archiveImportRefused', en(key, ...subs));
  const pixel = 'https://tracker.example/pixel.gif';
  const elsewhere = 'https://evil.example/cn/20240101-article-2';
  const image = `images/${manifest.images[0].hash}`;
  return {
    sound: zipBytes(entries()),
    // Newest saved first.
    titles: [variant(2).title, variant(1).title],
    hostile: [
      {
        name: 'foreign-hero.zip',
        zip: changed((m) => (m.articles[0].article.heroImage.src = pixel)),
        error: refused('archiveImportNotRfiImage', '1', manifest.articles[0].article.title, 'articles[0].article.heroImage.src', pixel),
      },
      {
        name: 'foreign-canonical.zip',
        zip: changed((m) => (m.articles[1].article.canonicalUrl = elsewhere)),
        error: refused('archiveImportNotRfiArticle', '2', manifest.articles[1].article.title, 'articles[1].article.canonicalUrl', elsewhere),
      },
      {
        name: 'two-manifests.zip',
        zip: zipBytes([...entries(), { name: './backup.json', data: strToU8(JSON.stringify({ ...manifest, articles: [] })) }]),
        error: refused('archiveImportZipDuplicate', 'backup.json', './backup.json'),
      },
      {
        name: 'cut-short.zip',
        zip: zipBytes(entries()).subarray(0, 2000),
        error: refused('archiveImportDamaged'),
      },
      {
        name: 'image-local-header.zip',
        zip: zipBytes(entries().map((e) => (e.name === image ? { ...e, local: { size: e.data.length - 1 } } : e))),
        error: refused('archiveImportZipLocalHeader', image),
      },
    ],
  };
}

const READ_PAGE = `(() => {
  const $ = (id) => document.getElementById(id);
  if (document.readyState !== 'complete' || !$('archive')) return null;
  return {
    busy: $('archive').getAttribute('aria-busy'),
    count: $('result-count').textContent,
    titles: [...document.querySelectorAll('#list li.item .title')].map((t) => t.textContent),
    status: $('backup-status').textContent,
    error: $('backup-error').hidden ? '' : $('backup-error').textContent,
    lang: document.documentElement.lang,
  };
})()`;

interface PageView {
  busy: string;
  count: string;
  titles: string[];
  status: string;
  error: string;
  lang: string;
}

async function settle(d: Tab, what: string, ok: (v: PageView) => boolean): Promise<PageView> {
  let last: PageView | null = null;
  return until(what, async () => {
    const v = await d.run<PageView | null>(READ_PAGE);
    if (v) last = v;
    return v && v.busy === 'false' && ok(v) ? v : undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}; the page showed ${JSON.stringify(last)}`);
  });
}

const backupsReady = makeBackups();

async function hostileImports(name: BrowserName): Promise<void> {
  const { sound, titles, hostile } = await backupsReady;
  const work = await mkdtemp(join(tmpdir(), 'rfi-import-hostile-'));
  const session = await launchOnSite(name);
  try {
    const page = await session.openExtensionPage('archive.html');
    await settle(page, 'the empty archive', (v) => v.titles.length === 0);
    await writeFile(join(work, 'sound.zip'), sound);
    await page.upload('#import-file', join(work, 'sound.zip'));
    const listed = await settle(page, 'the sound backup imported', (v) => v.titles.length === 2);
    assert.deepEqual(listed.titles, titles);
    assert.equal(listed.lang.slice(0, 2), 'en');
    for (const file of hostile) {
      await writeFile(join(work, file.name), file.zip);
      await page.upload('#import-file', join(work, file.name));
      const v = await settle(page, `the refusal of ${file.name}`, (x) => x.error === file.error);
      assert.equal(v.status, '', `${file.name}: no success is reported`);
      assert.deepEqual(v.titles, titles, `${file.name}: the list is unchanged`);
      assert.equal(v.count, listed.count);
    }
    await page.screenshot(`import-hostile-${name}`, { fullPage: true });
    // A reload reads the archive itself again: still the same two articles.
    await page.reload();
    const reloaded = await settle(page, 'the reloaded list', (v) => v.titles.length === 2);
    assert.deepEqual(reloaded.titles, titles);
  } finally {
    await session.close();
    await rm(work, { recursive: true, force: true });
  }
}

test('archive page in Chromium: hostile backups are refused in the locale’s words and the list is unchanged', { timeout: TEST_TIMEOUT }, () =>
  hostileImports('chromium'),
);
test('archive page in Firefox ESR: hostile backups are refused in the locale’s words and the list is unchanged', { timeout: TEST_TIMEOUT }, () =>
  hostileImports('firefox'),
);
