/**
 * Issue 15, "the content script is not linear on hostile pages": every walk over a page (its JSON-LD, its tree)
 * is bounded, so a hostile page gives the article it carries, or a refusal that says why, never a stack overflow
 * or minutes of work. No timing is asserted; where work can be counted, it is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { flattenTooDeep } from '../../src/cli/flatten-deep';
import { parseHtml } from '../../src/cli/parse-html';
import type { Article } from '../../src/core/article';
import { stripSiteSuffix } from '../../src/core/article-parts';
import { detect } from '../../src/core/detect';
import { cleanBody } from '../../src/core/clean-body';
import { extractArticle, extractSnapshot, paragraphsOf, type ExtractResult } from '../../src/core/extract';
import { sanitizeInPlace } from '../../src/core/sanitize';
import { INPUT_LIMITS } from '../../src/core/input-limits';
import { readPageMeta } from '../../src/core/page-meta';
import { REPO } from '../support/corpus';
import { articleCase } from '../support/page-fixtures';
import { DEEP_TEXT, HOSTILE_PAGES, hostilePage, hostileTemplate, SIBLINGS, siblingParagraph } from '../support/hostile-pages';
import { english } from '../../src/cli/english';

const fixture = articleCase('cn-article');
const URL_ = fixture.url;
const TOO_MANY_TAGS = `The page is too large to read: more than ${INPUT_LIMITS.pageTags.toLocaleString('en-US')} HTML tags.`;

/** The article of the template, whole: its metadata as RFI gives it and every paragraph, in order. */
function assertIntact(result: ExtractResult, where: string): Article {
  assert.ok(result.ok, `${where}: ${result.ok ? '' : result.reason}`);
  const a = result.article;
  const e = fixture.expect;
  assert.deepEqual(
    { title: a.title, lead: a.lead, byline: a.byline, section: a.section, tags: a.tags, publishedAt: a.publishedAt, modifiedAt: a.modifiedAt },
    { title: e.title, lead: e.lead, byline: e.byline, section: e.section, tags: e.tags, publishedAt: e.publishedAt, modifiedAt: e.modifiedAt },
    where,
  );
  const paragraphs = a.text.split('\n\n');
  let at = -1;
  for (const p of e.paragraphs) {
    const i = paragraphs.indexOf(p, at + 1);
    assert.ok(i > at, `${where}: paragraph missing or out of order: ${p}`);
    at = i;
  }
  return a;
}

const page = (name: string) => hostilePage(name).build(hostileTemplate());
/** As the reader reads a page: the document as a browser's parser would build it, extracted by the core. */
const inReader = (html: string) => extractArticle({ doc: parseHtml(html, URL_), url: URL_ });

test('every hostile page is extracted whole by the CLI path, or refused for its number of tags', () => {
  const refusedForTags = new Set([
    '40,000 JSON-LD blocks',
    'elements nested 100,000 deep',
    'noscript of 100,000 words under 500 levels',
    `${SIBLINGS.toLocaleString('en-US')} siblings`,
  ]);
  assert.equal(HOSTILE_PAGES.length, 8);
  for (const { name, build } of HOSTILE_PAGES) {
    const html = build(hostileTemplate());
    assert.ok(html.length < INPUT_LIMITS.pageChars, `${name} is read, not refused for its size`);
    const result = extractSnapshot({ html, url: URL_ }, parseHtml);
    if (refusedForTags.has(name)) {
      assert.ok(!result.ok, name);
      assert.equal(english(result.reason), TOO_MANY_TAGS, name);
    } else {
      assertIntact(result, name);
    }
  }
});

test("JSON-LD: a 300,000-item array or a megabyte of nested arrays before RFI's blocks leaves RFI's NewsArticle read", () => {
  for (const name of ['JSON-LD array of 300,000 items', 'JSON-LD of 1 MB of nested arrays']) {
    const result = extractSnapshot({ html: page(name), url: URL_ }, parseHtml);
    assertIntact(result, name);
    assert.match(english(result.detection.reason), /JSON-LD NewsArticle/, name);
  }
});

test('JSON-LD nested 100,000 deep in the NewsArticle: the block is too long to parse, and the article comes from the page', () => {
  const doc = parseHtml(page('JSON-LD nested 100,000 deep'), URL_);
  assert.equal(readPageMeta(doc).jsonLdArticle, null);
  const result = extractArticle({ doc, url: URL_ });
  assertIntact(result, 'nested JSON-LD');
  assert.doesNotMatch(english(result.detection.reason), /JSON-LD/);
  assert.match(english(result.detection.reason), /og:type article/);
});

