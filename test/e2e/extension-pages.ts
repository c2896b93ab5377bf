/**
 * Opening extension pages from tests and scripts.
 *
 * Chromium: page.goto(chrome-extension://…) works. Firefox: WebDriver BiDi refuses to navigate to moz-extension
 * URLs ("unsupported operation") unless Firefox is started with `--remote-allow-system-access`
 * (FIREFOX_EXTENSION_PAGES_ARG, pass it in launchFirefox's `args`); even then the navigation's load event is never
 * reported, so the page is found by asking it where it is and whether it has loaded.
 */
import type { BrowserContext, Page as PwPage } from 'playwright-core';
import type { Browser, Page as PpPage } from 'puppeteer-core';
import type { Settings } from '../../src/shared/settings';
import { withTimeout } from './browsers';

export const WAIT = 20_000;

export const FIREFOX_EXTENSION_PAGES_ARG = '--remote-allow-system-access';

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = WAIT, every = 200): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await withTimeout(Promise.resolve(probe()), Math.max(1_000, Math.min(5_000, deadline - Date.now())), what);
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A new tab at an extension page's URL, loaded. */
export async function openChromiumExtensionPage(context: BrowserContext, url: string): Promise<PwPage> {
  const page = await context.newPage();
  await page.goto(url, { timeout: WAIT, waitUntil: 'load' });
  return page;
}

/** Whether `page` is at a URL starting with `prefix` and has finished loading (asked in the page itself). */
async function isLoadedAt(page: PpPage, prefix: string): Promise<boolean> {
  const where = (await withTimeout(page.evaluate('[location.href, document.readyState]'), 2_000, 'location.href').catch(() => ['', ''])) as string[];
  return where[0]!.startsWith(prefix) && where[1] === 'complete';
}

/** A new Firefox tab at an extension page's URL, loaded. Needs FIREFOX_EXTENSION_PAGES_ARG. */
export async function openFirefoxExtensionPage(browser: Browser, url: string): Promise<PpPage> {
  const page = await browser.newPage();
  // Not awaited: Firefox never reports the load of a moz-extension page over BiDi, so this would time out.
  page.goto(url, { timeout: WAIT }).catch(() => {});
  await until(`${url} to load`, async () => isLoadedAt(page, url));
  return page;
}

/**
 * The tab (not in `skip`) whose location starts with `prefix`, once loaded: for pages the extension opens itself.
 * BiDi may report such a tab's URL as about:blank, so each page is asked where it is.
 */
export async function firefoxPageAt(browser: Browser, prefix: string, skip: Set<PpPage> = new Set()): Promise<PpPage> {
  return until(`a tab at ${prefix}`, async () => {
    for (const page of await browser.pages()) {
      if (!skip.has(page) && (await isLoadedAt(page, prefix))) return page;
    }
    return undefined;
  });
}

/** Page-side code (for evaluate in an extension page) that merges `patch` into the stored settings. */
export function storeSettings(patch: Partial<Settings>): string {
  return `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { settings = {} } = await api.storage.local.get('settings');
  await api.storage.local.set({ settings: { ...settings, ...${JSON.stringify(patch)} } });
  return true;
})()`;
}

/**
 * Extension-page code: a function that sends one background message and resolves with its result, or throws the
 * error the handler answered with, as the extension's own senders do (src/shared/messages.ts).
 */
export const SEND_IN_PAGE = `async (type, args) => {
  const api = globalThis.browser ?? globalThis.chrome;
  const reply = await api.runtime.sendMessage({ type, args });
  if (!reply || !reply.ok) throw new Error(reply ? JSON.stringify(reply.error) : 'no context answered ' + type);
  return reply.result;
}`;

/** Extension-page code: send one background message and return its result. */
export const send = (type: string, args: unknown) => `(${SEND_IN_PAGE})(${JSON.stringify(type)}, ${JSON.stringify(args)})`;

/** Extension-page code: the id of the tab showing `url`, once the content script has reported on it. */
export const reportedTab = (url: string) => `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const [tab] = await api.tabs.query({ url: ${JSON.stringify(url)} });
  if (!tab) return null;
  const state = await (${SEND_IN_PAGE})('tab/state', { tabId: tab.id });
  return state ? tab.id : null;
})()`;
