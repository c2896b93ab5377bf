// Hostile article content in real browsers (headless Chromium and Firefox ESR, one launch each). The vectors of
// test/support/xss, grouped into a few RFI article pages served at rfi.fr/cn addresses by the recording proxy,
// go through every path a user has: the reader opened on the live page, the archive save, the saved article
// reopened from the archive, the archive page's list, and each export format (downloaded from the archive page,
// then opened from disk as a file:// page). Pass: no canary fires (no `__fired` entry in any page, no request to
// a canary host), no request leaves for a host other than www.rfi.fr and s.rfi.fr, no active markup is left in
// what is shown, and the article's text is all there. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { normalizeSpace } from '../../src/core/text-measures';
import { AUDIT_FUNCTION, auditExpression, type AuditOptions } from '../support/xss/audit';
import { BROWSER_PAGES } from '../support/xss/browser-pages';
import { hostilePage, TEMPLATE_PARAGRAPHS, TEMPLATE_TITLE, type HostilePage } from '../support/xss/hostile-page';
import { CANARY_HOSTS, VECTORS } from '../support/xss/vectors';
import { reportedTab, send } from './extension-pages';
import { BROWSER_SERVICE, hostname, start, type RfiSite } from './rfi-site';
import { launchOnSite, type BrowserName, type Session, type Tab } from './session';

const TEST_TIMEOUT = 120_000;
const LAST_PARAGRAPH = normalizeSpace(TEMPLATE_PARAGRAPHS.at(-1)!);
/** How long a page is given for delayed vectors (image errors, animations, focus) to fire before it is checked. */
const SETTLE_MS = 700;
const SERVED_HOSTS = new Set(['www.rfi.fr', 's.rfi.fr']);
const openTab = (path: string) => `(globalThis.browser ?? globalThis.chrome).tabs.create({ url: ${JSON.stringify(path)} }).then(() => true)`;

/** Whether anything hostile ran in this page (every script vector pushes its id to `top.__fired`). */
const FIRED = `(() => { try { return [...(top.__fired || [])]; } catch (e) { return ['unreadable: ' + e]; } })()`;

/** What a page of the extension holds besides its own: scripts from elsewhere, a base, a refresh, frames. */
const PAGE_EXTRAS = `(() => [
  ...[...document.scripts].filter((s) => !s.src.startsWith(location.origin + '/')).map((s) => 'script ' + (s.src || s.textContent.slice(0, 60))),
  ...[...document.querySelectorAll('base, meta[http-equiv], iframe, frame, object, embed')].map((e) => e.outerHTML.slice(0, 100)),
])()`;

