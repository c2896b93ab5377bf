import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { flattenTooDeep } from '../../src/cli/flatten-deep';
import { parseHtml } from '../../src/cli/parse-html';
import { extractArticle, extractSnapshot } from '../../src/core/extract';
import { INPUT_LIMITS } from '../../src/core/input-limits';
import { pageCase } from '../support/page-fixtures';
import { EXTREMES, extremeDocuments, fuzzDocuments, fuzzSources, insanity, runExtraction, type FuzzDoc, type FuzzRun } from '../support/fuzz';
import { english } from '../../src/cli/english';

/** Set FUZZ_SEED to replay a failure; the seed is printed with every failing document. */
const SEED = Number(process.env.FUZZ_SEED ?? 20240312);
const DOCUMENTS = 300;
/** Safety nets in CPU time, not timings: a hang or a quadratic blow-up passes them by orders of magnitude. */
const BOUND_MS = 2_000;
/**
 * The extreme pages take under a second of CPU each once the walks are bounded (`npm run fuzz` prints them; the
 * 10,000-deep one took 10 s before); the net leaves room for a machine that others' tests load.
 */
const EXTREME_BOUND_MS = 10_000;

/** What went wrong with one document's run, each line naming the document so that it can be replayed. */
function failuresOf(doc: FuzzDoc, run: FuzzRun, boundMs: number): string[] {
  if (run.error) return [`${doc.label}: threw ${String((run.error as Error).stack ?? run.error)}`];
  const problems = insanity(run.result!);
  if (run.cpuMs > boundMs) problems.push(`took ${Math.round(run.cpuMs)} ms of CPU (bound ${boundMs})`);
  return problems.map((p) => `${doc.label}: ${p}`);
}

test(`${DOCUMENTS} mutated RFI pages: each gives a sane article or an explained refusal, never an error, within ${BOUND_MS} ms`, () => {
  const failures: string[] = [];
  const sources = fuzzSources();
  // The sources include listings and other sites (refused whole or damaged); the share that stays readable is
  // counted over damaged articles only, so it means the same with or without the real corpus beside the clone.
  const articles = new Set(sources.filter((s) => extractSnapshot({ html: s.text, url: s.url }, parseHtml).ok).map((s) => s.id));
  const fromArticles = { articles: 0, refusals: 0 };
  let refusals = 0;
  for (const doc of fuzzDocuments(sources, DOCUMENTS, SEED)) {
    const run = runExtraction(doc);
    if (run.result && !run.result.ok) refusals++;
    if (run.result && articles.has(doc.source)) fromArticles[run.result.ok ? 'articles' : 'refusals']++;
    failures.push(...failuresOf(doc, run, BOUND_MS));
  }
  assert.deepEqual(failures, []);
  // Most damage leaves an article readable; a damaged address or a page cut before its body is refused.
  assert.ok(fromArticles.articles > (fromArticles.articles + fromArticles.refusals) / 2, JSON.stringify(fromArticles));
  assert.ok(refusals > 0);
});

test('a 10 MB page is refused before parsing, with its size in the reason', () => {
  const [tenMegabytes] = [...extremeDocuments(fuzzSources())].filter((d) => d.mutation === '10 MB page');
  assert.ok(Buffer.byteLength(tenMegabytes!.text) >= 10 * 1024 * 1024);
  const run = runExtraction(tenMegabytes!);
  assert.equal(run.error, null);
  assert.ok(run.result && !run.result.ok);
  assert.match(english(run.result.reason), /^The page is too large to read: 3,\d{3},\d{3} characters of HTML \(the limit is 2,000,000\)\.$/);
  assert.ok(run.cpuMs < 10_000, `${run.cpuMs} ms`);
});

