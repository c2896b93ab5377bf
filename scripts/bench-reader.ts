/**
 * Click-to-first-paint benchmark, in the real browsers: from the mouse click on the in-page "阅读模式" button of
 * an RFI article (served at its real address by the tests' fake rfi.fr) to the reader page's first paint of the
 * article text, which the reader marks (`FIRST_TEXT_PAINT_MARK`, after the frame that shows the text). Both
 * clocks are the machine's wall clock: the click time is taken here, the paint time is the page's
 * `performance.timeOrigin + mark.startTime`. Budget (issue 3): median under 300 ms on a seed-sized article.
 *
 *   node scripts/build.mjs --no-package --no-sample && npm run bench:reader [-- --runs 15]
 */
import { performance } from 'node:perf_hooks';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { FIRST_TEXT_PAINT_MARK, EXTRACTED_MARK } from '../src/reader/paint-marks';
import { DIST_CHROME, DIST_FIREFOX, launchChromium, launchFirefox } from '../test/e2e/browsers';
import { FIREFOX_EXTENSION_PAGES_ARG, firefoxPageAt, openChromiumExtensionPage, openFirefoxExtensionPage, storeSettings } from '../test/e2e/extension-pages';
import { chromiumProxyArgs, firefoxProxyPrefs, start, type RfiSite } from '../test/e2e/rfi-site';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;
const WARMUP = 2;
const ARTICLE = 'cn-article';
const BUDGET_MS = 300;

type Tab = { evaluate: (code: string) => Promise<unknown>; close: () => Promise<void> };

/** Page-side: epoch ms of the reader's marks, or null until the text has been painted. */
const READ_MARKS = `(() => {
  const paint = performance.getEntriesByName(${JSON.stringify(FIRST_TEXT_PAINT_MARK)})[0];
  const extracted = performance.getEntriesByName(${JSON.stringify(EXTRACTED_MARK)})[0];
  return paint ? { paint: performance.timeOrigin + paint.startTime, sinceLoad: paint.startTime, extract: extracted ? extracted.duration : null } : null;
})()`;

interface Sample {
  clickToPaint: number;
  /** From the reader page's own start (navigation) to the paint: the part spent in the reader. */
  readerPart: number;
  extract: number | null;
}

async function poll<T>(probe: () => Promise<T | null | undefined>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One browser: the click loop, shared by both; `clickButton` clicks and returns when the click was sent. */
async function measure(clickButton: () => Promise<number>, readerTab: () => Promise<Tab>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const clickedAt = await clickButton();
    const reader = await readerTab();
    const marks = await poll(
      async () => (await reader.evaluate(READ_MARKS)) as { paint: number; sinceLoad: number; extract: number | null } | null,
      'the reader to paint',
    );
    if (i >= WARMUP) samples.push({ clickToPaint: marks.paint - clickedAt, readerPart: marks.sinceLoad, extract: marks.extract });
    await reader.close();
  }
  return samples;
}

const centreOf = (box: { x: number; y: number; width: number; height: number } | null) =>
  box && box.width ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null;

async function chromium(site: RfiSite): Promise<Sample[]> {
  const ext = await launchChromium(DIST_CHROME, { args: chromiumProxyArgs(site) });
  try {
    const settings = await openChromiumExtensionPage(ext.context, `${ext.origin}/options.html`);
    await settings.evaluate(storeSettings({ inPageButton: true }));
    const page = await ext.context.newPage();
    await page.goto(site.fixture(ARTICLE).httpUrl, { waitUntil: 'load' });
    const host = page.locator('rfi-reader-button');
    return await measure(
      async () => {
        await page.bringToFront();
        const at = await poll(async () => centreOf(await host.boundingBox()), 'the in-page button');
        const clickedAt = Date.now();
        await page.mouse.click(at.x, at.y);
        return clickedAt;
      },
      async () => {
        const reader: PwPage = await poll(async () => ext.context.pages().find((p) => p.url().includes('/reader.html')), 'the reader tab');
        return { evaluate: (code) => reader.evaluate(code), close: () => reader.close() };
      },
    );
  } finally {
    await ext.close();
  }
}

async function firefox(site: RfiSite): Promise<Sample[]> {
  const ext = await launchFirefox(DIST_FIREFOX, { acceptInsecureCerts: true, prefs: firefoxProxyPrefs(site), args: [FIREFOX_EXTENSION_PAGES_ARG] });
  try {
    const settings = await openFirefoxExtensionPage(ext.browser, `${ext.origin}/options.html`);
    await settings.evaluate(storeSettings({ inPageButton: true }));
    const page = await ext.browser.newPage();
    await page.goto(site.fixture(ARTICLE).httpUrl, { waitUntil: 'load' });
    return await measure(
      async () => {
        await page.bringToFront();
        const handle = await page.waitForSelector('rfi-reader-button');
        const at = await poll(async () => centreOf((await handle?.boundingBox()) ?? null), 'the in-page button');
        const clickedAt = Date.now();
        await page.mouse.click(at.x, at.y);
        return clickedAt;
      },
      async () => {
        const others = new Set<PpPage>([page, settings]);
        const reader = await firefoxPageAt(ext.browser, `${ext.origin}/reader.html`, others);
        return { evaluate: (code) => reader.evaluate(code), close: () => reader.close() };
      },
    );
  } finally {
    await ext.close();
  }
}

function stats(values: number[]): { median: number; p95: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)! };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

const started = performance.now();
const site = await start({ tls: true });
let failed = false;
try {
  for (const [name, run] of [
    ['Chromium', chromium],
    ['Firefox ESR', firefox],
  ] as const) {
    const samples = await run(site);
    const total = stats(samples.map((s) => s.clickToPaint));
    const reader = stats(samples.map((s) => s.readerPart));
    const extract = stats(samples.flatMap((s) => (s.extract === null ? [] : [s.extract])));
    const pass = total.median < BUDGET_MS;
    failed ||= !pass;
    console.log(
      `${name.padEnd(12)} click→first text paint: median ${ms(total.median)}, p95 ${ms(total.p95)}, min ${ms(total.min)}, max ${ms(total.max)} ` +
        `(${samples.length} runs) | of which in the reader page: median ${ms(reader.median)}; extraction median ${extract.median.toFixed(1)} ms | budget < ${BUDGET_MS} ms: ${pass ? 'PASS' : 'FAIL'}`,
    );
  }
} finally {
  await site.stop();
}
console.log(`bench-reader: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (failed) process.exitCode = 1;