/** RFI's template with its own NewsArticle block replaced by `ld` (written as JSON). */
function withJsonLd(ld: string): Document {
  const html = hostileTemplate().replace(
    /<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"NewsArticle".*?<\/script>/,
    `<script type="application/ld+json">${ld}</script>`,
  );
  return new JSDOM(html, { url: URL_ }).window.document;
}

/** A page of nothing but JSON-LD blocks, as many as given. */
const ldPage = (...blocks: string[]) =>
  new JSDOM(`<head>${blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join('')}</head><body><p>正文</p></body>`, { url: URL_ }).window
    .document;

test(`JSON-LD: the walk looks at ${INPUT_LIMITS.jsonLdValues.toLocaleString('en-US')} values, in the first ${INPUT_LIMITS.jsonLdBlocks} blocks, within ${INPUT_LIMITS.jsonLdChars.toLocaleString('en-US')} characters`, () => {
  const article = '{"@type":"NewsArticle","headline":"标题"}';
  // The array is the first value; the article is the value after `n` others.
  const after = (n: number) => `[${Array(n).fill('0').join(',')},${article}]`;
  assert.equal(readPageMeta(ldPage(after(INPUT_LIMITS.jsonLdValues - 2))).jsonLdType, 'NewsArticle', 'the last value within the count');
  assert.equal(readPageMeta(ldPage(after(INPUT_LIMITS.jsonLdValues - 1))).jsonLdArticle, null, 'the first value past it');
  const empty = (n: number) => Array<string>(n).fill('{}');
  assert.equal(readPageMeta(ldPage(...empty(INPUT_LIMITS.jsonLdBlocks - 1), article)).jsonLdType, 'NewsArticle', 'the last block read');
  assert.equal(readPageMeta(ldPage(...empty(INPUT_LIMITS.jsonLdBlocks), article)).jsonLdArticle, null, 'the first block not read');
  // A block longer than the characters left is skipped, and the next one is read.
  assert.equal(readPageMeta(ldPage(`"${'x'.repeat(INPUT_LIMITS.jsonLdChars)}"`, article)).jsonLdType, 'NewsArticle');
  assert.equal(readPageMeta(ldPage(`"${'x'.repeat(INPUT_LIMITS.jsonLdChars - article.length - 2)}"`, article)).jsonLdType, 'NewsArticle', 'both fit');
  assert.equal(readPageMeta(ldPage(`"${'x'.repeat(INPUT_LIMITS.jsonLdChars - article.length - 1)}"`, article)).jsonLdArticle, null, 'the second does not fit');
});

test(`page metadata is read from the first ${INPUT_LIMITS.metaElements.toLocaleString('en-US')} meta and script elements`, () => {
  const page = (before: string, n: number, last: string) =>
    new JSDOM(`<head>${before.repeat(n)}${last}</head><body><p>正文</p></body>`, { url: URL_ }).window.document;
  const og = '<meta property="og:type" content="article">';
  assert.equal(readPageMeta(page('<meta name="x" content="y">', INPUT_LIMITS.metaElements - 1, og)).ogType, 'article');
  assert.equal(readPageMeta(page('<meta name="x" content="y">', INPUT_LIMITS.metaElements, og)).ogType, '');
  const ld = '<script type="application/ld+json">{"@type":"NewsArticle"}</script>';
  assert.equal(readPageMeta(page('<script>var a;</script>', INPUT_LIMITS.metaElements - 1, ld)).jsonLdType, 'NewsArticle');
  assert.equal(readPageMeta(page('<script>var a;</script>', INPUT_LIMITS.metaElements, ld)).jsonLdArticle, null);
});

