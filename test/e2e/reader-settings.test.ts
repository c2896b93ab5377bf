// The reader's settings in real browsers (headless Chromium and Firefox ESR, one launch each): every setting
// changes what is shown, survives a reload of the reader tab and reaches other open reader tabs; simplified ⇄
// traditional rewrites the text and returns to the exact original; the reading position survives a reload in
// both writing modes; Esc closes the panel first, then the reader. Run scripts/build.mjs first.
//
// Screenshots: test-artifacts/reader-settings-<browser>-{light-panel,light,dark,vertical}.png.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { DIST_CHROME, DIST_FIREFOX, ROOT, launchChromium, launchFirefox } from './browsers';
import { FIREFOX_EXTENSION_PAGES_ARG, firefoxPageAt, openChromiumExtensionPage, openFirefoxExtensionPage } from './extension-pages';
import { chromiumProxyArgs, firefoxProxyPrefs, start, type RfiSite } from './rfi-site';

const TEST_TIMEOUT = 90_000;
const WAIT = 15_000;
const ARTIFACTS = join(ROOT, 'test-artifacts');
const ARTICLE = 'cn-article.html';

/** What both drivers can do with a tab; page-side code is passed as strings (tsx helpers do not exist in the page). */
interface Tab {
  run<T>(js: string): Promise<T>;
  waitFor(js: string, what: string): Promise<void>;
  click(selector: string): Promise<void>;
  press(key: string): Promise<void>;
  reload(): Promise<void>;
  screenshot(name: string): Promise<void>;
}

/**
 * Polls page-side `js` from Node until it is truthy. (The drivers' own waitForFunction evaluates strings with
 * eval() inside the page, which the extension's content security policy forbids.)
 */
