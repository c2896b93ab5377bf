/**
 * Extraction benchmark: this project against plain Readability on the same parsed documents, in the same run.
 * Prints per-document and median times, the speed ratio, body-text recall and precision against a reference,
 * and leaked share/promo items, then checks the budgets (leaks 0, recall ≥ 0.99, precision ≥ 0.98, RFI path
 * ≥ 5× faster than Readability by median ratio).
 *
 *   npm run bench [-- folder-or-file ...]
 *
 * References: for page fixtures, the paragraphs written by hand in each one's expected.json; for feed
 * entries (the seed, the real corpus), every innermost text block of the entry's HTML after the lead — an
 * oracle that knows nothing of this project's cleaning rules, so a paragraph lost or a share label kept shows.
 */
import { Readability } from '@mozilla/readability';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseHtml } from '../src/cli/parse-html';
import { extractArticle, paragraphsOf } from '../src/core/extract';
import { parseFeedEntry, type FeedEntry } from '../src/core/feed-mirror';
import { normalizeSpace } from '../src/core/text-measures';
import { CORPUS, REPO, SEEDS, listFiles } from '../test/support/corpus';
import { leaksIn } from '../test/support/leaks';
import { isArticleCase, PAGE_FIXTURES, pageCases } from '../test/support/page-fixtures';

const RUNS = 15;
const WARMUP = 3;

interface Doc {
  id: string;
  html: string;
  url: string;
  feed: FeedEntry | null;
  reference: string[] | null;
}

function pageFixtures(): Doc[] {
  return pageCases()
    .filter(isArticleCase)
    .map((c) => ({ id: relative(REPO, join(PAGE_FIXTURES, c.name)), html: c.html, url: c.url, feed: null, reference: c.expect.paragraphs }));
}

function oracleParagraphs(feed: FeedEntry): string[] {
  const doc = parseHtml(feed.html, feed.url);
  const leadP = Array.from(doc.body.children).find((el) => el.tagName === 'P' && el.firstElementChild?.tagName === 'STRONG');
  leadP?.remove();
  // A block's own text is what it holds outside nested blocks: a list item broken by a stray `</p>` still counts.
  const BLOCK = 'P, LI, H2, H3, H4, H5, H6, BLOCKQUOTE';
  const isBlock = (n: Node) => n.nodeType === 1 && BLOCK.includes((n as Element).tagName + ',');
  return Array.from(doc.body.querySelectorAll(BLOCK))
    .filter((el) => !el.closest('figure'))
    .map((el) =>
      normalizeSpace(
        Array.from(el.childNodes)
          .filter((n) => !isBlock(n))
          .map((n) => n.textContent)
          .join(''),
      ),
    )
    .filter(Boolean);
}