const textOf = (selector: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); return el ? el.textContent.replace(/\\s+/g, ' ').trim() : ''; })()`;

interface Tally {
  paths: string[];
  fired: string[];
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
}

/** Nothing fired, nothing active shown, and each sequence of `texts` shown in its order (articles in any order). */
/** A text file is safe as long as the browser shows it as text (its viewer's own <pre> is not the file's). */
const PLAIN_TEXT = `document.contentType === 'text/plain' ? [] : ['shown as ' + document.contentType]`;

const MARKED_UMD = join(dirname(createRequire(import.meta.url).resolve('marked')), 'marked.umd.js');

/**
 * A page that renders Markdown as a permissive viewer would: marked with default options (raw HTML kept, links
 * trusted), written into the document while it parses, so a `<script>` that came through would run.
 */
function markdownViewerPage(md: string): string {
  // Inside a JS string, `<\/` and `<\!` read as `</` and `<!`, and the HTML parser sees no end of the script.
  const text = JSON.stringify(md)
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
  return (
    `<!doctype html><html><head><meta charset="utf-8"><script src="marked.umd.js"></script>` +
    `<script>document.write(marked.parse(${text}))</script></head></html>`
  );
}

/** The audit of every archive row's contents (not the row itself, which the virtual list positions with a style). */
const ARCHIVE_ROWS_AUDIT = `[...document.querySelectorAll('#list li')].flatMap((li) => [...li.children].flatMap((el) => (${AUDIT_FUNCTION})(el, ${JSON.stringify({ allowTags: ['input', 'button'], allowUrls: ['^blob:', '^reader\\.html\\?saved='] })})))`;

async function checkShown(
  tab: Tab,
  where: string,
  tally: Tally,
  audit: { selector: string | null; options: AuditOptions } | string,
  texts: string[][],
  textSelector: string,
): Promise<void> {
  await settle();
  tally.paths.push(where);
  const fired = await tab.run<string[]>(FIRED);
  tally.fired.push(...fired.map((id) => `${where}: ${id}`));
  assert.deepEqual(fired, [], `${where}: canaries fired`);
  const expression = typeof audit === 'string' ? audit : auditExpression(audit.selector, audit.options);
  assert.deepEqual(await tab.run<string[]>(expression), [], `${where}: active content shown`);
  const shown = await tab.run<string>(textOf(textSelector));
  for (const sequence of texts) {
    let at = -1;
    for (const text of sequence) {
      const i = shown.indexOf(text, at + 1);
      assert.ok(i > at, `${where}: text missing or out of order: ${text}`);
      at = i;
    }
  }
}

async function checkReader(tab: Tab, page: HostilePage, where: string, tally: Tally): Promise<void> {
  await tab.waitFor(`document.querySelector('main').getAttribute('aria-busy') === 'false'`, `${where} to render`);
  assert.equal(await tab.run<string>(textOf('#notice')), '', `${where}: the reader shows a notice`);
  assert.ok((await tab.run<string>(textOf('main h1'))).startsWith(TEMPLATE_TITLE), `${where}: title`);
  await checkShown(
    tab,
    where,
    tally,
    { selector: 'main article', options: { allowUrls: ['^blob:'] } },
    [[...page.sentinels, LAST_PARAGRAPH]],
    'main article .content',
  );
  assert.deepEqual(await tab.run<string[]>(PAGE_EXTRAS), [], `${where}: foreign elements in the page`);
}

/** The four export formats of the whole archive, downloaded from the archive page and opened from disk. */
async function checkExports(session: Session, archive: Tab, pages: HostilePage[], dir: string, tally: Tally): Promise<void> {
  const texts = pages.map((p) => [...p.sentinels, LAST_PARAGRAPH]);
  const open = async (path: string, content: Uint8Array | string) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  };
  for (const format of ['html', 'epub', 'markdown', 'text']) {
    const file = await archive.download(`#export-group button[data-format="${format}"]`);
    const where = `${session.name} export ${format}`;
    const base = join(dir, format);
    const viewed: { path: string; audit: AuditOptions | string; textSelector: string; texts: string[][] }[] = [];
    if (format === 'html') {
      await open(join(base, file.name), file.bytes);
      viewed.push({
        path: join(base, file.name),
        audit: { allowUrls: ['^data:image/(png|jpeg|gif|webp);base64,', '^#article-\\d+$'] },
        textSelector: 'main',
        texts,
      });
    } else if (format === 'epub') {
      const files = unzipSync(new Uint8Array(file.bytes));
      for (const [name, bytes] of Object.entries(files)) await open(join(base, name), bytes);
      // Each article is a chapter of its own: its sentinels must be in it.
      const chapters = Object.keys(files)
        .filter((n) => /text\/article-\d+\.xhtml$/.test(n))
        .sort();
      assert.equal(chapters.length, pages.length, `${where}: chapters`);
      for (const name of chapters)
        viewed.push({ path: join(base, name), audit: { allowUrls: ['^\\.\\./images/[\\w.-]+$'] }, textSelector: 'body', texts: [[LAST_PARAGRAPH]] });
    } else {
      // Markdown and text open as text/plain pages: whatever they hold is shown, never parsed as markup.
      const files = file.name.endsWith('.zip') ? unzipSync(new Uint8Array(file.bytes)) : { [file.name]: new Uint8Array(file.bytes) };
      for (const [name, bytes] of Object.entries(files)) await open(join(base, name), bytes);
      const docs = Object.entries(files).filter(([name]) => /\.(md|txt)$/.test(name));
      for (const [name, bytes] of docs) await open(join(base, `${name}.txt`), bytes);
      const joined = docs.map(([name]) => join(base, `${name}.txt`));
      for (const path of joined) viewed.push({ path, audit: PLAIN_TEXT, textSelector: 'body', texts: [] });
      if (format === 'markdown') {
        // And as a permissive viewer shows them: marked, in the page, beside the exported images folder.
        assert.equal(docs.length, pages.length, `${where}: one file per article`);
        await copyFile(MARKED_UMD, join(base, 'marked.umd.js'));
        for (const [name, bytes] of docs) {
          const path = join(base, `${name}.html`);
          await open(path, markdownViewerPage(Buffer.from(bytes).toString('utf8')));
          viewed.push({ path, audit: { allowUrls: ['^images/[^/]+$'] }, textSelector: 'body', texts: [] });
        }
      }
      const all = normalizeSpace(docs.map(([, bytes]) => Buffer.from(bytes).toString('utf8').replace(/\\(.)/g, '$1')).join('\n'));
      for (const text of texts.flat()) assert.ok(all.includes(text), `${where}: lacks ${text}`);
    }
    for (const view of viewed) {
      const tab = await session.openPage(pathToFileURL(view.path).href);
      await checkShown(
        tab,
        `${where} ${view.path.slice(base.length + 1)}`,
        tally,
        typeof view.audit === 'string' ? view.audit : { selector: 'body', options: view.audit },
        view.texts,
        view.textSelector,
      );
      await tab.close();
    }
  }
}

