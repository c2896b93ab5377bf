/**
 * One driver-neutral handle on a browser with the extension loaded and pointed at the fake rfi.fr, so a test
 * is written once and run in headless Chromium (playwright-core) and Firefox ESR (puppeteer-core over BiDi).
 * Page-side code is passed as strings: tsx may wrap inline functions in helpers that do not exist in the page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { DIST_CHROME, DIST_FIREFOX, ROOT, launchChromium, launchFirefox } from './browsers';
import { FIREFOX_EXTENSION_PAGES_ARG, firefoxPageAt, openChromiumExtensionPage, openFirefoxExtensionPage } from './extension-pages';
import { chromiumProxyArgs, firefoxProxyPrefs, type RfiSite } from './rfi-site';

export const ARTIFACTS = join(ROOT, 'test-artifacts');
const WAIT = 15_000;

export type BrowserName = 'chromium' | 'firefox';

/** What both drivers can do with a tab. */
export interface Tab {
  run<T>(js: string): Promise<T>;
  waitFor(js: string, what: string, ms?: number): Promise<void>;
  click(selector: string): Promise<void>;
  press(key: string): Promise<void>;
  reload(): Promise<void>;
  bringToFront(): Promise<void>;
  /** Writes test-artifacts/<name>.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Polls page-side `js` from Node until it is truthy. (The drivers' own waitForFunction evaluates strings with
 * eval() inside the page, which the extension's content security policy forbids.)
 */
export async function poll(run: (js: string) => Promise<unknown>, js: string, what: string, ms = WAIT): Promise<void> {
  const deadline = Date.now() + ms;
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

const screenshotPath = async (name: string) => {
  await mkdir(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, `${name}.png`);
};

export function playwrightTab(page: PwPage): Tab {
  return {
    run: (js) => page.evaluate(js),
    waitFor: (js, what, ms) => poll((code) => page.evaluate(code), js, what, ms),
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key),
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    bringToFront: () => page.bringToFront(),
    screenshot: async (name) => void (await page.screenshot({ path: await screenshotPath(name) })),
    close: () => page.close(),
  };
}

export function puppeteerTab(page: PpPage): Tab {
  return {
    run: (js) => page.evaluate(js) as Promise<never>,
    waitFor: (js, what, ms) => poll((code) => page.evaluate(code), js, what, ms),
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key as never),
    // BiDi never reports an extension page's load: reload from inside and wait for a fresh document.
    reload: async () => {
      await page.evaluate('window.staleDocument = true; setTimeout(() => location.reload())');
      await poll((code) => page.evaluate(code), '!window.staleDocument && document.readyState === "complete"', 'the reloaded page');
    },
    bringToFront: () => page.bringToFront().catch(() => {}),
    screenshot: async (name) => {
      await page.bringToFront().catch(() => {});
      await page.screenshot({ path: await screenshotPath(name) });
    },
    close: () => page.close(),
  };
}

export interface Session {
  name: BrowserName;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  origin: string;
  /** A web page (e.g. a fixture's httpUrl), loaded. */
  openPage(url: string): Promise<Tab>;
  /** An extension page by path (`archive.html`), loaded. */
  openExtensionPage(path: string): Promise<Tab>;
  /** Runs `open` (which makes the extension open a tab) and returns the new tab whose address starts with `prefix`. */
  newTabFrom(open: () => Promise<unknown>, prefix: string): Promise<Tab>;
  close(): Promise<void>;
}

export async function launchOnSite(name: BrowserName, site: RfiSite): Promise<Session> {
  if (name === 'chromium') {
    const ext = await launchChromium(DIST_CHROME, { args: chromiumProxyArgs(site) });
    return {
      name,
      origin: ext.origin,
      openPage: async (url) => {
        const page = await ext.context.newPage();
        await page.goto(url, { timeout: WAIT, waitUntil: 'load' });
        return playwrightTab(page);
      },
      openExtensionPage: async (path) => playwrightTab(await openChromiumExtensionPage(ext.context, `${ext.origin}/${path}`)),
      newTabFrom: async (open, prefix) => {
        const opened = ext.context.waitForEvent('page', { timeout: WAIT, predicate: (p) => p.url().startsWith(prefix) || p.url() === 'about:blank' });
        await open();
        const page = await opened;
        await page.waitForURL((u) => u.href.startsWith(prefix), { timeout: WAIT });
        await page.waitForLoadState('load');
        return playwrightTab(page);
      },
      close: ext.close,
    };
  }
  const ext = await launchFirefox(DIST_FIREFOX, { acceptInsecureCerts: true, prefs: firefoxProxyPrefs(site), args: [FIREFOX_EXTENSION_PAGES_ARG] });
  return {
    name,
    origin: ext.origin,
    openPage: async (url) => {
      const page = await ext.browser.newPage();
      await page.goto(url, { timeout: WAIT, waitUntil: 'load' });
      return puppeteerTab(page);
    },
    openExtensionPage: async (path) => puppeteerTab(await openFirefoxExtensionPage(ext.browser, `${ext.origin}/${path}`)),
    newTabFrom: async (open, prefix) => {
      const before = new Set(await ext.browser.pages());
      await open();
      return puppeteerTab(await firefoxPageAt(ext.browser, prefix, before));
    },
    close: ext.close,
  };
}
