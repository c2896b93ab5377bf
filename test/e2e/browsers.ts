/**
 * Launch helpers for end-to-end tests: real Debian Chromium / Firefox ESR with an unpacked build loaded.
 * Every helper returns a `close()` that always ends the browser (with a hard kill if a graceful close hangs)
 * and removes its temporary profile. Use it in `finally` (or `t.after`). Launch steps have timeouts, so a
 * hung browser fails the test instead of blocking the run.
 *
 * Paths can be overridden with CHROMIUM_PATH / FIREFOX_PATH.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import puppeteer, { type Browser } from 'puppeteer-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_CHROME = join(ROOT, 'dist', 'chrome');
export const DIST_FIREFOX = join(ROOT, 'dist', 'firefox');
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

/** Launch and install steps; a browser that takes longer than this is treated as hung. */
export const LAUNCH_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** Rejects after `ms` with a message naming `what`; clears its timer either way. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ChromiumExtension {
  context: BrowserContext;
  /** The extension's background service worker. */
  serviceWorker: Worker;
  /** 32-letter id; extension pages are at `chrome-extension://${extensionId}/popup.html` etc. */
  extensionId: string;
  /** `chrome-extension://<id>` (no trailing slash). */
  origin: string;
  close: () => Promise<void>;
}

export interface ChromiumOptions {
  /** Extra command-line switches. */
  args?: string[];
  /** The interface language, e.g. `zh-CN` (Debian's chromium-l10n holds the translations); English by default. */
  locale?: string;
}

