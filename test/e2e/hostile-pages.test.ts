// The hostile pages of issue 15 in the real browsers (headless Chromium and Firefox ESR), as a user meets them: each
// is served by the fake rfi.fr at an article address, where the content script runs; the in-page button shows that
// the content script got through the page and recognised the article, and the popup then shows the article, or the
// limit the page is over, in words. How long the content script blocks such a page is measured, not tested:
// `npm run bench:hostile`. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../support/messages';
import { articleCase } from '../support/page-fixtures';
import { HOSTILE_PAGES, HOSTILE_TEMPLATE_CASE, hostileTemplate } from '../support/hostile-pages';
import { INPUT_LIMITS } from '../../src/core/input-limits';
import { reportedTab, storeSettings } from './extension-pages';
import { onFakeSite, type BrowserName } from './session';

const TEST_TIMEOUT = 300_000;
const TITLE = articleCase(HOSTILE_TEMPLATE_CASE).expect.title;
const urlOf = (i: number) => `http://www.rfi.fr/cn/${encodeURIComponent('中国')}/20240312-hostile-${i}`;

/**
 * What the popup says of each page. The tab's snapshot leaves out `<noscript>`, styles, icons and scripts other
 * than JSON, so the noscript page is read; the limits count what is left.
 */
const TOO_MANY_TAGS = en('reasonTooManyTags', INPUT_LIMITS.pageTags.toLocaleString('en-US'));
const REFUSED: Record<string, string> = {
  '40,000 JSON-LD blocks': TOO_MANY_TAGS,
  'elements nested 100,000 deep': TOO_MANY_TAGS,
  '50,000 siblings': TOO_MANY_TAGS,
};

const POPUP = `(() => ({
  title: document.getElementById('title').textContent,
  facts: document.getElementById('facts').textContent,
  error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent,
  saveShown: !document.getElementById('save').hidden,
}))()`;

async function hostilePages(name: BrowserName): Promise<void> {
  const extraPages = Object.fromEntries(HOSTILE_PAGES.map((p, i) => [urlOf(i), p.build(hostileTemplate())]));
  await onFakeSite(
    name,
    async (session) => {
      const settings = await session.openExtensionPage('options.html');
      await settings.run(storeSettings({ inPageButton: true }));
      for (const [i, page] of HOSTILE_PAGES.entries()) {
        // Firefox takes about 10 s to build 100,000 levels of nesting, more on a loaded machine.
        const tab = await session.openPage(urlOf(i), { loadMs: 90_000 });
        await tab.waitFor('document.querySelector("rfi-reader-button") !== null', `${page.name}: the in-page button`, 60_000);
        await settings.waitFor(reportedTab(urlOf(i)), `${page.name}: the report on the tab`);
        const tabId = await settings.run<number>(reportedTab(urlOf(i)));
        const popup = await session.openExtensionPage(`popup.html?tab=${tabId}`);
        await popup.waitFor(`(${POPUP}).facts !== '' || (${POPUP}).error !== ''`, `${page.name}: the popup to read the page`, 60_000);
        const view = await popup.run<{ title: string; facts: string; error: string; saveShown: boolean }>(POPUP);
        if (REFUSED[page.name]) {
          assert.equal(view.error, REFUSED[page.name], page.name);
          assert.equal(view.saveShown, false, `${page.name}: nothing to save`);
        } else {
          assert.equal(view.error, '', page.name);
          assert.equal(view.title, TITLE, page.name);
          assert.match(view.facts, /min read/, page.name);
        }
        await popup.close();
        await tab.close();
      }
    },
    { extraPages },
  );
}

test('hostile pages in Chromium: the content script recognises each article, the popup reads it or names the limit', { timeout: TEST_TIMEOUT }, () =>
  hostilePages('chromium'),
);
test('hostile pages in Firefox ESR: the content script recognises each article, the popup reads it or names the limit', { timeout: TEST_TIMEOUT }, () =>
  hostilePages('firefox'),
);
