// Every hostile vector of test/support/xss through every path that does not need a browser: extraction from
// RFI's article markup, the archive's save (which sanitizes again), and each export format. Each vector is also
// handed to the archive and the exports raw, as a hostile store or an older, less careful version might hold it,
// so the final sanitizing is tested on its own and not only after the extractor's cleaning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { parseHtml } from '../../src/cli/parse-html';
import type { Article } from '../../src/core/article';
import { extractArticle } from '../../src/core/extract';
import { normalizeSpace } from '../../src/core/text-measures';
import { epubExport } from '../../src/export/epub';
import type { ExportItem } from '../../src/export/export-item';
import { markdownExport } from '../../src/export/markdown';
import { textExport } from '../../src/export/plain-text';
import { standaloneHtml } from '../../src/export/standalone-html';
import { AUDIT_FUNCTION, type AuditOptions } from '../support/xss/audit';
import { hostilePage, sentinel, TEMPLATE_PARAGRAPHS, TEMPLATE_TITLE } from '../support/xss/hostile-page';
import { BROWSER_PAGES } from '../support/xss/browser-pages';
import { CANARY_HOSTS, VECTORS, type Vector } from '../support/xss/vectors';
import { fetchedFor, freshArchive } from '../support/archive';
import { inspectEpub } from '../support/epub';
import { activeMarkup, renderedText } from '../support/markdown-render';
import { exportWindow, imageBytes } from '../support/export-items';

const audit = new Function(`return ${AUDIT_FUNCTION}`)() as (root: Element, options: AuditOptions) => string[];
const LAST_PARAGRAPH = normalizeSpace(TEMPLATE_PARAGRAPHS.at(-1)!);
/** The page's own host or RFI's image host: what the reader may load by itself. */
const RFI_IMAGE_SRC = /^https?:\/\/([\w-]+\.)*rfi\.fr\//;

function fragment(html: string): Element {
  const div = new JSDOM('').window.document.createElement('div');
  div.innerHTML = html;
  return div;
}

const extractions = new Map<string, Article>();

/** The vector's own page through the extractor (once: parsing RFI's full page is most of this file's time). */
function extracted(vector: Vector): Article {
  const known = extractions.get(vector.id);
  if (known) return known;
  const page = hostilePage([vector]);
  const result = extractArticle({ doc: parseHtml(page.html, page.url), url: page.url });
  assert.ok(result.ok, `${vector.id}: not extracted (${result.ok ? '' : result.reason})`);
  extractions.set(vector.id, result.article);
  return result.article;
}

/** The vector placed straight into the stored article, where its place puts it: nothing has cleaned it yet. */
function raw(base: Article, vector: Vector): Article {
  const text = (field: 'title' | 'lead' | 'byline' | 'section') => (vector.place === field ? `${base[field]}${vector.value}` : base[field]);
  return {
    ...base,
    title: text('title'),
    lead: text('lead'),
    byline: text('byline'),
    section: text('section'),
    tags: vector.place === 'tags' ? [...base.tags, vector.value] : base.tags,
    heroImage: base.heroImage && {
      ...base.heroImage,
      caption: vector.place === 'caption' ? base.heroImage.caption + vector.value : base.heroImage.caption,
      credit: vector.place === 'credit' ? base.heroImage.credit + vector.value : base.heroImage.credit,
    },
    contentHtml: `<p>${sentinel(vector.id)}</p>${vector.place === 'body' || vector.place === 'head' ? vector.value : ''}<p>${LAST_PARAGRAPH}</p>`,
  };
}

function assertClean(problems: string[], where: string): void {
  assert.deepEqual(problems, [], `${where}:\n${problems.join('\n')}`);
}

/** Attributes that never load anything: a link is the reader's choice to follow, alt and title are text. */
const TEXT_OR_LINK_ATTRIBUTES = new Set(['href', 'alt', 'title']);

/** The hosts an attribute would load from: each address of a srcset, the address of a src, or any host it names. */
function hostsLoaded(name: string, value: string): string[] {
  const hostOf = (address: string) => {
    try {
      return [new URL(address.trim(), 'https://www.rfi.fr/').hostname];
    } catch {
      return [address];
    }
  };
  if (name === 'srcset') return value.split(',').flatMap((candidate) => hostOf(candidate.trim().split(/\s+/)[0] ?? ''));
  if (['src', 'data', 'poster', 'action', 'formaction', 'background', 'ping'].includes(name)) return hostOf(value);
  return [value];
}