test('a page over a limit is refused with the figure that is over it; one at every limit is read', () => {
  const docs = new Map([...extremeDocuments(fuzzSources())].map((d) => [d.mutation, d]));
  const refused = (name: string, reason: RegExp) => {
    const run = runExtraction(docs.get(name)!);
    assert.ok(run.result && !run.result.ok, `${name}: ${String(run.error ?? 'read')}`);
    assert.match(english(run.result.reason), reason, name);
    assert.ok(run.cpuMs < EXTREME_BOUND_MS, `${name}: ${run.cpuMs} ms`);
  };
  refused('5,000 images', /^The page is too large to read: more than 8,000 HTML tags\.$/);
  refused('nesting 10,000 deep', /^The page is too large to read: more than 8,000 HTML tags\.$/);
  refused('images over the image limit', /^The article body holds 1,00\d images \(the limit is 1,000\)/);

  const read = (name: string) => {
    const run = runExtraction(docs.get(name)!);
    assert.ok(run.result?.ok, `${name}: ${String(run.error ?? (run.result && !run.result.ok && english(run.result.reason)))}`);
    assert.deepEqual(insanity(run.result), [], name);
    assert.ok(run.cpuMs < EXTREME_BOUND_MS, `${name}: ${run.cpuMs} ms`);
    return run.result.article;
  };
  assert.match(read('nesting 1,000 deep').text, /深处的一段文字。/, 'the text at the bottom of the nesting is kept');
  assert.ok(read('paragraphs up to the body limit, tags up to the page limit').text.split('\n\n').length > 1_300);
  assert.ok(read('images with captions up to the body limit').images.length > 400);
  assert.deepEqual(Object.keys(EXTREMES), [
    '10 MB page',
    '5,000 images',
    'nesting 10,000 deep',
    'nesting 1,000 deep',
    'tags up to the page limit, outside the body',
    'paragraphs up to the body limit',
    'paragraphs up to the body limit, tags up to the page limit',
    'images with captions up to the body limit',
    'images over the image limit',
  ]);
});

/** The number of element levels under `root`, counted without recursion. */
function depthOf(root: Element): number {
  let max = 0;
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [el, d] = stack.pop()!;
    max = Math.max(max, d);
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push([c, d + 1]);
  }
  return max;
}

test('the Node parser flattens nesting beyond 512 levels as Chromium does, keeping every text, and leaves other pages as they are', () => {
  const page = pageCase('cn-article').html;
  assert.equal(flattenTooDeep(page), page);
  const html = `<body>${'<div>'.repeat(3000)}<p>第一段</p><span>第二段</span>${'</div>'.repeat(3000)}<p>尾段</p></body>`;
  const doc = parseHtml(html, 'https://www.rfi.fr/cn/');
  assert.ok(depthOf(doc.documentElement) <= INPUT_LIMITS.depth, String(depthOf(doc.documentElement)));
  assert.equal(doc.body.textContent, '第一段第二段尾段');
});

test('a document nested deeper than 512 levels (as Firefox can build) is refused by the core with the reason', () => {
  const page = pageCase('cn-article').html;
  const url = 'https://www.rfi.fr/cn/中国/20240312-test';
  const { document } = new JSDOM(page, { url }).window;
  let at: Element = document.querySelector('.t-content__body')!;
  for (let i = 0; i < INPUT_LIMITS.depth + 10; i++) at = at.appendChild(document.createElement('div'));
  at.textContent = '深处';
  const result = extractArticle({ doc: document, url });
  assert.ok(!result.ok);
  assert.equal(english(result.reason), 'The page is broken: its elements are nested more than 512 levels deep.');
  assert.ok(result.detection.isArticle, 'the page was recognised; only its shape is refused');
});

test('a feed entry whose address was damaged in transit is refused, not thrown', () => {
  const text = '<!--1684935901000-->\n[标题](https://w\uFFFDw.rfi.fr/cn/中国/20230429-x)\n------\n\n<p>正文</p>';
  const result = extractSnapshot({ html: text, url: '' }, parseHtml);
  assert.ok(!result.ok);
  assert.match(english(result.reason), /Not a web address/);
});

test('a mangled page whose doctype has a name no DOM can create is refused with a reason, not thrown', () => {
  // A control character inside the doctype's name, as UTF-8 read as latin1 and then damaged makes it: the HTML
  // parser keeps it; jsdom refuses to copy it, and Readability reads a copy.
  const html = '<!DOCTYPE html\u001e><html><head><title>x</title></head><body><div><p>正文一段。</p></div></body></html>';
  const result = extractSnapshot({ html, url: 'https://www.rfi.fr/cn/中国/20240601-x' }, parseHtml);
  assert.ok(!result.ok);
  assert.equal(result.reason.key, 'reasonNoBody');
});
