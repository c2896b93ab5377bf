import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { strFromU8 } from 'fflate';
import { spawnSync } from 'node:child_process';
import type { Article } from '../../src/core/article';
import { BIN, cli, cliBytes, cliBytesIn, scratchDir, SEED } from '../support/cli';
import { SEEDS } from '../support/corpus';
import { epubcheck, inspectEpub } from '../support/epub';
import { missingParagraphs } from '../support/export-items';
import { articleCase, pageCases } from '../support/page-fixtures';

const CASES = pageCases();
const NON_ARTICLES = CASES.filter((c) => c.expect.kind !== 'article').map((c) => c.name);

/** Every page fixture as a saved page of its own (derived ones included), in a folder beside nothing else. */
function fixturePages(dir: string): string {
  const folder = join(dir, 'pages');
  mkdirSync(folder);
  for (const c of CASES) writeFileSync(join(folder, `${c.name}.html`), c.html);
  return folder;
}

/** What the CLI reads in the inputs, as JSON: what the book must hold. */
function articlesIn(...inputs: string[]): Article[] {
  const run = cli('extract', ...inputs);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Article[];
}

/** The one book written to `out`, by name and bytes. */
function bookIn(out: string): { name: string; bytes: Uint8Array } {
  const names = readdirSync(out);
  assert.equal(names.length, 1, `one book in ${out}: ${names.join(' ')}`);
  return { name: names[0]!, bytes: new Uint8Array(readFileSync(join(out, names[0]!))) };
}

const bodyText = (doc: Document) => doc.getElementsByTagName('body')[0]!.textContent ?? '';
const toSeconds = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('the page fixtures and the seeds become one valid book: every article in date order, the rest reported and skipped', (t) => {
  const dir = scratchDir(t);
  const pages = fixturePages(dir);
  const articles = articlesIn(pages, SEEDS);
  const out = join(dir, 'out');
  const run = cli('extract', pages, SEEDS, '--format', 'epub', '--out', out);
  assert.equal(run.status, 0, run.stderr);

  // Each page that is not an article gets its one line, and only those do.
  const refusals = run.stderr.split('\n').filter((line) => line.includes('not an RFI Chinese article'));
  assert.equal(refusals.length, NON_ARTICLES.length, run.stderr);
  for (const name of NON_ARTICLES) assert.equal(refusals.filter((line) => line.includes(`/${name}.html: `)).length, 1, `${name}: ${run.stderr}`);
  assert.match(run.stderr, new RegExp(`${CASES.length + 1} files: ${articles.length} extracted, ${NON_ARTICLES.length} refused, 0 failed`));

  const { name, bytes } = bookIn(out);
  assert.equal(name, `rfi-${articles.length}-articles.epub`);
  const book = inspectEpub(bytes);
  assert.deepEqual(book.problems, []);

  // Oldest first, the same instant by address: the seed (2023) opens the book, cn-article's renamed copy of the
  // same minute follows it, and the order is not the order the files were read in.
  const expected = [...articles].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.canonicalUrl < b.canonicalUrl ? -1 : 1));
  assert.notDeepEqual(
    expected.map((a) => a.canonicalUrl),
    articles.map((a) => a.canonicalUrl),
  );
  assert.deepEqual(
    book.toc.map((entry) => entry.title),
    expected.map((a) => a.title),
  );
  assert.equal(book.toc[0]!.title, '习近平承诺有力支持俄罗斯"核心利益"');
  assert.deepEqual(
    book.toc.map((entry) => entry.path),
    book.spine.slice(1),
  );
  book.spine.slice(1).forEach((path, i) => {
    const doc = book.documents.get(path)!;
    assert.equal(doc.getElementsByTagName('h1')[0]?.textContent, expected[i]!.title, path);
    assert.equal(doc.getElementsByTagName('time')[0]?.getAttribute('datetime'), expected[i]!.publishedAt, path);
    assert.deepEqual(missingParagraphs(expected[i]!, bodyText(doc)), [], path);
  });
  // The Chinese of both scripts is in the XHTML as written, not as escapes or mojibake.
  const xhtml = book.spine.map((path) => strFromU8(book.files[path]!)).join('\n');
  for (const headline of ['习近平承诺有力支持俄罗斯', '台灣離岸風電進入第三階段 在地供應鏈面臨考驗', '家电以旧换新补贴落地 消费回暖仍待观察'])
    assert.ok(xhtml.includes(headline), headline);

  // No picture at all (none could be fetched, and a book may not load one from the web), but every caption.
  assert.equal(book.manifest.filter((item) => item.mediaType.startsWith('image/')).length, 0);
  assert.equal(/<img\b/.test(xhtml), false);
  const cnArticle = articleCase('cn-article').expect;
  for (const image of [cnArticle.heroImage!, ...cnArticle.images]) assert.ok(xhtml.includes(image.caption), image.caption);

  assert.equal(book.title, `RFI 华语 — ${articles.length} 篇文章`);
  assert.deepEqual(book.languages, ['zh-Hans', 'zh-Hant']);
  const newest = Math.max(
    ...articles
      .flatMap((a) => [a.publishedAt, a.modifiedAt])
      .filter(Boolean)
      .map(Date.parse),
  );
  assert.equal(book.modified, toSeconds(newest));
  assert.deepEqual(epubcheck(bytes), []);
});