async function poll(run: (js: string) => Promise<unknown>, js: string, what: string): Promise<void> {
  const deadline = Date.now() + WAIT;
  let last: unknown;
  for (;;) {
    try {
      if (await run(js)) return;
    } catch (err) {
      last = err; // the page may be between documents
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function playwrightTab(page: PwPage, browserName: string): Tab {
  return {
    run: (js) => page.evaluate(js),
    waitFor: (js, what) => poll((code) => page.evaluate(code), js, what),
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key),
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    screenshot: async (name) => void (await page.screenshot({ path: join(ARTIFACTS, `reader-settings-${browserName}-${name}.png`) })),
  };
}

function puppeteerTab(page: PpPage, browserName: string): Tab {
  return {
    run: (js) => page.evaluate(js) as Promise<never>,
    waitFor: (js, what) => poll((code) => page.evaluate(code), js, what),
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key as never),
    // BiDi never reports an extension page's load: reload from inside and wait for a fresh document.
    reload: async () => {
      await page.evaluate('window.staleDocument = true; setTimeout(() => location.reload())');
      await poll((code) => page.evaluate(code), '!window.staleDocument && document.readyState === "complete"', 'the reloaded page');
    },
    screenshot: async (name) => {
      await page.bringToFront().catch(() => {});
      await page.screenshot({ path: join(ARTIFACTS, `reader-settings-${browserName}-${name}.png`) });
    },
  };
}

/** The reader page, read in the page. */
const VIEW = `(() => {
  const article = document.querySelector('main article');
  const main = document.querySelector('main');
  const style = getComputedStyle(article);
  const text = (n) => (n && n.textContent || '').replace(/\\s+/g, ' ').trim();
  const vertical = getComputedStyle(main).writingMode.startsWith('vertical');
  const scroller = vertical ? main : document.scrollingElement;
  const range = vertical ? scroller.scrollWidth - scroller.clientWidth : scroller.scrollHeight - scroller.clientHeight;
  const images = [...article.querySelectorAll('img')].map((img) => img.getBoundingClientRect());
  const mainBox = main.getBoundingClientRect();
  return {
    fontSize: parseFloat(style.fontSize),
    lineHeight: parseFloat(style.lineHeight),
    width: article.getBoundingClientRect().width,
    fontFamily: style.fontFamily,
    background: getComputedStyle(document.documentElement).backgroundColor,
    writingMode: getComputedStyle(main).writingMode,
    lang: article.lang,
    htmlLang: document.documentElement.lang,
    toolbarLang: document.getElementById('toolbar').lang,
    title: document.title,
    h1: text(article.querySelector('h1')),
    h1Right: article.querySelector('h1').getBoundingClientRect().right,
    bodyRight: article.querySelector('.content p').getBoundingClientRect().right,
    content: text(article.querySelector('.content')),
    html: article.innerHTML,
    range,
    fraction: range > 0 ? (vertical ? -scroller.scrollLeft : scroller.scrollTop) / range : 0,
    imagesFit: images.length > 0 && images.every((r) => r.height > 0 && r.height <= mainBox.height && r.width <= innerWidth),
    panelOpen: !document.getElementById('settings-panel').hidden,
    focused: document.activeElement && (document.activeElement.name || document.activeElement.id),
    controls: Object.fromEntries([...document.querySelectorAll('#settings-panel input')].filter((i) => i.type === 'range' || i.checked).map((i) => [i.name, i.type === 'range' ? i.value : i.value === 'on' ? true : i.value])),
  };
})()`;

interface View {
  fontSize: number;
  lineHeight: number;
  width: number;
  fontFamily: string;
  background: string;
  writingMode: string;
  lang: string;
  htmlLang: string;
  toolbarLang: string;
  title: string;
  h1: string;
  h1Right: number;
  bodyRight: number;
  content: string;
  html: string;
  range: number;
  fraction: number;
  imagesFit: boolean;
  panelOpen: boolean;
  focused: string;
  controls: Record<string, string | boolean>;
}

const RENDERED = `document.querySelector('main').getAttribute('aria-busy') === 'false' && !!document.querySelector('main article h1')`;
const LIGHT = 'rgb(253, 252, 248)';
const SEPIA = 'rgb(244, 236, 216)';
const DARK = 'rgb(27, 27, 29)';

/** Sets a slider as a drag would, with the input events the page listens to. */
const slide = (name: string, value: number) => `(() => {
  const input = document.querySelector('#settings-panel input[name="${name}"]');
  input.value = '${value}';
  input.dispatchEvent(new Event('input', { bubbles: true }));
})()`;

const near = (actual: number, expected: number, what: string, tolerance = 1.5) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected about ${expected}`);

/** Opens the panel (if closed), clicks a control, waits until the page shows `shown`. */
async function choose(tab: Tab, selector: string, shown: string, what: string): Promise<View> {
  if (!(await tab.run<boolean>(`!document.getElementById('settings-panel').hidden`))) await tab.click('#settings-toggle');
  await tab.click(selector);
  await tab.waitFor(shown, what);
  return tab.run<View>(VIEW);
}

/** All checks on one reader tab. `helper` is another extension page (the reader with nothing to show), which must follow the settings too. */
async function exerciseReader(reader: Tab, helper: Tab): Promise<void> {
  await reader.waitFor(RENDERED, 'the reader to render');
  const original = await reader.run<View>(VIEW);

  // Defaults, after clreq: 36 characters a line, line height 1.8, serif, horizontal; the toolbar speaks the
  // interface language while the article keeps its own.
  assert.equal(original.fontSize, 19);
  near(original.lineHeight, 1.8 * 19, 'default line height');
  near(original.width, 36 * 19, 'default width');
  assert.match(original.fontFamily, /Noto Serif CJK SC/);
  assert.equal(original.writingMode, 'horizontal-tb');
  assert.equal(original.lang, 'zh-Hans');
  assert.equal(original.htmlLang, 'zh-Hans');
  assert.ok(original.toolbarLang.length > 0, 'the toolbar has no lang');
  assert.ok(original.content.includes('经济'), 'the fixture body should contain 经济');

  // The panel opens from the toolbar with the focus on its first control, which the keyboard drives.
  await reader.click('#settings-toggle');
  let view = await reader.run<View>(VIEW);
  assert.ok(view.panelOpen, 'the panel did not open');
  assert.equal(view.focused, 'fontSize');
  await reader.press('ArrowRight');
  await reader.press('ArrowRight');
  await reader.waitFor(`parseFloat(getComputedStyle(document.querySelector('main article')).fontSize) === 21`, 'font size 21 after two arrow keys');
  view = await choose(reader, 'input[name=theme][value=light]', `getComputedStyle(document.documentElement).backgroundColor === '${LIGHT}'`, 'the light theme');
  await reader.screenshot('light-panel');

  // Esc closes the panel first, and the focus goes back to its button; the reader stays open.
  await reader.press('Escape');
  view = await reader.run<View>(VIEW);
  assert.equal(view.panelOpen, false, 'Esc did not close the panel');
  assert.equal(view.focused, 'settings-toggle');
  await reader.screenshot('light');

  await reader.click('#settings-toggle');
  await reader.run(slide('lineHeight', 2));
  await reader.run(slide('measure', 30));
  await reader.waitFor(`Math.abs(document.querySelector('main article').getBoundingClientRect().width - 30 * 21) < 2`, 'a 30-character measure');
  view = await reader.run<View>(VIEW);
  near(view.lineHeight, 2 * 21, 'line height 2.0');
  near(view.width, 30 * 21, 'width of 30 characters');

  view = await choose(reader, 'input[name=fontFamily][value=sans]', `/Sans CJK SC/.test(getComputedStyle(document.querySelector('main article')).fontFamily)`, 'the sans-serif stack');
  view = await choose(reader, 'input[name=theme][value=dark]', `getComputedStyle(document.documentElement).backgroundColor === '${DARK}'`, 'the dark theme');
  await reader.press('Escape');
  await reader.screenshot('dark');
  view = await choose(reader, 'input[name=theme][value=sepia]', `getComputedStyle(document.documentElement).backgroundColor === '${SEPIA}'`, 'the sepia theme');
  // The other extension tab follows through storage's change event.
  await helper.waitFor(`document.documentElement.dataset.theme === 'sepia' && getComputedStyle(document.documentElement).backgroundColor === '${SEPIA}'`, 'the other tab to follow');

  // Simplified ⇄ traditional: text only, and back to the exact original.
  view = await choose(reader, 'input[name=script][value=traditional]', `document.querySelector('main article .content').textContent.includes('經濟')`, 'traditional text');
  assert.notEqual(view.h1, original.h1);
  assert.ok(view.h1.includes('家電'), `headline not converted: ${view.h1}`);
  assert.ok(!view.content.includes('经济'), 'simplified 经济 left in the body');
  assert.equal(view.lang, 'zh-Hant');
  assert.match(view.fontFamily, /Sans CJK TC/);
  assert.ok(view.title.includes('家電'), `tab title not converted: ${view.title}`);
  view = await choose(reader, 'input[name=script][value=simplified]', `document.querySelector('main article h1').textContent.includes('家电')`, 'simplified text');
  assert.equal(view.h1, original.h1);
  assert.equal(view.lang, 'zh-Hans');
  view = await choose(reader, 'input[name=script][value=original]', `document.querySelector('main article').lang === 'zh-Hans'`, 'the original text');
  assert.equal(view.html, original.html, 'the original markup and text did not come back exactly');
  assert.equal(view.title, original.title);

  // Everything survives a reload of the reader tab, traditional script included.
  await choose(reader, 'input[name=script][value=traditional]', `document.querySelector('main article h1').textContent.includes('家電')`, 'traditional text');
  await reader.reload();
  await reader.waitFor(`${RENDERED} && document.querySelector('main article h1').textContent.includes('家電')`, 'the reloaded reader in traditional script');
  view = await reader.run<View>(VIEW);
  assert.equal(view.fontSize, 21);
  near(view.lineHeight, 2 * 21, 'line height after reload');
  near(view.width, 30 * 21, 'width after reload');
  assert.match(view.fontFamily, /Sans CJK TC/);
  assert.equal(view.background, SEPIA);
  assert.deepEqual(view.controls, { fontSize: '21', lineHeight: '2', measure: '30', fontFamily: 'sans', theme: 'sepia', script: 'traditional' });
  await choose(reader, 'input[name=script][value=original]', `document.querySelector('main article').lang === 'zh-Hans'`, 'the original text');
  await reader.press('Escape');

  // Reading position: half way down, saved while scrolling, back after a reload.
  assert.ok(view.range > 500, `the article does not scroll (range ${view.range})`);
  await reader.run(`document.scrollingElement.scrollTop = 0.5 * (document.scrollingElement.scrollHeight - document.scrollingElement.clientHeight)`);
  await reader.waitFor(`(globalThis.browser ?? globalThis.chrome).storage.local.get('readingPositions').then((s) => Object.values(s.readingPositions || {}).some((p) => Math.abs(p.fraction - 0.5) < 0.01))`, 'the position to be saved');
  await reader.reload();
  await reader.waitFor(RENDERED, 'the reloaded reader');
  await new Promise((r) => setTimeout(r, 300));
  near((await reader.run<View>(VIEW)).fraction, 0.5, 'reading position after reload', 0.02);

  // Vertical mode: right-to-left columns that scroll sideways, images within the column, same place in the text.
  view = await choose(reader, 'input[name=vertical]', `getComputedStyle(document.querySelector('main')).writingMode === 'vertical-rl'`, 'vertical mode');
  await reader.press('Escape');
  view = await reader.run<View>(VIEW);
  assert.ok(view.range > 500, `vertical text does not scroll sideways (range ${view.range})`);
  assert.ok(view.h1Right > view.bodyRight, 'the headline is not to the right of the body');
  assert.ok(view.imagesFit, 'an image overflows the vertical column');
  near(view.fraction, 0.5, 'reading position kept when switching to vertical', 0.05);
  await reader.run(`(() => { const m = document.querySelector('main'); m.scrollLeft = -0.25 * (m.scrollWidth - m.clientWidth); })()`);
  await reader.waitFor(`(globalThis.browser ?? globalThis.chrome).storage.local.get('readingPositions').then((s) => Object.values(s.readingPositions || {}).some((p) => Math.abs(p.fraction - 0.25) < 0.01))`, 'the vertical position to be saved');
  await reader.reload();
  await reader.waitFor(`${RENDERED} && getComputedStyle(document.querySelector('main')).writingMode === 'vertical-rl'`, 'the reloaded vertical reader');
  await new Promise((r) => setTimeout(r, 300));
  near((await reader.run<View>(VIEW)).fraction, 0.25, 'vertical reading position after reload', 0.02);
  await reader.screenshot('vertical');

  // Esc with no panel open closes the reader tab.
  const readerTabs = `(globalThis.browser ?? globalThis.chrome).tabs.query({}).then((tabs) => tabs.filter((t) => (t.url || '').includes('reader.html?snapshot=')).length)`;
  assert.equal(await helper.run<number>(readerTabs), 1);
  await reader.press('Escape');
  await helper.waitFor(`${readerTabs}.then((n) => n === 0)`, 'Esc to close the reader tab');
}

/** From an extension page: open the reader on the (only) rfi.fr tab, as the popup does. */
const OPEN_READER = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const [tab] = await api.tabs.query({ url: '*://www.rfi.fr/*' });
  return api.runtime.sendMessage({ type: 'reader/open', args: { tabId: tab.id } });
})()`;

test('reader settings in Chromium: each setting shows, persists and syncs; S⇄T; reading position; Esc', { timeout: TEST_TIMEOUT }, async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  let site: RfiSite | undefined;
  let close: (() => Promise<void>) | undefined;
  try {
    site = await start({ tls: true });
    const ext = await launchChromium(DIST_CHROME, { args: chromiumProxyArgs(site) });
    close = ext.close;
    const page = await ext.context.newPage();
    await page.goto(site.fixture(ARTICLE).httpUrl, { timeout: WAIT, waitUntil: 'load' });
    const helper = await openChromiumExtensionPage(ext.context, `${ext.origin}/reader.html`);
    const opened = ext.context.waitForEvent('page', { timeout: WAIT });
    assert.deepEqual(await helper.evaluate(OPEN_READER), { ok: true });
    const reader = await opened;
    await reader.waitForURL(/reader\.html\?snapshot=/, { timeout: WAIT });
    await reader.bringToFront();
    await exerciseReader(playwrightTab(reader, 'chromium'), playwrightTab(helper, 'chromium'));
  } finally {
    await close?.();
    await site?.stop();
  }
});

test('reader settings in Firefox ESR: each setting shows, persists and syncs; S⇄T; reading position; Esc', { timeout: TEST_TIMEOUT }, async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  let site: RfiSite | undefined;
  let close: (() => Promise<void>) | undefined;
  try {
    site = await start({ tls: true });
    const ext = await launchFirefox(DIST_FIREFOX, { acceptInsecureCerts: true, prefs: firefoxProxyPrefs(site), args: [FIREFOX_EXTENSION_PAGES_ARG] });
    close = ext.close;
    const page = await ext.browser.newPage();
    await page.goto(site.fixture(ARTICLE).httpUrl, { timeout: WAIT, waitUntil: 'load' });
    const helper = await openFirefoxExtensionPage(ext.browser, `${ext.origin}/reader.html`);
    const before = new Set(await ext.browser.pages());
    assert.deepEqual(await helper.evaluate(OPEN_READER), { ok: true });
    const reader = await firefoxPageAt(ext.browser, `${ext.origin}/reader.html?snapshot=`, before);
    await reader.bringToFront();
    await exerciseReader(puppeteerTab(reader, 'firefox'), puppeteerTab(helper, 'firefox'));
  } finally {
    await close?.();
    await site?.stop();
  }
});
