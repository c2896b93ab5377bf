// Privacy in real browsers (headless Chromium and Firefox ESR, one launch each), issue 5:
// - RFI's own page scripts cannot tell the extension is there on a page not opened in the reader: a spy installed
//   in the page's main world before any page script (as a hostile page would have it) watches the DOM, the
//   globals and the extension's resources while the user detects, reads, saves and exports. It finds nothing —
//   and the same spy does see the in-page button once the user turns that option on, so it can fail.
// - Every request the extension makes in the whole session goes to www.rfi.fr or s.rfi.fr (the recording proxy
//   sees all traffic; what the page itself loads before the extension acts is the page's).
// - "Delete everything" leaves no article, image, search text, reading position, queue or page snapshot behind.
// Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportedTab, send, storeSettings } from './extension-pages';
import { BROWSER_SERVICE, hostname } from './rfi-site';
import { onFakeSite, type BrowserName, type Session, type Tab } from './session';

const TEST_TIMEOUT = 150_000;
const ARTICLE = 'cn-article';

/**
 * Page main world, before the page's scripts: what a detection script would look at. Mutations count from
 * DOMContentLoaded on (the parser's own insertions before that are the page), and so do globals (the page's
 * inline scripts have run by then; the extension's content script runs later, at document_idle).
 */
const SPY = `(() => {
  const spy = { armed: false, mutations: [], globals: [], messages: 0 };
  Object.defineProperty(window, '__spy', { value: spy, enumerable: false });
  new MutationObserver((records) => {
    if (!spy.armed) return;
    for (const r of records) {
      if (r.type === 'childList') for (const n of r.addedNodes) spy.mutations.push('added ' + n.nodeName);
      else spy.mutations.push('attribute ' + r.attributeName + ' on ' + r.target.nodeName);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  addEventListener('message', () => spy.messages++);
  document.addEventListener('DOMContentLoaded', () => {
    spy.armed = true;
    spy.globals = Object.getOwnPropertyNames(window);
  });
})()`;

/** Page main world, later: what the spy saw, and whether the extension's files answer from the page. */
const SPY_REPORT = (origin: string) => `(async () => {
  const spy = window.__spy;
  const before = new Set(spy.globals);
  const probe = async (path) => {
    try { await fetch(${JSON.stringify(origin)} + path); return 'readable'; } catch { return 'refused'; }
  };
  const image = (path) => new Promise((done) => {
    const img = new Image();
    img.onload = () => done('loaded');
    img.onerror = () => done('refused');
    img.src = ${JSON.stringify(origin)} + path;
  });
  return {
    mutations: spy.mutations,
    newGlobals: Object.getOwnPropertyNames(window).filter((name) => !before.has(name)),
    messages: spy.messages,
    rootAttributes: [...document.documentElement.attributes].map((a) => a.name),
    probes: [await probe('/manifest.json'), await probe('/content.js'), await image('/icons/icon-16.png')],
  };
})()`;

interface SpyReport {
  mutations: string[];
  newGlobals: string[];
  messages: number;
  rootAttributes: string[];
  probes: string[];
}

const api = 'const api = globalThis.browser ?? globalThis.chrome;';

/** Extension page: everything the extension keeps, counted. */
const TRACES = `(async () => {
  ${api}
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('rfi-reader-archive');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const stores = {};
  for (const name of db.objectStoreNames) {
    stores[name] = await new Promise((resolve) => {
      const req = db.transaction(name).objectStore(name).count();
      req.onsuccess = () => resolve(req.result);
    });
  }
  db.close();
  const local = await api.storage.local.get(null);
  const session = await api.storage.session.get(null);
  return { stores, local: Object.keys(local).sort(), session: Object.keys(session).filter((k) => k.startsWith('snapshot')) };
})()`;

interface Traces {
  stores: Record<string, number>;
  local: string[];
  session: string[];
}

async function spyOn(session: Session, url: string, helper: Tab): Promise<{ page: Tab; report: () => Promise<SpyReport> }> {
  const page = await session.openPage(url, { beforePageScripts: SPY });
  await helper.waitFor(reportedTab(url), 'the content script to report the page');
  // Give a late addition (the button is added right after the report) time to happen.
  await new Promise((r) => setTimeout(r, 1_000));
  return { page, report: () => page.run<SpyReport>(SPY_REPORT(session.origin)) };
}