test('the same inputs give the same bytes, in any order, to --out or to standard output; the identifier follows the articles', (t) => {
  const dir = scratchDir(t);
  const pages = fixturePages(dir);
  const first = join(dir, 'first');
  const second = join(dir, 'second');
  assert.equal(cli('extract', pages, SEED, '--format', 'epub', '--out', first).status, 0);
  assert.equal(cli('extract', pages, SEED, '--format', 'epub', '--out', second).status, 0);
  const book = bookIn(first).bytes;
  assert.ok(Buffer.from(bookIn(second).bytes).equals(book), 'two runs, two identical books');
  // Every file named in the opposite order: cn-article and its renamed copy, published the same minute, come in
  // the other way round.
  const files = readdirSync(pages).map((name) => join(pages, name));
  const reversed = cliBytes('extract', SEED, ...files.reverse(), '--format', 'epub');
  assert.equal(reversed.status, 0, reversed.stderr.toString());
  assert.ok(reversed.stdout.equals(book), 'the inputs in another order, written to standard output');
  for (const tz of ['Asia/Shanghai', 'America/Los_Angeles']) {
    assert.ok(cliBytesIn(tz, 'extract', pages, SEED, '--format', 'epub').stdout.equals(book), `the same book made in ${tz}`);
  }

  // The same articles with one corrected and redated (so it moves in the book) stay the same book, a newer
  // edition of it; other articles are another book.
  const corrected = join(dir, 'corrected.txt');
  writeFileSync(
    corrected,
    readFileSync(SEED, 'utf8').replace('中国国家主席习近平', '中国国家主席习近平（更正）').replace('24/05/2023 - 15:19', '24/05/2025 - 15:19'),
  );
  const edition = cliBytes('extract', pages, corrected, '--format', 'epub').stdout;
  const without = cliBytes('extract', pages, '--format', 'epub').stdout;
  const identifier = inspectEpub(book).identifier;
  assert.equal(inspectEpub(edition).identifier, identifier);
  assert.equal(inspectEpub(edition).toc.at(-1)?.title, '习近平承诺有力支持俄罗斯"核心利益"');
  assert.equal(inspectEpub(edition).modified, '2025-05-24T13:19:00Z');
  assert.notEqual(inspectEpub(without).identifier, identifier);
});

test('a book of traditional articles is titled in traditional; a book of one article keeps its headline', (t) => {
  const dir = scratchDir(t);
  const tw = articleCase('tw-article');
  const one = join(dir, 'tw-article.html');
  const other = join(dir, 'tw-article-2.html');
  writeFileSync(one, tw.html);
  // The same page at another address: a second traditional article.
  writeFileSync(other, tw.html.split(tw.url).join(`${tw.url}-2`));

  const two = inspectEpub(cliBytes('extract', one, other, '--format', 'epub').stdout);
  assert.deepEqual(two.problems, []);
  assert.equal(two.title, 'RFI 華語 — 2 篇文章');
  assert.deepEqual(two.languages, ['zh-Hant']);
  assert.equal(two.documents.get(two.spine[0]!)!.getElementsByTagName('h1')[0]?.textContent, '目錄');

  const out = join(dir, 'out');
  assert.equal(cli('extract', one, '--format', 'epub', '--out', out).status, 0);
  const single = bookIn(out);
  assert.match(single.name, /^20240415-台灣離岸風電進入第三階段-在地供應鏈面臨考驗\.epub$/);
  assert.equal(inspectEpub(single.bytes).title, tw.expect.title);
});

