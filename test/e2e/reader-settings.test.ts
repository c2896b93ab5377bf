// The reader's settings in real browsers (headless Chromium and Firefox ESR, one launch each): every setting
// changes what is shown, survives a reload of the reader tab and reaches other open reader tabs; simplified ⇄
// traditional rewrites the text and returns to the exact original; the reading position survives a reload in
// both writing modes; Esc closes the panel first, then the reader. Run scripts/build.mjs first.
//
// Screenshots: test-artifacts/reader-settings-<browser>-{light-panel,light,dark,vertical}.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openReaderOn, READER_RENDERED } from './reader-tab';
import type { RfiSite } from './rfi-site';
import { onFakeSite, type BrowserName, type Session, type Tab } from './session';

const TEST_TIMEOUT = 90_000;
const ARTICLE = 'cn-article';

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

/**
 * All checks on one reader tab. `helper` is another extension page (the reader with nothing to show), which must
 * follow the settings too. Screenshots are named after `browser`.
 */
async function exerciseReader(reader: Tab, helper: Tab, browser: BrowserName): Promise<void> {
  const screenshot = (what: string) => reader.screenshot(`reader-settings-${browser}-${what}`);
  await reader.waitFor(READER_RENDERED, 'the reader to render');
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
  await choose(reader, 'input[name=theme][value=light]', `getComputedStyle(document.documentElement).backgroundColor === '${LIGHT}'`, 'the light theme');
  await screenshot('light-panel');

  // Esc closes the panel first, and the focus goes back to its button; the reader stays open.
  await reader.press('Escape');
  view = await reader.run<View>(VIEW);
  assert.equal(view.panelOpen, false, 'Esc did not close the panel');
  assert.equal(view.focused, 'settings-toggle');
  await screenshot('light');

  await reader.click('#settings-toggle');
  await reader.run(slide('lineHeight', 2));
  await reader.run(slide('measure', 30));
  await reader.waitFor(`Math.abs(document.querySelector('main article').getBoundingClientRect().width - 30 * 21) < 2`, 'a 30-character measure');
  view = await reader.run<View>(VIEW);
  near(view.lineHeight, 2 * 21, 'line height 2.0');
  near(view.width, 30 * 21, 'width of 30 characters');

  await choose(
    reader,
    'input[name=fontFamily][value=sans]',
    `/Sans CJK SC/.test(getComputedStyle(document.querySelector('main article')).fontFamily)`,
    'the sans-serif stack',
  );
  await choose(reader, 'input[name=theme][value=dark]', `getComputedStyle(document.documentElement).backgroundColor === '${DARK}'`, 'the dark theme');
  await reader.press('Escape');
  await screenshot('dark');
  await choose(reader, 'input[name=theme][value=sepia]', `getComputedStyle(document.documentElement).backgroundColor === '${SEPIA}'`, 'the sepia theme');
  // The other extension tab follows through storage's change event.
  await helper.waitFor(
    `document.documentElement.dataset.theme === 'sepia' && getComputedStyle(document.documentElement).backgroundColor === '${SEPIA}'`,
    'the other tab to follow',
  );

  // Simplified ⇄ traditional: text only, and back to the exact original.
  view = await choose(
    reader,
    'input[name=script][value=traditional]',
    `document.querySelector('main article .content').textContent.includes('經濟')`,
    'traditional text',
  );
  assert.notEqual(view.h1, original.h1);
  assert.ok(view.h1.includes('家電'), `headline not converted: ${view.h1}`);
  assert.ok(!view.content.includes('经济'), 'simplified 经济 left in the body');
  assert.equal(view.lang, 'zh-Hant');
  assert.match(view.fontFamily, /Sans CJK TC/);
  assert.ok(view.title.includes('家電'), `tab title not converted: ${view.title}`);
  view = await choose(
    reader,
    'input[name=script][value=simplified]',
    `document.querySelector('main article h1').textContent.includes('家电')`,
    'simplified text',
  );
  assert.equal(view.h1, original.h1);
  assert.equal(view.lang, 'zh-Hans');
  view = await choose(reader, 'input[name=script][value=original]', `document.querySelector('main article').lang === 'zh-Hans'`, 'the original text');
  assert.equal(view.html, original.html, 'the original markup and text did not come back exactly');
  assert.equal(view.title, original.title);

  // Everything survives a reload of the reader tab, traditional script included.
  await choose(reader, 'input[name=script][value=traditional]', `document.querySelector('main article h1').textContent.includes('家電')`, 'traditional text');
  await reader.reload();
  await reader.waitFor(
    `${READER_RENDERED} && document.querySelector('main article h1').textContent.includes('家電')`,
    'the reloaded reader in traditional script',
  );
  view = await reader.run<View>(VIEW);
  assert.equal(view.fontSize, 21);
  near(view.lineHeight, 2 * 21, 'line height after reload');
  near(view.width, 30 * 21, 'width after reload');
  assert.match(view.fontFamily, /Sans CJK TC/);
  assert.equal(view.background, SEPIA);
  assert.deepEqual(view.controls, {
    fontSize: '21',
    lineHeight: '2',
    measure: '30',
    fontFamily: 'sans',
    theme: 'sepia',
    script: 'traditional',
    cornerQuotes: true,
  });
  await choose(reader, 'input[name=script][value=original]', `document.querySelector('main article').lang === 'zh-Hans'`, 'the original text');
  await reader.press('Escape');

  // Reading position: half way down, saved while scrolling, back after a reload.
  assert.ok(view.range > 500, `the article does not scroll (range ${view.range})`);
  await reader.run(`document.scrollingElement.scrollTop = 0.5 * (document.scrollingElement.scrollHeight - document.scrollingElement.clientHeight)`);
  await reader.waitFor(
    `(globalThis.browser ?? globalThis.chrome).storage.local.get('readingPositions').then((s) => Object.values(s.readingPositions || {}).some((p) => Math.abs(p.fraction - 0.5) < 0.01))`,
    'the position to be saved',
  );
  await reader.reload();
  await reader.waitFor(READER_RENDERED, 'the reloaded reader');
  await new Promise((r) => setTimeout(r, 300));
  near((await reader.run<View>(VIEW)).fraction, 0.5, 'reading position after reload', 0.02);

  // Vertical mode: right-to-left columns that scroll sideways, images within the column, same place in the text.
  await choose(reader, 'input[name=vertical]', `getComputedStyle(document.querySelector('main')).writingMode === 'vertical-rl'`, 'vertical mode');
  await reader.press('Escape');
  view = await reader.run<View>(VIEW);
  assert.ok(view.range > 500, `vertical text does not scroll sideways (range ${view.range})`);
  assert.ok(view.h1Right > view.bodyRight, 'the headline is not to the right of the body');
  assert.ok(view.imagesFit, 'an image overflows the vertical column');
  near(view.fraction, 0.5, 'reading position kept when switching to vertical', 0.05);
  await reader.run(`(() => { const m = document.querySelector('main'); m.scrollLeft = -0.25 * (m.scrollWidth - m.clientWidth); })()`);
  await reader.waitFor(
    `(globalThis.browser ?? globalThis.chrome).storage.local.get('readingPositions').then((s) => Object.values(s.readingPositions || {}).some((p) => Math.abs(p.fraction - 0.25) < 0.01))`,
    'the vertical position to be saved',
  );
  await reader.reload();
  await reader.waitFor(`${READER_RENDERED} && getComputedStyle(document.querySelector('main')).writingMode === 'vertical-rl'`, 'the reloaded vertical reader');
  await new Promise((r) => setTimeout(r, 300));
  near((await reader.run<View>(VIEW)).fraction, 0.25, 'vertical reading position after reload', 0.02);
  await screenshot('vertical');

  // Esc with no panel open closes the reader tab.
  const readerTabs = `(globalThis.browser ?? globalThis.chrome).tabs.query({}).then((tabs) => tabs.filter((t) => (t.url || '').includes('reader.html?snapshot=')).length)`;
  assert.equal(await helper.run<number>(readerTabs), 1);
  // The tab may close on keydown, before Playwright has sent the keyup: that is the press succeeding.
  await reader.press('Escape').catch((error: Error) => {
    if (!/has been closed/.test(error.message)) throw error;
  });
  await helper.waitFor(`${readerTabs}.then((n) => n === 0)`, 'Esc to close the reader tab');
}

async function readerSettings(session: Session, site: RfiSite): Promise<void> {
  const { reader, helper } = await openReaderOn(session, site.fixture(ARTICLE).httpUrl);
  await exerciseReader(reader, helper, session.name);
}

test('reader settings in Chromium: each setting shows, persists and syncs; S⇄T; reading position; Esc', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('chromium', readerSettings),
);
test('reader settings in Firefox ESR: each setting shows, persists and syncs; S⇄T; reading position; Esc', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('firefox', readerSettings),
);
