// An archive the v4 code wrote (test/fixtures/archive-v4), put into a real browser's IndexedDB at version 4 as it was
// stored (Blobs included), then opened by the archive page of this build: the upgrade to v5 keeps every article,
// image and note, the list shows them all, and searches in both scripts find them. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { foldedWords, queryTerms } from '../../src/archive/search-text';
import type { SearchText } from '../../src/archive/records';
import { DB_NAME, DB_VERSION } from '../../src/archive/schema';
import { enCount } from '../support/messages';
import { ROOT } from './browsers';
import { launchOnSite, type BrowserName, type Tab } from './session';

const dump = readFileSync(join(ROOT, 'test', 'fixtures', 'archive-v4', 'archive.json'), 'utf8');
const texts = (JSON.parse(dump) as { stores: { name: string; rows: SearchText[] }[] }).stores.find((s) => s.name === 'search')!.rows;

/** In the extension's origin: the database at the dump's version, every store, index and row as the dump has them. */
const RESTORE_V4 = `(async () => {
  const dump = ${dump};
  const revive = (v) => {
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === 'object') {
      if (typeof v.$blob === 'string') return new Blob([Uint8Array.from(atob(v.$blob), (c) => c.charCodeAt(0))], { type: v.type });
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
    }
    return v;
  };
  const request = indexedDB.open(${JSON.stringify(DB_NAME)}, dump.version);
  request.onupgradeneeded = () => {
    for (const store of dump.stores) {
      const created = request.result.createObjectStore(store.name, { keyPath: store.keyPath });
      for (const index of store.indexes) created.createIndex(index.name, index.keyPath, { multiEntry: index.multiEntry });
      for (const row of store.rows) created.put(revive(row));
    }
  };
  const db = await new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
  const version = db.version;
  db.close();
  return version;
})()`;

/** After the upgrade: the version, and per store its row count, and the bytes of every pack. */
const STORED = `(async () => {
  const db = await new Promise((resolve, reject) => { const r = indexedDB.open(${JSON.stringify(DB_NAME)}); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const all = (name) => new Promise((resolve) => { const g = db.transaction(name).objectStore(name).getAll(); g.onsuccess = () => resolve(g.result); });
  const counts = {};
  for (const name of db.objectStoreNames) counts[name] = (await all(name)).length;
  const packBytes = (await all('packs')).reduce((sum, p) => sum + p.data.size, 0);
  const meta = (await all('meta')).map((m) => m.key).sort();
  const version = db.version;
  db.close();
  return { version, counts, packBytes, meta };
})()`;

const resultCount = `document.getElementById('result-count').textContent`;

async function expectCount(page: Tab, query: string): Promise<void> {
  const terms = queryTerms(query);
  const hits = texts.filter((t) => terms.every((term) => foldedWords(t).includes(term))).length;
  assert.ok(hits > 0, `${query} must find something to test`);
  await page.type('#query', query);
  await page.waitFor(`${resultCount} === ${JSON.stringify(enCount('archiveResultCount', hits))}`, `${hits} results for ${query}`);
}

async function upgradeIn(name: BrowserName): Promise<void> {
  const session = await launchOnSite(name);
  try {
    // The settings page opens no archive: the old database is in place before any page of this build opens it.
    const settings = await session.openExtensionPage('options.html');
    assert.equal(await settings.run<number>(RESTORE_V4), 4);
    const before = await settings.run<{ counts: Record<string, number>; packBytes: number; meta: string[] }>(STORED);
    assert.deepEqual(before.meta, ['lastBackupAt']);
    const page = await session.openExtensionPage('archive.html');
    await page.waitFor(`${resultCount} === ${JSON.stringify(enCount('archiveTotalCount', texts.length))}`, `the ${texts.length} articles of the v4 archive`);
    const rows = await page.run<number>(`document.querySelectorAll('#list [data-url]').length`);
    assert.equal(rows, texts.length, 'every article listed');
    await expectCount(page, '习近平');
    await expectCount(page, '離岸風電');
    await expectCount(page, '以旧换新');
    const after = await settings.run<{ version: number; counts: Record<string, number>; packBytes: number; meta: string[] }>(STORED);
    assert.equal(after.version, DB_VERSION);
    assert.deepEqual(after.meta, ['lastBackupAt', 'nextDoc'], 'the backup note kept');
    for (const store of ['articles', 'rows', 'images', 'packs', 'search']) assert.equal(after.counts[store], before.counts[store], store);
    assert.equal(after.packBytes, before.packBytes, 'every image byte kept');
    assert.equal(after.counts['docs'], 1, 'the texts are numbered documents of the index');
  } finally {
    await session.close();
  }
}

test('a version 4 archive upgrades in Chromium: every article, image and note kept, all of it listed and found', { timeout: 90_000 }, () =>
  upgradeIn('chromium'),
);
test('a version 4 archive upgrades in Firefox ESR: every article, image and note kept, all of it listed and found', { timeout: 90_000 }, () =>
  upgradeIn('firefox'),
);