test('entries dated outside what a ZIP can record still make a book, dated by the other articles or the first ZIP day', (t) => {
  const dir = scratchDir(t);
  // Broken mirror entries: no date line, and a feed time in 1970 or in the year 5138, which a ZIP cannot record.
  const misdated = ['1000000000', '99999999999999'].map((feedTime) => {
    const file = join(dir, `${feedTime}.txt`);
    writeFileSync(
      file,
      readFileSync(SEED, 'utf8')
        .replace(/^<!--\d+-->/, `<!--${feedTime}-->`)
        .replace('<div>24/05/2023 - 15:19</div>', ''),
    );
    return file;
  });
  assert.deepEqual(
    articlesIn(...misdated).map((a) => a.publishedAt.slice(0, 4)),
    ['1970', '5138'],
  );
  const alone = cliBytes('extract', ...misdated, '--format', 'epub');
  assert.equal(alone.status, 0, alone.stderr.toString());
  assert.equal(inspectEpub(alone.stdout).modified, '1980-01-02T00:00:00Z');

  const withSeed = cliBytes('extract', ...misdated, SEED, '--format', 'epub');
  assert.equal(withSeed.status, 0, withSeed.stderr.toString());
  const book = inspectEpub(withSeed.stdout);
  assert.deepEqual(book.problems, []);
  assert.equal(book.modified, '2023-05-24T13:19:00Z');
});

test('an article with no date at all comes after the dated ones', (t) => {
  const dir = scratchDir(t);
  const tw = articleCase('tw-article');
  const undated = join(dir, 'undated.html');
  // Every machine date of the page made unreadable: the article has no date left.
  writeFileSync(undated, tw.html.split('2024-04-15T').join('2024-04-15x'));
  assert.equal(articlesIn(undated, SEED)[0]!.publishedAt, '');
  const book = inspectEpub(cliBytes('extract', undated, SEED, '--format', 'epub').stdout);
  assert.deepEqual(book.problems, []);
  assert.deepEqual(
    book.toc.map((entry) => entry.title),
    ['习近平承诺有力支持俄罗斯"核心利益"', tw.expect.title],
  );
});

test('a folder of 200 mirror entries becomes a book in a 128 MB heap: the batch holds one page at a time', (t) => {
  const dir = scratchDir(t);
  const seed = readFileSync(SEED, 'utf8');
  const folder = join(dir, 'mirror');
  mkdirSync(folder);
  // The seed at 200 addresses: each read page is a jsdom window of about 1.5 MB, so keeping them all would not fit.
  for (let i = 0; i < 200; i++)
    writeFileSync(
      join(folder, `${i}.txt`),
      seed.replace(/\]\((\S+?)\)/, (_, url: string) => `](${url}-${i})`),
    );
  const run = spawnSync(process.execPath, ['--max-old-space-size=128', BIN, 'extract', folder, '--format', 'epub'], { maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr.toString().slice(-2000));
  const book = inspectEpub(run.stdout);
  assert.deepEqual(book.problems, []);
  assert.equal(book.toc.length, 200);
});

test('no article among the inputs: a clear error, status 2, and no book', (t) => {
  const dir = scratchDir(t);
  const fr = join(dir, 'fr-article.html');
  writeFileSync(fr, CASES.find((c) => c.name === 'fr-article')!.html);
  const one = cliBytes('extract', fr, '--format', 'epub');
  assert.equal(one.status, 2);
  assert.equal(one.stdout.length, 0);
  assert.deepEqual(one.stderr.toString().trim().split('\n'), [
    `${fr}: not an RFI Chinese article: An RFI page of the /fr/ edition, not of RFI's Chinese service (/cn/ or /tw/).`,
    'rfi-reader: no input is an RFI Chinese article: no book written',
  ]);

  const pages = join(dir, 'pages');
  mkdirSync(pages);
  for (const name of NON_ARTICLES) writeFileSync(join(pages, `${name}.html`), CASES.find((c) => c.name === name)!.html);
  const out = join(dir, 'out');
  const batch = cli('extract', pages, '--format', 'epub', '--out', out);
  assert.equal(batch.status, 2);
  assert.match(batch.stderr, /no input is an RFI Chinese article: no book written/);
  assert.match(batch.stderr, new RegExp(`${NON_ARTICLES.length} files: 0 extracted, ${NON_ARTICLES.length} refused`));
  assert.deepEqual(readdirSync(out), []);
});
