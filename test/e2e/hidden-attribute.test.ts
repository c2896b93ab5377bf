// The `hidden` attribute hides, on every extension page, in real browsers (headless Chromium and Firefox ESR). The
// browser's own `[hidden]{display:none}` loses to any author rule that sets `display` (the popup's
// `button{display:block}` kept a finished queue's pause button on screen), so each page's every element, and each
// kind of button the pages create, is hidden in turn and must then have no box. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchOnSite, type BrowserName } from './session';

const TEST_TIMEOUT = 90_000;
const PAGES = ['popup.html', 'reader.html', 'archive.html', 'options.html'];

/** Page-side: every element of the page (and buttons as the pages make them) that `hidden` leaves on screen. */
const STILL_SHOWN = `(() => {
  const made = ['', 'secondary', 'danger'].map((className) => Object.assign(document.createElement('button'), { className, textContent: 'x' }));
  for (const button of made) document.body.append(button);
  const shown = [];
  for (const el of document.body.querySelectorAll('*')) {
    const was = el.hidden;
    el.hidden = true;
    if (getComputedStyle(el).display !== 'none' || el.getClientRects().length > 0) {
      shown.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join(''));
    }
    el.hidden = was;
  }
  for (const button of made) button.remove();
  return { checked: document.body.querySelectorAll('*').length, shown };
})()`;

async function everyPage(name: BrowserName): Promise<void> {
  const session = await launchOnSite(name);
  try {
    for (const page of PAGES) {
      const tab = await session.openExtensionPage(page);
      await tab.waitFor(`document.readyState === 'complete'`, `${page} to load`);
      const { checked, shown } = await tab.run<{ checked: number; shown: string[] }>(STILL_SHOWN);
      assert.ok(checked >= 5, `${page}: only ${checked} elements`);
      assert.deepEqual(shown, [], `${page}: hidden but still on screen`);
      await tab.close();
    }
  } finally {
    await session.close();
  }
}

test('hidden attribute hides on every extension page in Chromium', { timeout: TEST_TIMEOUT }, () => everyPage('chromium'));
test('hidden attribute hides on every extension page in Firefox ESR', { timeout: TEST_TIMEOUT }, () => everyPage('firefox'));
