// The toolbar popup in real browsers (headless Chromium and Firefox ESR, one launch each). Headless browsers
// show no popups, so the popup page is opened in a tab with `?tab=<id>` for the tab it acts on; everything else is
// the popup's own code. On an article: title, reading time, keyboard focus on "Reader view", "Save offline" with
// its saved state, and exports (EPUB checked against the EPUB 3 rules, self-contained HTML, Markdown the same as
// the CLI writes) downloaded from the archive with the images inside. On a section page: "save all". Elsewhere
// (RFI in French): why not. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { REPO } from '../support/corpus';
import { inspectEpub } from '../support/epub';
import { renderedImages } from '../support/markdown-render';
import { en } from '../support/messages';
import { sourceFile } from '../support/page-fixtures';
import { reportedTab } from './extension-pages';
import type { RfiSite } from './rfi-site';
import { onFakeSite, type Session, type Tab } from './session';

const TEST_TIMEOUT = 120_000;

/** Extension-page code: the id of the tab at `url`. */
const tabAt = (url: string) => `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const [tab] = await api.tabs.query({ url: ${JSON.stringify(url)} });
  return tab ? tab.id : null;
})()`;

const READ_POPUP = `(() => {
  const text = (id) => (document.getElementById(id)?.textContent || '').replace(/\\s+/g, ' ').trim();
  const shown = (id) => !document.getElementById(id).hidden;
  return {
    article: shown('article'), listing: shown('listing'), notArticle: shown('not-article'),
    title: text('title'), facts: text('facts'), state: text('saved-state'), reason: text('reason'),
    exports: [...document.querySelectorAll('#export button')].map((b) => b.dataset.format),
    focused: document.activeElement?.id ?? '',
    error: shown('error') ? text('error') : '',
  };
})()`;

interface PopupView {
  article: boolean;
  listing: boolean;
  notArticle: boolean;
  title: string;
  facts: string;
  state: string;
  reason: string;
  exports: string[];
  focused: string;
  error: string;
}

async function popupFor(session: Session, helper: Tab, url: string): Promise<Tab> {
  await helper.waitFor(tabAt(url), `a tab at ${url}`);
  const tabId = await helper.run<number>(tabAt(url));
  return session.openExtensionPage(`popup.html?tab=${tabId}`);
}

async function popupFlow(session: Session, site: RfiSite): Promise<void> {
  const article = site.fixture('cn-article');
  await session.openPage(article.httpUrl);
  const helper = await session.openExtensionPage('options.html');
  // The content script must have reported the page before the popup asks about it.
  await helper.waitFor(reportedTab(article.httpUrl), 'the report on the article');

  const popup = await popupFor(session, helper, article.httpUrl);
  await popup.waitFor(`${READ_POPUP}.facts !== '' && ${READ_POPUP}.exports.length === 3`, 'the popup to read the article');
  let view = await popup.run<PopupView>(READ_POPUP);
  assert.equal(view.article, true);
  assert.equal(view.title, article.expect.title!);
  assert.match(view.facts, /min read/);
  assert.equal(view.focused, 'open-reader', 'the keyboard starts on "Reader view"');
  assert.equal(view.state, '', 'not saved yet');
  assert.deepEqual(view.exports, ['epub', 'html', 'markdown']);

  await popup.click('#save');
  await popup.waitFor(`${READ_POPUP}.state.startsWith('Saved offline')`, 'the save to finish');
  view = await popup.run<PopupView>(READ_POPUP);
  assert.match(view.state, /^Saved offline, with [1-9]\d* images\.$/);

  // Exports come from the archive: the images are inside the files.
  const epub = await popup.download('#export button[data-format="epub"]');
  assert.match(epub.name, /\.epub$/);
  const book = inspectEpub(new Uint8Array(epub.bytes));
  assert.deepEqual(book.problems, []);
  assert.deepEqual(
    book.toc.map((entry) => entry.title),
    [article.expect.title!],
  );
  assert.ok(
    Object.keys(book.files).some((path) => /\.(png|jpe?g|webp|gif)$/.test(path)),
    'the EPUB holds the images',
  );
  const html = await popup.download('#export button[data-format="html"]');
  const page = html.bytes.toString('utf8');
  assert.ok(page.includes(article.expect.title!));
  assert.match(page, /<img[^>]+src="data:image\//);
  assert.doesNotMatch(page, /<img[^>]+src="https?:/, 'no image is left to load from the network');
  // Markdown: the same file the CLI writes from the same page, but for where the images are kept.
  const markdown = await popup.download('#export button[data-format="markdown"]');
  const zip = unzipSync(new Uint8Array(markdown.bytes));
  const [mdName, ...others] = Object.keys(zip).filter((name) => name.endsWith('.md'));
  assert.deepEqual(others, []);
  const fromPopup = strFromU8(zip[mdName!]!);
  for (const src of renderedImages(fromPopup)) assert.ok(zip[src], `${src} is in the ZIP`);
  const cli = spawnSync(process.execPath, [join(REPO, 'bin/rfi-reader.mjs'), 'extract', '--format', 'md', sourceFile(article.name)], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const imagesAnywhere = (md: string) => md.replace(/(!\[[^\]]*\]\()<[^>]*>\)/g, '$1<image>)');
  assert.equal(imagesAnywhere(fromPopup), imagesAnywhere(cli.stdout));
  assert.ok(renderedImages(cli.stdout).every((src) => src.startsWith('https://s.rfi.fr/')));
  assert.equal((await popup.run<PopupView>(READ_POPUP)).error, '');

  // Reopened, the popup knows the article is saved.
  await popup.reload();
  await popup.waitFor(`${READ_POPUP}.state !== ''`, 'the saved state');
  assert.match((await popup.run<PopupView>(READ_POPUP)).state, /^Saved offline on /);

  // A section page offers "save all"; a page elsewhere says why there is nothing to read.
  const section = site.fixture('cn-section');
  await session.openPage(section.httpUrl);
  await helper.waitFor(reportedTab(section.httpUrl), 'the report on the section');
  const sectionPopup = await popupFor(session, helper, section.httpUrl);
  await sectionPopup.waitFor(`${READ_POPUP}.listing`, 'the listing view');
  assert.equal((await sectionPopup.run<PopupView>(READ_POPUP)).focused, 'save-all');
  const other = site.fixture('fr-article');
  await session.openPage(other.httpUrl);
  const otherPopup = await popupFor(session, helper, other.httpUrl);
  await otherPopup.waitFor(`${READ_POPUP}.notArticle`, 'the not-an-article view');
  view = await otherPopup.run<PopupView>(READ_POPUP);
  assert.equal(view.reason, en('reasonOtherEdition', 'fr'), "the detector's own reason, not a generic one");
  assert.equal(view.focused, 'open-archive');
  await otherPopup.screenshot(`popup-not-article-${session.name}`);
  await popup.screenshot(`popup-article-${session.name}`);
}

test('popup in Chromium: article facts, save with state, EPUB, HTML and Markdown exports with images, listing, elsewhere', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('chromium', popupFlow),
);
test('popup in Firefox ESR: article facts, save with state, EPUB, HTML and Markdown exports with images, listing, elsewhere', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('firefox', popupFlow),
);
