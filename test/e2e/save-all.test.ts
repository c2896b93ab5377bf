// "Save all" from the popup in real browsers (headless Chromium and Firefox ESR, one launch each), on a section page
// of the fake rfi.fr that links to one article already in the archive, one the site serves and several it does not
// (404). The archive is asked before any fetch: the saved article is skipped with no request for it. When nothing
// is left, the status says so and the pause button is really gone (no box, not just `hidden`); "retry failed"
// queues only the failures again (each fetched once more, the rest untouched); "clear" empties the list, which
// stays empty when the popup is opened again. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../support/messages';
import { articleCase, pageCase } from '../support/page-fixtures';
import { reportedTab, send, until } from './extension-pages';
import { hostname, type RfiSite } from './rfi-site';
import { onFakeSite, type Session, type Tab } from './session';

const TEST_TIMEOUT = 120_000;

const ARTICLE = articleCase('cn-article');
const SECTION = pageCase('cn-section');
/** Another article the section links to, served by the fake site: cn-article's page under that address. */
const OTHER_URL = SECTION.expect.articleLinks!.find((url) => url !== ARTICLE.url)!;
const OTHER_PAGE = ARTICLE.html.replaceAll(ARTICLE.url, OTHER_URL);

const QUEUE = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  return (await api.storage.local.get('saveQueue')).saveQueue ?? { paused: false, items: [] };
})()`;
const FINISHED = `${QUEUE}.then((q) => q.items.length > 0 && q.items.every((i) => ['saved', 'skipped', 'failed'].includes(i.state)))`;

/** Whether an element of the popup takes any room on screen, and what its computed display is. */
const SEEN = (id: string) => `(() => {
  const el = document.getElementById(${JSON.stringify(id)});
  return { display: getComputedStyle(el).display, boxes: el.getClientRects().length, text: el.textContent.trim() };
})()`;

interface QueueState {
  paused: boolean;
  items: { url: string; state: string; error?: { key: string; substitutions: string[] } }[];
}
interface Seen {
  display: string;
  boxes: number;
  text: string;
}

const path = (url: string) => decodeURIComponent(new URL(url).pathname);

/** How many times the fake site was asked for the page at `url` (http or https) since request number `from`. */
function fetchesOf(site: RfiSite, url: string, from = 0): number {
  const want = `www.rfi.fr${path(url)}`;
  return site.requests.slice(from).filter((r) => r.scheme !== 'connect' && `${hostname(r.host)}${safeDecode(r.path)}` === want).length;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const stateOf = (queue: QueueState) => Object.fromEntries(queue.items.map((i) => [path(i.url), i.state]));

async function tabIdOf(helper: Tab, url: string): Promise<number> {
  await helper.waitFor(reportedTab(url), `the content script's report on ${url}`);
  return helper.run<number>(reportedTab(url));
}

async function saveAll(session: Session, site: RfiSite): Promise<void> {
  const article = site.fixture(ARTICLE.name);
  const section = site.fixture(SECTION.name);
  await session.openPage(article.httpUrl);
  const helper = await session.openExtensionPage('options.html');
  const saved = await helper.run<{ ok: boolean }>(send('archive/save', { tabId: await tabIdOf(helper, article.httpUrl) }));
  assert.equal(saved.ok, true, JSON.stringify(saved));

  await session.openPage(section.httpUrl);
  const popup = await session.openExtensionPage(`popup.html?tab=${await tabIdOf(helper, section.httpUrl)}`);
  await popup.waitFor(`!document.getElementById('listing').hidden`, 'the listing view');
  const before = site.requests.length;
  await popup.click('#save-all');
  await popup.waitFor(FINISHED, 'the queue to finish', 60_000);

  let queue = await popup.run<QueueState>(QUEUE);
  const failed = queue.items.filter((i) => i.state === 'failed').map((i) => i.url);
  assert.ok(failed.length >= 3, `only ${failed.length} failures: ${JSON.stringify(queue)}`);
  for (const item of queue.items.filter((i) => i.state === 'failed'))
    assert.deepEqual([item.error?.key, item.error?.substitutions[1]], ['errorHttp', '404'], JSON.stringify(item));
  assert.deepEqual(
    queue.items.filter((i) => i.state !== 'failed').map((i) => [path(i.url), i.state]),
    [
      [path(ARTICLE.url), 'skipped'],
      [path(OTHER_URL), 'saved'],
    ],
  );
  assert.equal(fetchesOf(site, ARTICLE.url, before), 0, 'the article already in the archive was fetched again');
  assert.equal(fetchesOf(site, OTHER_URL, before), 1, 'the article not in the archive was fetched once');
  for (const url of failed) assert.equal(fetchesOf(site, url, before), 1, url);

  // Finished: the status says so, and the pause button takes no room at all.
  await popup.waitFor(
    `${SEEN('queue-label')}.text === ${JSON.stringify(`${en('popupQueueDone', 1, failed.length)} ${en('popupQueueSkipped', 1)}`)}`,
    'the finished status',
  );
  assert.deepEqual(await popup.run<Seen>(SEEN('queue-toggle')), { display: 'none', boxes: 0, text: en('popupQueuePause') });
  for (const id of ['queue-retry', 'queue-clear']) assert.equal((await popup.run<Seen>(SEEN(id))).boxes, 1, `${id} is shown`);
  await popup.screenshot(`popup-save-all-done-${session.name}`);

  // Retry: each failure is fetched once more; the saved and the skipped article are neither fetched nor run again
  // (run again, the saved one would now be skipped).
  const beforeRetry = site.requests.length;
  await popup.click('#queue-retry');
  await until('the failures to be fetched again', async () => failed.every((url) => fetchesOf(site, url, beforeRetry) === 1), 60_000);
  await popup.waitFor(FINISHED, 'the retried queue to finish', 60_000);
  queue = await popup.run<QueueState>(QUEUE);
  assert.deepEqual(stateOf(queue), {
    ...Object.fromEntries(failed.map((url) => [path(url), 'failed'])),
    [path(ARTICLE.url)]: 'skipped',
    [path(OTHER_URL)]: 'saved',
  });
  assert.equal(fetchesOf(site, ARTICLE.url, before), 0);
  assert.equal(fetchesOf(site, OTHER_URL, before), 1);
  for (const url of failed) assert.equal(fetchesOf(site, url, beforeRetry), 1, url);

  // Clear: the list is empty and the whole status is gone, in this popup and in the next one opened; the keyboard
  // focus lands on the archive link rather than on the page's top.
  await popup.click('#queue-clear');
  await popup.waitFor(`${SEEN('queue')}.boxes === 0`, 'the status to go away');
  assert.deepEqual(await popup.run<QueueState>(QUEUE), { paused: false, items: [] });
  assert.equal((await popup.run<Seen>(SEEN('queue-label'))).boxes, 0);
  assert.equal(await popup.run<string>('document.activeElement?.id'), 'open-archive');
  await popup.reload();
  await popup.waitFor(`!document.getElementById('listing').hidden`, 'the listing view again');
  const reopened = await popup.run<Seen>(SEEN('queue'));
  assert.deepEqual([reopened.display, reopened.boxes], ['none', 0]);
}

test('save all in Chromium: skips what the archive holds without a request, finished status, retry failed only, clear', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('chromium', saveAll, { extraPages: { [OTHER_URL]: OTHER_PAGE } }),
);
test('save all in Firefox ESR: skips what the archive holds without a request, finished status, retry failed only, clear', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('firefox', saveAll, { extraPages: { [OTHER_URL]: OTHER_PAGE } }),
);
