/**
 * Save time, in the real browsers (issue 16: one extraction per save). RFI's article page, served at its real
 * address by the tests' fake rfi.fr, is saved again and again from the popup and from the reader's toolbar, as a
 * user clicks "Save offline": each time from the click to the end of the save (the button is enabled again with
 * the report on screen), timed inside the page that was clicked. Every save fetches the article's images from the
 * fake site on loopback and writes the record, so what differs between two versions of the code is the work
 * around them.
 *
 *   node scripts/build.mjs --no-package --no-sample && npm run bench:save [-- --runs 15 --browsers chromium,firefox]
 *
 * Run it alone on the machine (`uptime`).
 */
import { cpus, loadavg } from 'node:os';
import { reportedTab, send } from '../test/e2e/extension-pages';
import { start } from '../test/e2e/rfi-site';
import { launchOnSite, type BrowserName, type Tab } from '../test/e2e/session';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(option('--runs')) || 15;
const WARMUP = 2;
const BROWSERS = (option('--browsers') ?? 'chromium,firefox').split(',') as BrowserName[];

/** Page-side: clicks the save button and resolves with the milliseconds until it is enabled again. */
const timedSave = (selector: string) => `(async () => {
  const button = document.querySelector(${JSON.stringify(selector)});
  const started = performance.now();
  button.click();
  while (button.disabled) await new Promise((r) => setTimeout(r, 2));
  return performance.now() - started;
})()`;

async function samples(tab: Tab, selector: string, statusSelector: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const ms = await tab.run<number>(timedSave(selector));
    const status = await tab.run<string>(`document.querySelector(${JSON.stringify(statusSelector)}).textContent`);
    if (!/^(Saved offline|Updated in the archive)/.test(status)) throw new Error(`save ${i} did not succeed: ${status}`);
    if (i >= WARMUP) out.push(ms);
  }
  return out;
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const row = (what: string, values: number[]) =>
  `  ${what.padEnd(26)} median ${quantile(values, 0.5).toFixed(0).padStart(5)} ms   p90 ${quantile(values, 0.9).toFixed(0).padStart(5)} ms   min ${Math.min(
    ...values,
  )
    .toFixed(0)
    .padStart(5)} ms`;

console.log(
  `bench-save: ${RUNS} saves each after ${WARMUP} untimed; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores`,
);
const site = await start();
try {
  for (const browser of BROWSERS) {
    const session = await launchOnSite(browser, site);
    try {
      const article = site.fixture('cn-article');
      await session.openPage(article.httpUrl);
      const helper = await session.openExtensionPage('options.html');
      await helper.waitFor(reportedTab(article.httpUrl), 'the report on the article');
      const tabId = await helper.run<number>(reportedTab(article.httpUrl));

      const popup = await session.openExtensionPage(`popup.html?tab=${tabId}`);
      await popup.waitFor(`document.querySelectorAll('#export button').length === 3`, 'the popup to read the article');
      const fromPopup = await samples(popup, '#save', '#saved-state');
      await popup.close();

      const reader = await session.newTabFrom(() => helper.run(send('reader/open', { tabId })), `${session.origin}/reader.html`);
      await reader.waitFor(`document.querySelector('.save-status + button') !== null`, 'the reader to show its save button');
      const fromReader = await samples(reader, '.save-status + button', '.save-status');

      console.log(`\n${browser === 'chromium' ? 'Chromium' : 'Firefox ESR'}: click on "Save offline" to the saved report`);
      console.log(row('from the popup', fromPopup));
      console.log(row("from the reader's toolbar", fromReader));
    } finally {
      await session.close();
    }
  }
} finally {
  await site.stop();
}
console.log(
  `\nload average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
