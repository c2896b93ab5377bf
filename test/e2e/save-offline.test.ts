// Saving offline in real browsers (headless Chromium and Firefox ESR, one launch each), through the same
// messages the popup and the reader send: an article is saved with its images (and is on the first screen the next
// archive page paints before the archive answers), saving again updates it, "save
// all" on a section page queues every linked article and reports each one, the queue survives the extension
// restarting, and with the fake rfi.fr switched off the saved article opens from the archive with its images.
// Run scripts/build.mjs first. Screenshot: test-artifacts/saved-offline-<browser>.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../support/messages';
import { reportedTab, send } from './extension-pages';
import { HOLD_ROWS, RELEASE_ROWS } from './hold-rows';
import type { RfiSite } from './rfi-site';
import { onFakeSite, type Session, type Tab } from './session';
import type { Message } from '../../src/core/message';

const TEST_TIMEOUT = 120_000;
const ARTICLE = 'cn-article';
const SECTION = 'cn-section';

const QUEUE = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  return (await api.storage.local.get('saveQueue')).saveQueue ?? { paused: false, items: [] };
})()`;

interface SaveReport {
  ok: boolean;
  url: string;
  title?: string;
  created?: boolean;
  imagesSaved?: number;
  imagesMissing?: { src: string; reason: string }[];
  error?: Message;
}
interface QueueState {
  paused: boolean;
  items: { url: string; state: string; error?: Message }[];
}

async function tabIdOf(helper: Tab, url: string): Promise<number> {
  await helper.waitFor(reportedTab(url), `the content script's report on ${url}`);
  return helper.run<number>(reportedTab(url));
}

const READ_SAVED = `(() => {
  const main = document.querySelector('main');
  const text = (n) => (n && n.textContent || '').replace(/\\s+/g, ' ').trim();
  const imgs = [...main.querySelectorAll('article img')];
  return {
    busy: main.getAttribute('aria-busy'),
    h1: text(main.querySelector('h1')),
    content: text(main.querySelector('article .content')),
    status: text(document.querySelector('#toolbar-actions [role=status]')),
    images: imgs.map((img) => ({ src: img.src.slice(0, 5), loaded: img.complete && img.naturalWidth > 0 })),
    notice: document.getElementById('notice').hidden ? '' : text(document.getElementById('notice')),
  };
})()`;