test('JSON-LD fields nested deeper than the walk goes are not read, and the page gives them instead', () => {
  const deep = (depth: number, inside: string) => `${'['.repeat(depth)}${inside}${']'.repeat(depth)}`;
  const depth = INPUT_LIMITS.jsonLdValues * 2;
  const doc = withJsonLd(
    `{"@type":["NewsArticle",${deep(depth, '"x"')}],"headline":${deep(depth, '"假标题"')},"author":${deep(depth, '{"name":"假作者"}')},"keywords":${deep(depth, '"假标签"')}}`,
  );
  const result = extractArticle({ doc, url: URL_ });
  assertIntact(result, 'deep fields');
  assert.match(english(result.detection.reason), /JSON-LD NewsArticle[,)]/);
  // Shallow, the same fields are read.
  const shallow = extractArticle({ doc: withJsonLd('{"@type":"NewsArticle","author":[[{"name":"真作者"}]],"keywords":[["真标签"]]}'), url: URL_ });
  assert.ok(shallow.ok);
  assert.equal(shallow.article.byline, '真作者');
  assert.deepEqual(shallow.article.tags, ['真标签']);
});

test('the CLI extracts the article of a saved page whose JSON-LD holds an array of 300,000 items', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rfi-hostile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'page.html');
  writeFileSync(file, page('JSON-LD array of 300,000 items'));
  const run = spawnSync(process.execPath, [join(REPO, 'bin/rfi-reader.mjs'), 'extract', file], { encoding: 'utf8', cwd: REPO });
  assert.equal(run.status, 0, run.stderr);
  const article = JSON.parse(run.stdout) as Article;
  assert.equal(article.title, fixture.expect.title);
  assert.deepEqual(article.tags, fixture.expect.tags);
  assert.ok(article.text.includes(fixture.expect.paragraphs.at(-1)!));
});

/** The reason a page whose recognised article body holds too many elements is refused with. */
function assertBodyTooLarge(result: ExtractResult, where: string): void {
  assert.ok(!result.ok, `${where} is refused`);
  assert.ok(result.detection.isArticle, `${where}: the page was recognised; only its size is refused`);
  assert.match(
    english(result.reason),
    new RegExp(`^The article body holds [\\d,]+ elements \\(the limit is ${INPUT_LIMITS.bodyElements.toLocaleString('en-US')}\\)`),
    where,
  );
}

test('elements nested 100,000 deep, as a parser that flattens them builds them: the page is refused for the size of its body, and the bottom paragraph is in the tree', () => {
  const doc = parseHtml(page('elements nested 100,000 deep'), URL_);
  assert.ok(doc.body.textContent!.includes(DEEP_TEXT));
  assertBodyTooLarge(extractArticle({ doc, url: URL_ }), 'deep elements');
});

test('a <noscript> of thousands of words under 300 levels, where scripting is off (DOMParser, jsdom), is skipped by detection', () => {
  // The hostile page's own noscript, smaller: jsdom takes seconds to build 100,000 elements 500 deep.
  const html = hostileTemplate().replace(
    /<body[^>]*>/,
    (body) => `${body}<noscript>${'<div>'.repeat(300)}${'<i>字</i>'.repeat(10_000)}${'</div>'.repeat(300)}</noscript>`,
  );
  // Unflattened, as Firefox's DOMParser builds it (extraction then refuses a tree this deep; detection reads it).
  const { document } = new JSDOM(html, { url: URL_ }).window;
  assert.equal(document.querySelector('noscript')!.getElementsByTagName('i').length, 10_000);
  const detection = detect({ doc: document, url: URL_ });
  assert.ok(detection.isArticle, english(detection.reason));
  assertIntact(inReader(html), 'noscript');
});

test('detection reads past thousands of empty elements before the first text without calling the page empty', () => {
  const html = hostileTemplate().replace(/<body[^>]*>/, (body) => `${body}${'<span></span>'.repeat(INPUT_LIMITS.emptyPageNodes * 2)}`);
  const detection = detect({ doc: new JSDOM(html, { url: URL_ }).window.document, url: URL_ });
  assert.equal(detection.kind, 'article');
  const empty = detect({
    doc: new JSDOM('<body><script>var x = 1;</script><noscript>仅无脚本时</noscript><template>模板</template> </body>', { url: URL_ }).window.document,
    url: URL_,
  });
  assert.equal(english(empty.reason), 'The page is empty: there is no text to read.');
});