async function hostileSession(name: BrowserName, t: TestContext): Promise<void> {
  const pages = BROWSER_PAGES.map((spec) => hostilePage(spec.vectors, { url: spec.url, forBrowser: true }));
  const site: RfiSite = await start({ tls: true, extraPages: Object.fromEntries(pages.map((p) => [p.url, p.html])) });
  const dir = await mkdtemp(join(tmpdir(), `rfi-xss-${name}-`));
  const tally: Tally = { paths: [], fired: [] };
  /** Request index ranges while a hostile page loaded in its own tab: what the page did, before the extension saw it. */
  const pageLoads: [number, number][] = [];
  let session: Session | undefined;
  try {
    session = await launchOnSite(name, site);
    const helper = await session.openExtensionPage('options.html');
    for (const page of pages) {
      const httpUrl = page.url.replace(/^https:/, 'http:');
      const from = site.requests.length;
      const tab = await session.openPage(httpUrl);
      await helper.waitFor(reportedTab(httpUrl), `the content script's report on ${page.url}`);
      await settle();
      pageLoads.push([from, site.requests.length]);
      const tabId = await helper.run<number>(reportedTab(httpUrl));
      const slug = page.url.split('-').slice(-2).join('-');

      const reader = await session.newTabFrom(() => helper.run(send('reader/open', { tabId })), `${session.origin}/reader.html?snapshot=`);
      await checkReader(reader, page, `${name} reader ${slug}`, tally);
      await reader.close();

      const report = await helper.run<{ ok: boolean; url: string; error?: string }>(send('archive/save', { tabId }));
      assert.equal(report.ok, true, `${name} save ${slug}: ${JSON.stringify(report.error)}`);
      assert.equal(report.url, page.url, `${name} save ${slug}: saved under ${report.url}`);
      const saved = await session.newTabFrom(
        () => helper.run(openTab(`reader.html?saved=${encodeURIComponent(report.url)}`)),
        `${session.origin}/reader.html?saved=`,
      );
      await checkReader(saved, page, `${name} saved ${slug}`, tally);
      await saved.close();
      await tab.close();
    }

    const archive = await session.openExtensionPage('archive.html');
    await archive.waitFor(`document.querySelectorAll('#list li a[href*="reader.html"]').length === ${pages.length}`, 'the archive list');
    // The list's own rows (positioned by the virtual list), checkboxes and delete buttons are the page's; what
    // fills them from the article (title, section, thumbnail) must hold nothing active.
    await checkShown(archive, `${name} archive page`, tally, ARCHIVE_ROWS_AUDIT, [], '#list');
    const listed = await archive.run<string>(textOf('#list'));
    assert.equal(listed.split(TEMPLATE_TITLE).length - 1, pages.length, `${name} archive page: every title shown as text`);
    await archive.click('#select-all');
    await checkExports(session, archive, pages, dir, tally);
  } finally {
    await session?.close();
    await site.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const byPage = site.requests.filter((_, i) => pageLoads.some(([a, b]) => i >= a && i < b));
  const byExtension = site.requests.filter((_, i) => !pageLoads.some(([a, b]) => i >= a && i < b));
  const hosts = (requests: typeof site.requests) => {
    const out: Record<string, number> = {};
    for (const r of requests) out[hostname(r.host)] = (out[hostname(r.host)] ?? 0) + 1;
    return JSON.stringify(out);
  };
  t.diagnostic(`${name}: ${VECTORS.length} vectors in ${pages.length} pages, ${tally.paths.length} paths checked, ${tally.fired.length} canaries fired`);
  t.diagnostic(`${name}: requests by host while the hostile pages loaded in their own tabs: ${hosts(byPage)}; from then on: ${hosts(byExtension)}`);
  assert.deepEqual(tally.fired, []);
  const canaries = byExtension.filter((r) => CANARY_HOSTS.some((h) => hostname(r.host) === h));
  assert.deepEqual(
    canaries.map((r) => `${r.scheme} ${r.host}${r.path}`),
    [],
    `${name}: canary requests`,
  );
  const foreign = byExtension.filter((r) => !SERVED_HOSTS.has(hostname(r.host)) && !BROWSER_SERVICE.test(hostname(r.host)));
  assert.deepEqual(
    foreign.map((r) => `${r.scheme} ${r.host}${r.path}`),
    [],
    `${name}: requests to hosts the test did not serve`,
  );
}

test('hostile content in Chromium: reader, save, saved reader, archive page and every export run and load nothing', { timeout: TEST_TIMEOUT }, (t) =>
  hostileSession('chromium', t),
);
test('hostile content in Firefox ESR: reader, save, saved reader, archive page and every export run and load nothing', { timeout: TEST_TIMEOUT }, (t) =>
  hostileSession('firefox', t),
);