/** Starts headless Chromium with the unpacked extension in `extDir` (default dist/chrome) and waits for its service worker. */
export async function launchChromium(extDir: string = DIST_CHROME, opts: ChromiumOptions = {}): Promise<ChromiumExtension> {
  const dir = resolve(extDir);
  const userDataDir = await mkdtemp(join(tmpdir(), 'rfi-chromium-'));
  // Developer mode, so that Chromium records manifest and runtime errors (chrome://extensions "Errors"),
  // which chromiumExtensionErrors() reads.
  await mkdir(join(userDataDir, 'Default'), { recursive: true });
  await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  let context: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    const ctx = context;
    context = undefined;
    try {
      if (ctx) await withTimeout(ctx.close(), CLOSE_TIMEOUT_MS, 'closing Chromium');
    } catch {
      // Graceful close hung. Playwright exposes no process handle for a persistent context; it kills the
      // browsers it launched when this Node process exits, so the run still ends.
    } finally {
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    }
  };
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      timeout: LAUNCH_TIMEOUT_MS,
      // On Linux, Chromium takes its interface language from the environment, not from --lang.
      ...(opts.locale
        ? { env: { ...process.env, LANGUAGE: opts.locale.replace('-', '_'), LC_ALL: `${opts.locale.replace('-', '_')}.UTF-8` }, locale: opts.locale }
        : {}),
      args: [
        '--no-sandbox',
        ...(opts.locale ? [`--lang=${opts.locale}`] : []),
        `--disable-extensions-except=${dir}`,
        `--load-extension=${dir}`,
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        ...(opts.args ?? []),
      ],
    });
    const serviceWorker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        timeout: LAUNCH_TIMEOUT_MS,
        predicate: (w) => w.url().startsWith('chrome-extension://'),
      }));
    const extensionId = new URL(serviceWorker.url()).host;
    return { context, serviceWorker, extensionId, origin: `chrome-extension://${extensionId}`, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export interface ChromiumExtensionErrors {
  state: string;
  /** Manifest problems, e.g. "Unrecognized manifest key 'x'." (only recorded in developer mode, which launchChromium turns on). */
  manifestErrors: { message: string; manifestKey?: string }[];
  installWarnings: string[];
  /** Uncaught errors and console.error calls from extension contexts, as chrome://extensions shows them. */
  runtimeErrors: { message: string; source?: string; contextUrl?: string }[];
}

/**
 * What chrome://extensions reports for the extension. Chromium records manifest errors only for loads that
 * happen in developer mode after start-up (not for the --load-extension load itself), so this reloads the
 * extension once, waits for its new service worker and stores that in `ext.serviceWorker`.
 */
export async function chromiumExtensionErrors(ext: ChromiumExtension): Promise<ChromiumExtensionErrors> {
  const page = await ext.context.newPage();
  try {
    await page.goto('chrome://extensions/', { timeout: LAUNCH_TIMEOUT_MS });
    const restarted = ext.context.waitForEvent('serviceworker', {
      timeout: LAUNCH_TIMEOUT_MS,
      predicate: (w) => w.url().startsWith(`${ext.origin}/`),
    });
    await page.evaluate(async (id) => {
      await (globalThis as any).chrome.developerPrivate.reload(id, { failQuietly: true });
    }, ext.extensionId);
    ext.serviceWorker = await restarted;
    const info = await page.evaluate(async (id) => {
      const all: any[] = await (globalThis as any).chrome.developerPrivate.getExtensionsInfo({
        includeDisabled: true,
        includeTerminated: true,
      });
      const me = all.find((e) => e.id === id);
      return me ? { state: me.state, manifestErrors: me.manifestErrors, installWarnings: me.installWarnings, runtimeErrors: me.runtimeErrors } : null;
    }, ext.extensionId);
    if (!info) throw new Error(`extension ${ext.extensionId} is not listed in chrome://extensions`);
    return info as ChromiumExtensionErrors;
  } finally {
    await page.close().catch(() => {});
  }
}

export interface FirefoxExtension {
  browser: Browser;
  /** The id `installExtension` returned (the manifest's browser_specific_settings.gecko.id). */
  addonId: string;
  /** The internal UUID pinned through `extensions.webextensions.uuids`. */
  uuid: string;
  /** `moz-extension://<uuid>` (no trailing slash). WebDriver BiDi refuses page.goto() to it, see browser-testing.md. */
  origin: string;
  close: () => Promise<void>;
}

export interface FirefoxOptions {
  /** Extra preferences. */
  prefs?: Record<string, unknown>;
  /** Trust self-signed certificates (the tests' fake https rfi.fr). */
  acceptInsecureCerts?: boolean;
  /** Extra command-line arguments (e.g. --remote-allow-system-access, see extension-pages.ts). */
  args?: string[];
  /** The interface language, e.g. `zh-CN`, from the language pack Debian's firefox-esr-l10n-* installs; English by default. */
  locale?: string;
}

/** Starts headless Firefox ESR over WebDriver BiDi and installs the unpacked extension in `extDir` (default dist/firefox) as a temporary add-on. */
export async function launchFirefox(extDir: string = DIST_FIREFOX, opts: FirefoxOptions = {}): Promise<FirefoxExtension> {
  const dir = resolve(extDir);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${dir}/manifest.json has no browser_specific_settings.gecko.id`);
  const uuid = randomUUID();

  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    const b = browser;
    browser = undefined;
    if (!b) return;
    try {
      await withTimeout(b.close(), CLOSE_TIMEOUT_MS, 'closing Firefox');
    } catch {
      b.process()?.kill('SIGKILL');
    }
  };
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      timeout: LAUNCH_TIMEOUT_MS,
      protocolTimeout: LAUNCH_TIMEOUT_MS,
      acceptInsecureCerts: opts.acceptInsecureCerts ?? false,
      args: opts.args ?? [],
      extraPrefsFirefox: {
        'xpinstall.signatures.required': false,
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        // The language pack is an add-on of the application's own scope, which a test profile does not load unless told.
        ...(opts.locale ? { 'intl.locale.requested': opts.locale, 'extensions.enabledScopes': 15, 'extensions.autoDisableScopes': 0 } : {}),
        ...opts.prefs,
      },
    });
    const addonId = await withTimeout(browser.installExtension(dir), LAUNCH_TIMEOUT_MS, `installing ${dir} in Firefox`);
    return { browser, addonId, uuid, origin: `moz-extension://${uuid}`, close };
  } catch (err) {
    await close();
    throw err;
  }
}
