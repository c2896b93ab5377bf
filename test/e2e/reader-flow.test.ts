// The one-click reader flow in real browsers: an RFI article (served at its real address through the fake
// www.rfi.fr proxy in rfi-site.ts) shows the in-page "阅读模式" button; a mouse click on it opens the extension's
// reader page in a new tab with a clean article; a section page gets no button. Headless Chromium
// (playwright-core) and Firefox ESR (puppeteer-core over WebDriver BiDi). Run scripts/build.mjs first.
//
// Screenshots of the reader land in test-artifacts/reader-<browser>.png (and -full.png, the whole page).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEND_IN_PAGE, storeSettings, until } from './extension-pages';
import { BROWSER_SERVICE, hostname, type RfiSite } from './rfi-site';
import { onFakeSite, type Session } from './session';
import type { TabReport } from '../../src/core/detect';

const TEST_TIMEOUT = 150_000;
const ARTICLE = 'cn-article';
const SECTION = 'cn-section';
const SHARE_CONTROLS = 'a[href*="facebook.com"], a[href*="whatsapp"], a[href*="x.com/intent"], svg, script, iframe';

/** What the reader page shows, read in the page. */
const READ_READER = `(() => {
  const main = document.querySelector('main');
  const content = main && main.querySelector('article .content');
  const notice = document.getElementById('notice');
  const text = (n) => (n && n.textContent || '').replace(/\\s+/g, ' ').trim();
  const img = main && main.querySelector('figure img');
  return {
    href: location.href,
    lang: document.documentElement.lang,
    busy: main ? main.getAttribute('aria-busy') : null,
    notice: notice && !notice.hidden ? text(notice) : '',
    h1: text(main && main.querySelector('h1')),
    lead: text(main && main.querySelector('.lead')),
    contentText: text(content),
    heroSrc: img ? img.getAttribute('src') : null,
    heroLoaded: img ? img.complete && img.naturalWidth > 0 : false,
    forbidden: main ? main.querySelectorAll(${JSON.stringify(SHARE_CONTROLS)}).length : -1,
    forbiddenWhat: main ? [...main.querySelectorAll(${JSON.stringify(SHARE_CONTROLS)})].map((e) => e.outerHTML.slice(0, 120)) : [],
    mainText: text(main),
  };
})()`;

interface ReaderView {
  href: string;
  lang: string;
  busy: string | null;
  notice: string;
  h1: string;
  lead: string;
  contentText: string;
  heroSrc: string | null;
  heroLoaded: boolean;
  forbidden: number;
  forbiddenWhat: string[];
  mainText: string;
  mainTextSample?: string;
}