function fileDocs(paths: string[]): Doc[] {
  return paths.flatMap((path): Doc[] => {
    const text = readFileSync(path, 'utf8');
    const feed = parseFeedEntry(text);
    const id = relative(REPO, path).startsWith('..') ? relative(join(CORPUS, '..'), path) : relative(REPO, path);
    if (feed) return [{ id, html: feed.html, url: feed.url, feed, reference: oracleParagraphs(feed) }];
    const doc = parseHtml(text, 'about:blank');
    const url = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
    return url ? [{ id, html: text, url, feed: null, reference: null }] : [];
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeRuns(fn: (i: number) => void): number {
  for (let i = 0; i < WARMUP; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn(WARMUP + i);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Character-weighted overlap of paragraphs, each matched at most once. */
function overlap(reference: string[], got: string[]): { recall: number; precision: number } {
  const pool = new Map<string, number>();
  for (const p of got) pool.set(p, (pool.get(p) ?? 0) + 1);
  let matched = 0;
  for (const p of reference) {
    const n = pool.get(p) ?? 0;
    if (n > 0) {
      pool.set(p, n - 1);
      matched += p.length;
    }
  }
  const refChars = reference.reduce((s, p) => s + p.length, 0);
  const gotChars = got.reduce((s, p) => s + p.length, 0);
  return { recall: refChars ? matched / refChars : 1, precision: gotChars ? matched / gotChars : refChars ? 0 : 1 };
}

const args = process.argv.slice(2);
const docs: Doc[] = args.length
  ? fileDocs(args.flatMap((a) => (statSync(a).isDirectory() ? listFiles(a) : [a])))
  : [...fileDocs(listFiles(SEEDS)), ...pageFixtures(), ...fileDocs(listFiles(join(CORPUS, 'rfi')))];

const fmt = (n: number, d = 2) => n.toFixed(d);
console.log(`RFI Reader extraction benchmark: ${docs.length} documents, median of ${RUNS} runs each after ${WARMUP} warm-up runs (jsdom ${process.version})`);
console.log(['document', 'ours ms', 'readab. ms', 'ratio', 'recall', 'precis.', 'R recall', 'R precis.', 'leaks', 'path'].join('\t'));

const rows = docs.map((d) => {
  const doc = parseHtml(d.html, d.url);
  const copies = Array.from({ length: WARMUP + RUNS }, () => doc.cloneNode(true) as Document);
  let ours: ReturnType<typeof extractArticle> | null = null;
  const oursMs = timeRuns(() => {
    ours = extractArticle({ doc, url: d.url, feed: d.feed });
  });
  let readable: ReturnType<Readability['parse']> = null;
  const readabilityMs = timeRuns((i) => {
    readable = new Readability(copies[i]!).parse();
  });
  const result = ours as ReturnType<typeof extractArticle> | null;
  const article = result?.ok ? result.article : null;
  const got = article ? article.text.split('\n\n').filter(Boolean) : [];
  const readableHtml = (readable as ReturnType<Readability['parse']>)?.content;
  const rParagraphs = readableHtml ? paragraphsOf(parseHtml(`<body>${readableHtml}`, d.url).body) : [];
  const ref = d.reference;
  const mine = ref ? overlap(ref, got) : null;
  const theirs = ref ? overlap(ref, rParagraphs) : null;
  const leaks = article ? leaksIn(article) : [];
  const row = {
    id: d.id,
    oursMs,
    readabilityMs,
    ratio: readabilityMs / oursMs,
    mine,
    theirs,
    leaks,
    path: article?.extractedBy ?? `refused: ${result && !result.ok ? result.reason : '?'}`,
  };
  console.log(
    [
      d.id.slice(0, 48),
      fmt(oursMs),
      fmt(readabilityMs),
      `${fmt(row.ratio, 1)}×`,
      mine ? fmt(mine.recall, 3) : 'n/a',
      mine ? fmt(mine.precision, 3) : 'n/a',
      theirs ? fmt(theirs.recall, 3) : 'n/a',
      theirs ? fmt(theirs.precision, 3) : 'n/a',
      leaks.length ? leaks.join(',') : '0',
      row.path,
    ].join('\t'),
  );
  return row;
});

const withRef = rows.filter((r) => r.mine);
const rfiRows = rows.filter((r) => r.path === 'rfi');
const minRecall = Math.min(...withRef.map((r) => r.mine!.recall));
const minPrecision = Math.min(...withRef.map((r) => r.mine!.precision));
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const totalLeaks = rows.reduce((s, r) => s + r.leaks.length, 0);
const medianRatio = median(rfiRows.map((r) => r.ratio));
console.log('');
console.log(`median time: ours ${fmt(median(rows.map((r) => r.oursMs)))} ms, Readability ${fmt(median(rows.map((r) => r.readabilityMs)))} ms`);
console.log(
  `RFI path: ${rfiRows.length} documents, median speed ratio ${fmt(medianRatio, 1)}× (min ${fmt(Math.min(...rfiRows.map((r) => r.ratio)), 1)}×, max ${fmt(Math.max(...rfiRows.map((r) => r.ratio)), 1)}×)`,
);
console.log(
  `recall: min ${fmt(minRecall, 3)}, mean ${fmt(meanOf(withRef.map((r) => r.mine!.recall)), 3)} (Readability: mean ${fmt(meanOf(withRef.map((r) => r.theirs!.recall)), 3)}) over ${withRef.length} documents with a reference`,
);
console.log(
  `precision: min ${fmt(minPrecision, 3)}, mean ${fmt(meanOf(withRef.map((r) => r.mine!.precision)), 3)} (Readability: mean ${fmt(meanOf(withRef.map((r) => r.theirs!.precision)), 3)})`,
);
console.log(`leaked share/promo items: ${totalLeaks}`);
const budgets: [string, boolean][] = [
  ['leaks = 0', totalLeaks === 0],
  ['recall ≥ 0.99 (every document)', minRecall >= 0.99],
  ['precision ≥ 0.98 (every document)', minPrecision >= 0.98],
  ['RFI path ≥ 5× faster than Readability (median ratio)', medianRatio >= 5],
];
for (const [name, ok] of budgets) console.log(`budget ${ok ? 'PASS' : 'FAIL'}: ${name}`);
process.exitCode = budgets.every(([, ok]) => ok) ? 0 : 1;