function assertNoCanary(html: string, where: string): void {
  // Read as the DOM, not as text: a Markdown vector quotes canary addresses in its text and inside RFI addresses.
  for (const el of Array.from(fragment(html).querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      if (TEXT_OR_LINK_ATTRIBUTES.has(attr.name)) continue;
      for (const host of CANARY_HOSTS) {
        assert.ok(!hostsLoaded(attr.name, attr.value).some((h) => h.includes(host)), `${where}: <${el.localName} ${attr.name}> loads from ${host}`);
      }
    }
  }
}

/** Standalone HTML: a clean body whose images are inlined, and a head of exactly the page's own elements. */
function checkStandaloneHtml(items: ExportItem[], expectedText: string[], where: string): void {
  const html = standaloneHtml(items, exportWindow).content;
  const doc = new JSDOM(html).window.document;
  assertClean(audit(doc.body, { allowUrls: ['^data:image/(png|jpeg|gif|webp);base64,', '^#article-\\d+$'] }), `${where} html body`);
  const head = Array.from(doc.head.children).map((el) => `${el.localName}${el.getAttribute('http-equiv') ? `[${el.getAttribute('http-equiv')}]` : ''}`);
  assert.deepEqual(head, ['meta', 'meta[Content-Security-Policy]', 'meta', 'meta', 'title', 'style'], `${where} html head`);
  assert.doesNotMatch(doc.querySelector('style')!.textContent!, /url\(|@import/i);
  assert.match(doc.querySelector('meta[http-equiv]')!.getAttribute('content')!, /default-src 'none'/);
  for (const text of expectedText) assert.ok(normalizeSpace(doc.body.textContent!).includes(text), `${where} html lacks ${text}`);
}

/** EPUB: valid, every chapter clean, each head only its title and the book's own stylesheet. */
function checkEpub(items: ExportItem[], expectedText: string[], where: string): void {
  const book = inspectEpub(epubExport(items, exportWindow).content as Uint8Array);
  assert.deepEqual(book.problems, [], `${where} epub`);
  for (const [path, doc] of book.documents) {
    const body = doc.getElementsByTagName('body')[0]!;
    assertClean(audit(body, { allowUrls: ['^\\.\\./images/[\\w.-]+$', '^text/article-\\d+\\.xhtml$'] }), `${where} ${path}`);
    const head = doc.getElementsByTagName('head')[0]!;
    assert.deepEqual(
      Array.from(head.children).map((el) => el.localName),
      ['meta', 'title', 'link'],
      `${where} ${path} head`,
    );
    assert.match(head.getElementsByTagName('link')[0]!.getAttribute('href')!, /^(\.\.\/)?style\.css$/);
  }
  assert.doesNotMatch(strFromU8(book.files['EPUB/style.css']!), /url\(|@import/i);
  const chapters = book.spine
    .slice(1)
    .map((path) => normalizeSpace(book.documents.get(path)!.documentElement.textContent!))
    .join('\n');
  for (const text of expectedText) assert.ok(chapters.includes(text), `${where} epub lacks ${text}`);
}

/** Markdown, rendered by a permissive viewer: nothing but Markdown's own elements, links to the web, RFI's images. */
function checkMarkdown(items: ExportItem[], expectedText: string[], where: string): void {
  const file = markdownExport(items, exportWindow);
  const docs =
    typeof file.content === 'string'
      ? [file.content]
      : Object.entries(unzipSync(file.content))
          .filter(([name]) => name.endsWith('.md'))
          .map(([, bytes]) => strFromU8(bytes));
  for (const md of docs)
    assert.deepEqual(
      activeMarkup(md, (src) => /^images\/[^/]+$/.test(src) || RFI_IMAGE_SRC.test(src)),
      [],
      `${where} markdown`,
    );
  const shown = normalizeSpace(docs.map(renderedText).join('\n'));
  for (const text of expectedText) assert.ok(shown.includes(text), `${where} markdown lacks ${text}`);
}

function checkText(items: ExportItem[], expectedText: string[], where: string): void {
  const text = normalizeSpace(textExport(items).content);
  for (const t of expectedText) assert.ok(text.includes(t), `${where} text lacks ${t}`);
}

/** Every format, for a selection of articles as the archive page exports it, every image saved. */
function checkExports(articles: Article[], expectedText: string[], where: string): void {
  const items = articles.map((article) => ({
    article,
    images: new Map([article.heroImage?.src, ...article.images.map((i) => i.src)].filter((s): s is string => Boolean(s)).map((src) => [src, imageBytes(src)])),
  }));
  checkStandaloneHtml(items, expectedText, where);
  checkEpub(items, expectedText, where);
  checkMarkdown(items, expectedText, where);
  checkText(items, expectedText, where);
}

test(`the hostile suite holds at least 60 vectors of every family the issue lists`, () => {
  assert.ok(VECTORS.length >= 60, `${VECTORS.length} vectors`);
  const families = new Set(VECTORS.map((v) => v.family));
  for (const family of [
    'script',
    'event handler',
    'dangerous URL',
    'tracking pixel',
    'frame and embed',
    'form',
    'base and meta',
    'remote CSS',
    'SVG',
    'MathML',
    'mutation XSS',
    'DOM clobbering',
    'metadata',
    'size',
    'markdown',
  ] as const) {
    assert.ok(families.has(family), `no ${family} vector`);
  }
  assert.equal(new Set(VECTORS.map((v) => v.id)).size, VECTORS.length);
});

/** Runs `check` on every vector and fails once, listing every vector that failed (not only the first). */
async function eachVector(check: (vector: Vector) => void | Promise<void>): Promise<void> {
  const failures: string[] = [];
  for (const vector of VECTORS) {
    try {
      await check(vector);
    } catch (err) {
      failures.push(err instanceof Error ? err.message.split('\n').slice(0, 4).join('\n') : String(err));
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${VECTORS.length} vectors got through:\n${failures.join('\n')}`);
}

test('each vector, extracted from RFI article markup, leaves an article with no active content and all its text', async () => {
  await eachVector((vector) => {
    const article = extracted(vector);
    const where = `${vector.id} (${vector.family}, ${vector.place})`;
    assertClean(audit(fragment(article.contentHtml), {}), `${where} contentHtml`);
    assertNoCanary(article.contentHtml, where);
    for (const image of [article.heroImage, ...article.images]) if (image) assert.match(image.src, RFI_IMAGE_SRC, `${where}: image from ${image.src}`);
    assert.match(article.canonicalUrl, /^https:\/\/www\.rfi\.fr\/cn\//, `${where}: canonical ${article.canonicalUrl}`);
    assert.ok(article.title.startsWith(TEMPLATE_TITLE), `${where}: title ${article.title.slice(0, 80)}`);
    if (vector.place === 'body') assert.ok(article.text.includes(sentinel(vector.id)), `${where}: its sentinel paragraph is gone`);
    assert.ok(normalizeSpace(article.text).includes(LAST_PARAGRAPH), `${where}: the article's last paragraph is gone`);
  });
});

test('each vector survives neither the archive save nor any export, extracted or stored raw', async () => {
  const { archive } = await freshArchive();
  const saved = { extracted: [] as Article[], raw: [] as Article[] };
  const expected: string[] = [LAST_PARAGRAPH];
  await eachVector(async (vector) => {
    const base = extracted(vector);
    if (vector.place === 'body') expected.push(sentinel(vector.id));
    for (const [mode, article] of [
      ['extracted', base],
      ['raw', raw(base, vector)],
    ] as const) {
      const where = `${vector.id} (${vector.family}, ${vector.place}, ${mode})`;
      // Each under its own address, so the selection exported below holds every one of them.
      const url = `${base.canonicalUrl}-${vector.id}-${mode}`;
      const { record } = await archive.save({ ...article, url, canonicalUrl: url }, fetchedFor(article));
      assertClean(audit(fragment(record.article.contentHtml), {}), `${where} archived contentHtml`);
      const text = normalizeSpace(fragment(record.article.contentHtml).textContent!);
      for (const t of vector.place === 'body' ? [sentinel(vector.id), LAST_PARAGRAPH] : [LAST_PARAGRAPH])
        assert.ok(text.includes(t), `${where}: archived text lost ${t}`);
      saved[mode].push(record.article);
    }
  });
  // One selection per mode, as the archive page exports several articles at once; a problem names its vector
  // through the canary address or sentinel it quotes.
  checkExports(saved.extracted, expected, 'extracted selection');
  checkExports(saved.raw, expected, 'raw selection');
});

test('the pages the browser test serves extract with every sentinel, in order, and nothing active', () => {
  const all = BROWSER_PAGES.flatMap((p) => p.vectors.map((v) => v.id));
  assert.equal(new Set(all).size, all.length, 'a vector is served twice');
  for (const spec of BROWSER_PAGES) {
    const page = hostilePage(spec.vectors, { url: spec.url, forBrowser: true });
    const result = extractArticle({ doc: parseHtml(page.html, page.url), url: page.url });
    assert.ok(result.ok, `${spec.url}: ${result.ok ? '' : result.reason}`);
    assertClean(audit(fragment(result.article.contentHtml), {}), spec.url);
    let at = -1;
    for (const s of page.sentinels) {
      const i = result.article.text.indexOf(s, at + 1);
      assert.ok(i > at, `${spec.url}: ${s} missing or out of order`);
      at = i;
    }
    assert.ok(normalizeSpace(result.article.text).includes(LAST_PARAGRAPH));
  }
});