test('megabyte attributes: the paragraph with a 900,000-character class is kept, the image takes the largest of its srcset', () => {
  const html = page('megabyte attributes');
  const a = assertIntact(extractSnapshot({ html, url: URL_ }, parseHtml), 'attributes');
  assert.ok(a.text.includes('长属性段落。'));
  const widest = Array.from(html.matchAll(/ (\d+)w[,"]/g), (m) => Number(m[1])).reduce((x, y) => Math.max(x, y));
  assert.ok(widest > 9_000);
  assert.equal(
    a.images.find((i) => i.alt === '长属性图片')?.src,
    `https://s.rfi.fr/media/display/9d0c55e8-e03c-11ee-9c1d-005056a90284/w:${widest}/p:16x9/x.jpg`,
  );
});

/** The document's article body, cleaned as extraction cleans it. */
function cleanedBody(doc: Document): HTMLElement {
  return cleanBody(doc.querySelector('.t-content__body')!, { baseUrl: URL_, lang: 'zh-Hans', heroIdentity: null }).root;
}

test(`${SIBLINGS.toLocaleString('en-US')} siblings in the body: refused for the size of the body; cleaning them keeps every paragraph, in order, and drops the empty ones`, () => {
  const doc = parseHtml(page(`${SIBLINGS.toLocaleString('en-US')} siblings`), URL_);
  assertBodyTooLarge(extractArticle({ doc, url: URL_ }), 'siblings');
  const clean = cleanedBody(doc);
  const paragraphs = paragraphsOf(clean);
  const first = paragraphs.indexOf(siblingParagraph(0));
  assert.ok(first >= 0);
  assert.deepEqual(
    paragraphs.slice(first, first + SIBLINGS / 2),
    Array.from({ length: SIBLINGS / 2 }, (_, i) => siblingParagraph(i)),
  );
  assert.doesNotMatch(clean.innerHTML, /<div><\/div>/);
});

test('elements the sanitizer unwraps, nested 400 deep around 5,000 paragraphs: their content is kept, and nothing is moved up level by level', () => {
  const paragraphs = Array.from({ length: 5_000 }, (_, i) => `嵌套第${i}段。`);
  const html = hostileTemplate().replace(
    '<div class="t-content__body u-clearfix">',
    (open) => `${open}${'<x-wrap><ins>'.repeat(200)}${paragraphs.map((p) => `<p>${p}</p>`).join('')}${'</ins></x-wrap>'.repeat(200)}`,
  );
  const { window } = new JSDOM(html, { url: URL_ });
  assertBodyTooLarge(extractArticle({ doc: window.document, url: URL_ }), 'unwrapped');
  // DOMPurify moves the children of an element it unwraps up one level, an insertBefore each: one per level here,
  // then the 5,000 paragraphs, each move carrying everything still below it.
  let moves = 0;
  const insertBefore = window.Node.prototype.insertBefore;
  window.Node.prototype.insertBefore = function (this: Node, ...args: Parameters<Node['insertBefore']>) {
    moves++;
    return insertBefore.apply(this, args) as never;
  };
  const clean = sanitizeInPlace(cleanedBody(window.document), window as unknown as Window);
  assert.ok(moves < 1_000, `${moves} insertBefore calls`);
  assert.ok(paragraphsOf(clean).join('\n\n').includes(paragraphs.join('\n\n')));
  assert.doesNotMatch(clean.innerHTML, /<x-wrap|<ins/);
});

test("a title that is a megabyte of white space costs its length: RFI's suffix is looked for at its end only", () => {
  assert.equal(stripSiteSuffix(`标题${'\u3000'.repeat(1_000_000)}正文 - 法广 - RFI`), `标题${'\u3000'.repeat(1_000_000)}正文`);
  const feed = `<!--1700000000000-->\n[标题${'\u3000 '.repeat(400_000)}正文 - 法广 - RFI](https://www.rfi.fr/cn/中国/20231114-x)\n------\n\n<div>14/11/2023 - 10:00</div><p><strong>导语。</strong></p><div><p>正文段落。</p></div>`;
  const result = extractSnapshot({ html: feed, url: '' }, parseHtml);
  assert.ok(result.ok, result.ok ? '' : english(result.reason));
  assert.equal(result.article.title, '标题 正文');
});

test('flattening a page for jsdom keeps <noscript> markup as jsdom reads it, so nothing after it is swallowed', () => {
  const html = `<body><noscript><p title="</noscript><b>">无脚本</p></noscript>${'<div>'.repeat(600)}深处${'</div>'.repeat(600)}<p>其后的段落</p></body>`;
  const flattened = new JSDOM(flattenTooDeep(html)).window.document;
  assert.equal(flattened.querySelector('noscript')!.textContent, '无脚本');
  assert.ok(flattened.body.textContent!.endsWith('深处其后的段落'));
});