function privacy(name: BrowserName): Promise<void> {
  return onFakeSite(name, async (session, site) => {
    const article = site.fixture(ARTICLE);
    const helper = await session.openExtensionPage('options.html');
    const watched = await spyOn(session, article.httpUrl, helper);
    // From here on every request is the extension's doing: the page itself (with its own third-party tags, which
    // the fixture keeps as RFI has them) has loaded.
    const fromHere = site.requests.length;

    // A whole session from the user's side: detect (above), read, save, search, export.
    const tabId = await helper.run<number>(reportedTab(article.httpUrl));
    const reader = await session.newTabFrom(() => helper.run(send('reader/open', { tabId })), `${session.origin}/reader.html`);
    await reader.waitFor(`document.querySelector('main article h1') !== null`, 'the reader');
    await reader.run('window.scrollTo(0, document.body.scrollHeight / 2)');
    const saved = await helper.run<{ ok: boolean; url: string }>(send('archive/save', { tabId }));
    assert.equal(saved.ok, true);
    const archive = await session.openExtensionPage('archive.html');
    await archive.type('#query', '以旧换新');
    await archive.waitFor(`document.querySelectorAll('#list li').length === 1`, 'the search result');
    const popup = await session.openExtensionPage(`popup.html?tab=${tabId}`);
    await popup.waitFor(`document.querySelectorAll('#export button').length === 3`, 'the export buttons');
    const epub = await popup.download('#export button[data-format="epub"]');
    assert.ok(epub.bytes.length > 1000);

    const seen = await watched.report();
    assert.deepEqual(seen.mutations, [], 'the page saw the DOM change');
    assert.deepEqual(seen.newGlobals, [], 'the page saw new globals');
    assert.equal(seen.messages, 0, 'the page received window messages');
    assert.deepEqual(seen.probes, ['refused', 'refused', 'refused'], 'the page could read the extension’s files');

    // Every request of the session, bar the browser's own services: RFI's page and RFI's images only.
    const hosts = new Map<string, number>();
    for (const r of site.requests.slice(fromHere)) {
      const host = hostname(r.host);
      if (!BROWSER_SERVICE.test(host)) hosts.set(host, (hosts.get(host) ?? 0) + 1);
    }
    assert.deepEqual(
      [...hosts.keys()].filter((host) => host !== 'www.rfi.fr' && host !== 's.rfi.fr'),
      [],
      `requests: ${JSON.stringify([...hosts])}`,
    );
    console.log(
      `${name}: after the page loaded, ${[...hosts].map(([host, n]) => `${n} requests to ${host}`).join(', ')}; ${site.requests.length} through the proxy in all`,
    );

    // The spy can fail: with the in-page button on, the page sees it arrive.
    await helper.run(storeSettings({ inPageButton: true }));
    const withButton = await spyOn(session, article.httpUrl, helper);
    assert.deepEqual((await withButton.report()).mutations, ['added RFI-READER-BUTTON']);
    await helper.run(storeSettings({ inPageButton: false }));

    // Delete everything, through the archive page's own dialog.
    const before = await helper.run<Traces>(TRACES);
    assert.ok(before.stores['articles']! > 0 && before.stores['images']! > 0 && before.stores['search']! > 0, JSON.stringify(before));
    assert.ok(before.local.includes('readingPositions') && before.session.length > 0, JSON.stringify(before));
    await archive.click('#delete-everything');
    await archive.type('#reset-word', 'DELETE');
    await archive.click('#reset-confirm');
    await archive.waitFor(`document.querySelectorAll('#list li').length === 0`, 'the emptied list');
    await helper.waitFor(`${TRACES}.then((t) => Object.values(t.stores).every((n) => n === 0))`, 'every store to be empty');
    const after = await helper.run<Traces>(TRACES);
    assert.deepEqual(after.session, [], 'page snapshots left behind');
    assert.deepEqual(
      after.local.filter((key) => key !== 'settings'),
      [],
      'reading traces left in storage.local',
    );
  });
}

test('privacy in Chromium: the page cannot see the extension, only RFI hosts are contacted, delete everything leaves nothing', { timeout: TEST_TIMEOUT }, () =>
  privacy('chromium'),
);
test(
  'privacy in Firefox ESR: the page cannot see the extension, only RFI hosts are contacted, delete everything leaves nothing',
  { timeout: TEST_TIMEOUT },
  () => privacy('firefox'),
);
