/**
 * One driver-neutral handle on a browser with the extension loaded and pointed at the fake rfi.fr, so a test
 * is written once and run in headless Chromium (playwright-core) and Firefox ESR (puppeteer-core over BiDi).
 * Page-side code is passed as strings: tsx may wrap inline functions in helpers that do not exist in the page.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { DIST_CHROME, DIST_FIREFOX, ROOT, launchChromium, launchFirefox } from './browsers';
import { FIREFOX_EXTENSION_PAGES_ARG, firefoxPageAt, openChromiumExtensionPage, openFirefoxExtensionPage, until } from './extension-pages';
import { chromiumProxyArgs, firefoxProxyPrefs, start, type RfiSite, type StartOptions } from './rfi-site';

export const ARTIFACTS = join(ROOT, 'test-artifacts');
const WAIT = 15_000;

export type BrowserName = 'chromium' | 'firefox';

/** What both drivers can do with a tab. */
export interface Tab {
  run<T>(js: string): Promise<T>;
  waitFor(js: string, what: string, ms?: number): Promise<void>;
  click(selector: string): Promise<void>;
  /** A real mouse click at a point of the viewport, in CSS pixels: reaches what a selector cannot (a closed shadow root). */
  clickAt(x: number, y: number): Promise<void>;
  /** Replaces a text field's content as a user would (input events fire). */
  type(selector: string, text: string): Promise<void>;
  select(selector: string, value: string): Promise<void>;
  /** A key pressed in whatever has the focus. */
  press(key: string): Promise<void>;
  /** Puts a file (or several, for an input that takes several) in an <input type=file>. */
  upload(selector: string, path: string | string[]): Promise<void>;
  /** Clicks `selector` and returns the file the browser saved. */
  download(selector: string): Promise<{ name: string; bytes: Buffer }>;
  reload(): Promise<void>;
  bringToFront(): Promise<void>;
  /** Writes test-artifacts/<name>.png: the viewport, or with `fullPage` the whole scrollable page. */
  screenshot(name: string, opts?: { fullPage?: boolean }): Promise<void>;
  /** The page printed to PDF (A4, print styles), as "Save as PDF" in the print dialog would make it. */
  pdf(): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Polls page-side `js` from Node until it is truthy. (The drivers' own waitForFunction evaluates strings with
 * eval() inside the page, which the extension's content security policy forbids.)
 */
export async function poll(run: (js: string) => Promise<unknown>, js: string, what: string, ms = WAIT): Promise<void> {
  // A throw (the page may be between documents) counts as "not yet".
  await until(what, async () => Boolean(await run(js)), ms, 100);
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
    clickAt: (x, y) => page.mouse.click(x, y),
    type: (selector, text) => page.fill(selector, text),
    select: async (selector, value) => void (await page.selectOption(selector, value)),
    press: (key) => page.keyboard.press(key),
    upload: (selector, path) => page.setInputFiles(selector, path),
    download: async (selector) => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.click(selector)]);
      return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    },
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    bringToFront: () => page.bringToFront(),
    screenshot: async (name, opts) => void (await page.screenshot({ path: await screenshotPath(name), fullPage: opts?.fullPage ?? false })),
    pdf: () => page.pdf({ format: 'A4' }),
    close: () => page.close(),
  };
}

/** `downloads`: the folder Firefox saves to without asking (see firefoxDownloadPrefs). */
export function puppeteerTab(page: PpPage, downloads = ''): Tab {
  return {
    run: (js) => page.evaluate(js) as Promise<never>,
    waitFor: (js, what, ms) => poll((code) => page.evaluate(code), js, what, ms),
    click: (selector) => page.click(selector),
    clickAt: (x, y) => page.mouse.click(x, y),
    type: async (selector, text) => {
      // Select what is there and delete it, as a user would: that fires input events too.
      await page.focus(selector);
      await page.keyboard.down('Control');
      await page.keyboard.press('KeyA');
      await page.keyboard.up('Control');
      await page.keyboard.press('Backspace');
      if (text) await page.type(selector, text);
    },
    select: async (selector, value) => void (await page.select(selector, value)),
    // Keys go to the focused tab only: another tab brought forward meanwhile (the settings page opened at install)
    // would take them.
    press: async (key) => {
      await page.bringToFront().catch(() => {});
      await page.keyboard.press(key as never);
    },
    upload: async (selector, path) => {
      const input = await page.$(selector);
      await (input as unknown as { uploadFile: (...p: string[]) => Promise<void> }).uploadFile(...[path].flat());
    },
    download: async (selector) => {
      if (!downloads) throw new Error('this Firefox tab has no downloads folder');
      const before = new Set(await readdir(downloads));
      await page.click(selector);
      const name = await until('the download to finish', async () => {
        const all = await readdir(downloads);
        const done = all.filter((f) => !before.has(f) && !f.endsWith('.part'));
        if (done.length !== 1 || all.some((f) => f.endsWith('.part'))) return undefined;
        return (await stat(join(downloads, done[0]!))).size > 0 ? done[0] : undefined;
      });
      return { name, bytes: await readFile(join(downloads, name)) };
    },
    // BiDi never reports an extension page's load: reload from inside and wait for a fresh document.
    reload: async () => {
      await page.evaluate('window.staleDocument = true; setTimeout(() => location.reload())');
      await poll((code) => page.evaluate(code), '!window.staleDocument && document.readyState === "complete"', 'the reloaded page');
    },
    bringToFront: () => page.bringToFront().catch(() => {}),
    screenshot: async (name, opts) => {
      await page.bringToFront().catch(() => {});
      await page.screenshot({ path: await screenshotPath(name), fullPage: opts?.fullPage ?? false });
    },
    pdf: async () => Buffer.from(await page.pdf({ format: 'A4' })),
    close: () => page.close(),
  };
}