/** An extension page opened while the extension is still coming back is an error page: try again, a few times. */
async function reopenAfterRestart(session: Session, path: string): Promise<Tab> {
  for (let attempt = 1; ; attempt++) {
    await new Promise((r) => setTimeout(r, 1_000));
    try {
      return await session.openExtensionPage(path);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * What an archive page opened while `helper` holds the archive's rows shows once its first frames are painted,
 * before the archive answers: its kept first screen, if it has one.
 */
async function whileRowsHeld(session: Session, helper: Tab): Promise<{ rows: string[]; empty: string; busy: string | null }> {
  await helper.run(HOLD_ROWS);
  const page = await session.openExtensionPage('archive.html');
  try {
    await page.waitFor(`document.readyState === 'complete'`, 'the archive page to load');
    await page.run(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))`);
    return await page.run(`({
      rows: [...document.querySelectorAll('#list li')].map((li) => li.dataset.url),
      empty: document.getElementById('empty').hidden ? '' : document.getElementById('empty').textContent,
      busy: document.getElementById('archive').getAttribute('aria-busy'),
    })`);
  } finally {
    await helper.run(RELEASE_ROWS);
    await page.close();
  }
}

async function saveOffline(session: Session, site: RfiSite): Promise<void> {
  const article = site.fixture(ARTICLE);
  const section = site.fixture(SECTION);
  await session.openPage(article.httpUrl);
  const helper = await session.openExtensionPage('options.html');
  const articleTab = await tabIdOf(helper, article.httpUrl);
  // An archive page already open, with a search already run on the empty archive, must find the article the
  // background saves: the page is told of the save and takes it into its search.
  const archivePage = await session.openExtensionPage('archive.html');
  await archivePage.waitFor(`document.getElementById('empty').textContent === ${JSON.stringify(en('archiveEmpty'))}`, 'the empty archive');
  await archivePage.type('#query', '以旧换新');
  await archivePage.waitFor(
    `document.getElementById('empty').textContent === ${JSON.stringify(en('archiveNoResults'))}`,
    'the search to find nothing in the empty archive',
  );

  // That page kept the empty archive as its first screen: another page opened while the rows cannot be read shows it.
  assert.deepEqual(await whileRowsHeld(session, helper), { rows: [], empty: en('archiveEmpty'), busy: 'true' });

  const first = await helper.run<SaveReport>(send('archive/save', { tabId: articleTab }));
  assert.equal(first.ok, true, JSON.stringify(first));
  await archivePage.waitFor(
    `[...document.querySelectorAll('#list li[data-url]')].map((li) => li.dataset.url).join() === ${JSON.stringify(first.url)}`,
    'the open archive page to find the new article',
  );
  // The background saved (Chrome's offscreen document, Firefox's background page) and, once the save was done, kept
  // the new first screen in the localStorage all the extension's pages share: a page opened while the rows cannot
  // be read shows the article.
  await helper.waitFor(`Object.keys(localStorage).some((key) => key.includes('first-screen'))`, 'the background to keep the new first screen');
  assert.deepEqual(await whileRowsHeld(session, helper), { rows: [first.url], empty: '', busy: 'true' });
  assert.equal(first.created, true);
  assert.equal(first.title, article.expect['title']);
  assert.ok((first.imagesSaved ?? 0) >= 1, `no image saved: ${JSON.stringify(first)}`);
  assert.deepEqual(first.imagesMissing, []);
  const again = await helper.run<SaveReport>(send('archive/save', { tabId: articleTab }));
  assert.equal(again.ok, true);
  assert.equal(again.created, false, 'a second save updates the same record');

  // "Save all" on a section page: each linked article is queued once and gets a result. The fake site knows
  // only cn-article among them, which the archive already holds (it is skipped, not fetched again: save-all.test.ts),
  // so the others end as failures that say why (HTTP 404).
  await session.openPage(section.httpUrl);
  const sectionTab = await tabIdOf(helper, section.httpUrl);
  const { queued } = await helper.run<{ queued: number }>(send('archive/save-all', { tabId: sectionTab }));
  assert.ok(queued >= 5, `only ${queued} articles queued`);
  // The extension restarts while the queue runs (as after a crash or an update); the queue carries on.
  await helper.run('(globalThis.browser ?? globalThis.chrome).runtime.reload()').catch(() => {});
  const after = await reopenAfterRestart(session, 'options.html');
  await after.waitFor(
    `${QUEUE}.then((q) => q.items.length > 0 && q.items.every((i) => ['saved', 'skipped', 'failed'].includes(i.state)))`,
    'the queue to finish',
    60_000,
  );
  const queue = await after.run<QueueState>(QUEUE);
  assert.equal(queue.items.length, queued);
  const done = queue.items.filter((i) => i.state !== 'failed').map((i) => [decodeURIComponent(i.url), i.state]);
  assert.deepEqual(done, [[decodeURIComponent(article.url), 'skipped']]);
  for (const failed of queue.items.filter((i) => i.state === 'failed'))
    assert.deepEqual([failed.error?.key, failed.error?.substitutions[1]], ['errorHttp', '404'], JSON.stringify(failed));

  // Offline: the fake rfi.fr is gone; the saved article opens from the archive, its images from storage.
  await site.stop();
  const reader = await session.newTabFrom(
    () => after.run(`(globalThis.browser ?? globalThis.chrome).tabs.create({ url: 'reader.html?saved=' + encodeURIComponent(${JSON.stringify(first.url)}) })`),
    `${session.origin}/reader.html?saved=`,
  );
  await reader.waitFor(`${READ_SAVED}.busy === 'false' && ${READ_SAVED}.images.every((i) => i.loaded)`, 'the saved article and its images');
  const view = await reader.run<{ h1: string; content: string; status: string; images: { src: string; loaded: boolean }[]; notice: string }>(READ_SAVED);
  assert.equal(view.notice, '');
  assert.equal(view.h1, article.expect['title']);
  for (const paragraph of article.expect['paragraphs'] as string[]) assert.ok(view.content.includes(paragraph.replace(/\s+/g, ' ').trim()), paragraph);
  assert.ok(view.images.length >= 1);
  assert.ok(
    view.images.every((i) => i.src === 'blob:'),
    `images not from storage: ${JSON.stringify(view.images)}`,
  );
  assert.match(view.status, /\d/, 'the reader says when the article was saved');
  await reader.screenshot(`saved-offline-${session.name}`);
}

test('save offline in Chromium: article with images, update, save all with restart, offline reopen', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('chromium', saveOffline),
);
test('save offline in Firefox ESR: article with images, update, save all with restart, offline reopen', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('firefox', saveOffline),
);