/** From an extension page: the background's report for every tab on www.rfi.fr. */
const TAB_STATES = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const tabs = await api.tabs.query({ url: '*://www.rfi.fr/*' });
  const out = [];
  for (const tab of tabs) {
    const state = await (${SEND_IN_PAGE})('tab/state', { tabId: tab.id });
    out.push({ tabId: tab.id, url: tab.url, state });
  }
  return out;
})()`;

interface TabState {
  tabId: number;
  url: string;
  state: TabReport | null;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function assertCleanArticle(view: ReaderView, expect: Record<string, any>): void {
  assert.equal(view.notice, '', `reader shows a notice: ${view.notice}`);
  assert.equal(view.h1, norm(expect['title']));
  assert.equal(view.lead, norm(expect['lead']));
  const paragraphs = (expect['paragraphs'] as string[]).map(norm);
  const first = view.contentText.indexOf(paragraphs[0]!);
  const last = view.contentText.indexOf(paragraphs.at(-1)!);
  assert.ok(first >= 0, `first paragraph missing from article .content: ${paragraphs[0]}`);
  assert.ok(last >= 0, `last paragraph missing from article .content: ${paragraphs.at(-1)}`);
  assert.ok(first < last, 'first paragraph comes after the last one');
  // Every expected paragraph, in order.
  let at = -1;
  for (const p of paragraphs) {
    const i = view.contentText.indexOf(p, at + 1);
    assert.ok(i > at, `paragraph missing or out of order: ${p}`);
    at = i;
  }
  const hero = expect['heroImage'] as { src: string; acceptAlso?: string[] };
  assert.ok([hero.src, ...(hero.acceptAlso ?? [])].includes(view.heroSrc ?? ''), `hero src is ${view.heroSrc}, expected ${hero.src}`);
  assert.equal(view.forbidden, 0, `share controls/scripts/svg/iframes in main: ${view.forbiddenWhat.join(' | ')}`);
  assert.ok(!view.mainText.includes('分享'), 'reader text contains 分享');
  assert.ok(!view.mainText.includes('继续浏览后续'), 'reader text contains 继续浏览后续');
  assert.equal(view.lang, 'zh-Hans');
}

/** After the click, the only requests through the proxy (bar the browser's own) are the reader's images from s.rfi.fr. */
function assertOnlyImagesAfter(site: RfiSite, index: number): void {
  const after = site.requests.slice(index).filter((r) => !BROWSER_SERVICE.test(hostname(r.host)));
  assert.ok(
    after.some((r) => hostname(r.host) === 's.rfi.fr'),
    'the reader requested no image from s.rfi.fr',
  );
  assert.deepEqual(
    after.filter((r) => hostname(r.host) !== 's.rfi.fr').map((r) => `${r.scheme} ${r.host}${r.path}`),
    [],
    'requests after the click to hosts other than s.rfi.fr',
  );
}

/** Both tabs reported to the background: the article as ours, the section as not, with a reason. */
function assertTabReports(states: TabState[], articleUrl: string, sectionUrl: string): void {
  const articleState = states.find((s) => s.url === articleUrl)?.state;
  const sectionState = states.find((s) => s.url === sectionUrl)?.state;
  assert.ok(articleState, `no state for the article tab: ${JSON.stringify(states)}`);
  assert.ok(sectionState, `no state for the section tab: ${JSON.stringify(states)}`);
  assert.equal(articleState.isArticle, true);
  assert.equal(articleState.kind, 'article');
  assert.equal(sectionState.isArticle, false);
  assert.equal(sectionState.kind, 'rfi-non-article');
  assert.equal(sectionState.reason.key, 'reasonNotArticle', 'the section report says why it is not an article');
}

/** The proxy saw both pages at their real rfi.fr paths. */
function assertPagesRequested(site: RfiSite, ...urls: string[]): void {
  const requested = site.requested();
  for (const url of urls) assert.ok(requested.includes(`www.rfi.fr${decodeURIComponent(new URL(url).pathname)}`), url);
}

/**
 * The in-page button's centre and the viewport, in CSS pixels; null while the button is absent or has no box.
 * The bare host element is all a page sees (its shadow root is closed).
 */
const BUTTON_BOX = `(() => {
  const host = document.querySelector('rfi-reader-button');
  const box = host && host.getBoundingClientRect();
  if (!box || box.width === 0 || box.height === 0) return null;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, viewport: { width: innerWidth, height: innerHeight } };
})()`;

interface ButtonBox {
  x: number;
  y: number;
  viewport: { width: number; height: number };
}

const BUTTONS = `document.querySelectorAll('rfi-reader-button').length`;

async function readerFlow(session: Session, site: RfiSite): Promise<void> {
  const article = site.fixture(ARTICLE);
  const section = site.fixture(SECTION);

  // The in-page button is off by default (RFI's scripts can see it): turn it on as the reader's panel does.
  const settingsPage = await session.openExtensionPage('reader.html');
  await settingsPage.run(storeSettings({ inPageButton: true }));
  await settingsPage.close();

  const page = await session.openPage(article.httpUrl);
  assert.equal(await page.run('location.href'), article.httpUrl);

  // The button: a bare <rfi-reader-button> host with a closed shadow root, fixed at the bottom right.
  await page.waitFor(`${BUTTONS} > 0`, 'the rfi-reader-button');
  assert.equal(await page.run(BUTTONS), 1);
  assert.equal(await page.run(`document.querySelector('rfi-reader-button').shadowRoot`), null, 'shadow root should be closed');
  const at = await until('the reader button to have a box', () => page.run<ButtonBox | null>(BUTTON_BOX));
  const { viewport } = at;
  assert.ok(at.x > viewport.width / 2 && at.y > viewport.height / 2, `button is not at the bottom right: ${JSON.stringify(at)}`);

  const requestsBeforeClick = site.requests.length;
  const reader = await session.newTabFrom(() => page.clickAt(at.x, at.y), `${session.origin}/reader.html`);
  const view = await until('the reader to render', async () => {
    const v = await reader.run<ReaderView>(READ_READER);
    return v.busy === 'false' && (v.h1 || v.notice) ? v : undefined;
  });
  assertCleanArticle(view, article.expect);
  await until('the hero image to load', async () => (await reader.run<ReaderView>(READ_READER)).heroLoaded, 10_000);

  // The reader only fetched images from s.rfi.fr (through the proxy); no request to any other host.
  assertOnlyImagesAfter(site, requestsBeforeClick);

  await reader.screenshot(`reader-${session.name}`);
  await reader.screenshot(`reader-${session.name}-full`, { fullPage: true });

  // A section listing: the content script reports it, and adds no button. The reader page is an extension
  // page, so it can ask the background.
  const sectionPage = await session.openPage(section.httpUrl);
  const states = await until('the background to hold reports for both tabs', async () => {
    const s = await reader.run<TabState[]>(TAB_STATES);
    return s.length >= 2 && s.every((x) => x.state) ? s : undefined;
  });
  assertTabReports(states, article.httpUrl, section.httpUrl);
  // The button would be added right after the report; give it a moment to (not) appear.
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(await sectionPage.run(BUTTONS), 0, 'a section page got the reader button');

  assertPagesRequested(site, article.url, section.url);
}

test('reader flow in Chromium: in-page button opens a clean reader tab; sections get no button', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('chromium', readerFlow),
);
test('reader flow in Firefox ESR: in-page button opens a clean reader tab; sections get no button', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('firefox', readerFlow),
);