export interface Session {
  name: BrowserName;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  origin: string;
  /**
   * A web page (e.g. a fixture's httpUrl), loaded. `beforePageScripts`: code run in the page's own world before
   * any of its scripts, as a page's first inline script would (a detection script, for the privacy tests).
   * `loadMs`: how long the load may take (15 s unless said).
   */
  openPage(url: string, options?: { beforePageScripts?: string; loadMs?: number }): Promise<Tab>;
  /** An extension page by path (`archive.html`), loaded. */
  openExtensionPage(path: string): Promise<Tab>;
  /** Runs `open` (which makes the extension open a tab) and returns the new tab whose address starts with `prefix`. */
  newTabFrom(open: () => Promise<unknown>, prefix: string): Promise<Tab>;
  close(): Promise<void>;
}

/** Firefox saves every download to `dir` without a dialog. */
function firefoxDownloadPrefs(dir: string): Record<string, unknown> {
  return {
    'browser.download.folderList': 2,
    'browser.download.dir': dir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.download.alwaysOpenPanel': false,
  };
}

/**
 * Lets pages read their JavaScript heap, for the benchmarks: Chromium's `performance.memory` in whole bytes rather
 * than rounded, with `gc()` to collect first; Firefox's `performance.mozMemory` (its pages cannot start a collection).
 */
const MEMORY_STATS = { chromiumArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'], firefoxPrefs: { 'dom.enable_memory_stats': true } };

/**
 * The extension in `name`, with every request going through the fake rfi.fr `site` (without one, the browser
 * is left on its own network settings: for tests that only use extension pages).
 */
export async function launchOnSite(name: BrowserName, site?: RfiSite, locale?: string, options: { memoryStats?: boolean } = {}): Promise<Session> {
  const memory = options.memoryStats ? MEMORY_STATS : { chromiumArgs: [], firefoxPrefs: {} };
  if (name === 'chromium') {
    const ext = await launchChromium(DIST_CHROME, { args: [...(site ? chromiumProxyArgs(site) : []), ...memory.chromiumArgs], locale });
    return {
      name,
      origin: ext.origin,
      openPage: async (url, options) => {
        const page = await ext.context.newPage();
        if (options?.beforePageScripts) await page.addInitScript(options.beforePageScripts);
        await page.goto(url, { timeout: options?.loadMs ?? WAIT, waitUntil: 'load' });
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
  const downloads = await mkdtemp(join(tmpdir(), 'rfi-firefox-downloads-'));
  const ext = await launchFirefox(DIST_FIREFOX, {
    acceptInsecureCerts: true,
    prefs: { ...(site ? firefoxProxyPrefs(site) : {}), ...firefoxDownloadPrefs(downloads), ...memory.firefoxPrefs },
    args: [FIREFOX_EXTENSION_PAGES_ARG],
    locale,
  }).catch(async (err: unknown) => {
    await rm(downloads, { recursive: true, force: true });
    throw err;
  });
  return {
    name,
    origin: ext.origin,
    openPage: async (url, options) => {
      const page = await ext.browser.newPage();
      if (options?.beforePageScripts) await page.evaluateOnNewDocument(options.beforePageScripts);
      await page.goto(url, { timeout: options?.loadMs ?? WAIT, waitUntil: 'load' });
      return puppeteerTab(page, downloads);
    },
    openExtensionPage: async (path) => puppeteerTab(await openFirefoxExtensionPage(ext.browser, `${ext.origin}/${path}`), downloads),
    newTabFrom: async (open, prefix) => {
      const before = new Set(await ext.browser.pages());
      await open();
      return puppeteerTab(await firefoxPageAt(ext.browser, prefix, before), downloads);
    },
    close: async () => {
      await ext.close();
      await rm(downloads, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the fake rfi.fr (https included, with `extraPages` if given), launches `name` on it, runs `body`, then
 * always closes the browser and stops the site (which `body` may already have stopped, to go offline).
 */
export async function onFakeSite(
  name: BrowserName,
  body: (session: Session, site: RfiSite) => Promise<void>,
  options: Pick<StartOptions, 'extraPages'> = {},
): Promise<void> {
  const site = await start({ ...options, tls: true });
  try {
    const session = await launchOnSite(name, site);
    try {
      await body(session, site);
    } finally {
      await session.close();
    }
  } finally {
    await site.stop();
  }
}
