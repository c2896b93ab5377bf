import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ArchiveFullError } from '../../src/archive/errors';
import { parseHtml } from '../../src/cli/parse-html';
import { articleImageSources } from '../../src/core/article';
import { savePage } from '../../src/saving/save-page';
import { extractSnapshot } from '../../src/core/extract';
import { freshArchive, jpegBytes } from '../support/archive';
import { SEEDS } from '../support/corpus';
import { pageCase } from '../support/page-fixtures';
import { english } from '../../src/cli/english';

const seedText = readFileSync(join(SEEDS, '000_252142d8092668fd.txt'), 'utf8');

/** A network where pages and images are what the test says, and everything else is a 404. */
function fakeNet(routes: Record<string, () => Response>) {
  const requested: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    requested.push(url);
    const route = routes[url] ?? (url.startsWith('https://s.rfi.fr/') ? routes['image'] : undefined);
    return route ? route() : new Response('not found', { status: 404, headers: { 'content-type': 'text/html' } });
  }) as typeof fetch;
  return { fetchImpl, requested };
}

const jpeg = () => new Response(jpegBytes(1, 2048), { headers: { 'content-type': 'image/jpeg' } });

test('saving the seed keeps the article and its images; saving again updates the same record', async () => {
  const { archive } = await freshArchive();
  const net = fakeNet({ image: jpeg });
  const first = await savePage({ url: 'https://www.rfi.fr/cn/', html: seedText }, { archive, parse: parseHtml, fetch: net.fetchImpl });
  assert.ok(first.ok, JSON.stringify(first));
  assert.equal(first.created, true);
  assert.ok(first.imagesSaved >= 1);
  assert.deepEqual(first.imagesMissing, []);
  const record = await archive.get(first.url);
  assert.ok(record, 'the article is in the archive under its canonical URL');
  assert.equal(record.article.title, first.title);
  assert.equal((await archive.imagesFor(record)).size, first.imagesSaved);
  assert.deepEqual(net.requested, articleImageSources(record.article), 'exactly the article’s images were fetched, each once');

  const again = await savePage({ url: 'https://www.rfi.fr/cn/', html: seedText }, { archive, parse: parseHtml, fetch: net.fetchImpl });
  assert.ok(again.ok);
  assert.equal(again.created, false);
  assert.equal(await archive.count(), 1);
});

test('an article a page has already read is saved without reading the page again, sanitized again where it is stored', async () => {
  const { archive } = await freshArchive();
  const net = fakeNet({ image: jpeg });
  const read = extractSnapshot({ html: seedText, url: '' }, parseHtml);
  assert.ok(read.ok);
  // As an extension page could send it: what it read, with markup that must not be kept.
  const article = {
    ...read.article,
    contentHtml: `${read.article.contentHtml}<img src="x" onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">链接</a>`,
  };
  let parses = 0;
  const parse: typeof parseHtml = (html, url) => (parses++, parseHtml(html, url));
  const report = await savePage({ article }, { archive, parse, fetch: net.fetchImpl });
  assert.ok(report.ok, JSON.stringify(report));
  assert.equal(parses, 0, 'no second extraction');
  const record = (await archive.get(report.url))!;
  assert.equal(record.article.text, read.article.text);
  assert.doesNotMatch(record.article.contentHtml, /onerror|<script|javascript:/);
  assert.deepEqual(net.requested, articleImageSources(read.article));

  const foreign = await savePage(
    { article: { ...read.article, url: 'https://example.com/cn/x', canonicalUrl: 'https://example.com/cn/x' } },
    { archive, parse, fetch: net.fetchImpl },
  );
  assert.ok(!foreign.ok);
  assert.match(english(foreign.error), /example\.com/);
  assert.equal(await archive.count(), 1, 'nothing else was written');
});

test('a link is fetched, extracted and saved; an image that fails is reported and the text is kept', async () => {
  const { archive } = await freshArchive();
  const { url, html } = pageCase('cn-article');
  const net = fakeNet({ [url]: () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } }) });
  const report = await savePage({ url }, { archive, parse: parseHtml, fetch: net.fetchImpl });
  assert.ok(report.ok, JSON.stringify(report));
  assert.equal(report.imagesSaved, 0);
  assert.ok(report.imagesMissing.length >= 1, 'the 404 images are listed as missing');
  assert.ok(
    report.imagesMissing.every((m) => /404/.test(m.reason)),
    JSON.stringify(report.imagesMissing),
  );
  const record = await archive.get(report.url);
  assert.ok(record && record.article.text.length > 200, 'the text is saved without its images');
});

test('a listing page, a dead link and a full disk are refused with a reason, and the archive is untouched', async () => {
  const { archive } = await freshArchive();
  const net = fakeNet({ image: jpeg });
  const { url, html } = pageCase('cn-section');
  const section = await savePage({ url, html }, { archive, parse: parseHtml, fetch: net.fetchImpl });
  assert.equal(section.ok, false);
  assert.ok(!section.ok && english(section.error).length > 10 && !section.full);

  const dead = await savePage({ url: 'https://www.rfi.fr/cn/中国/20240101-gone' }, { archive, parse: parseHtml, fetch: net.fetchImpl });
  assert.ok(!dead.ok && /404/.test(english(dead.error)), JSON.stringify(dead));
  assert.equal(await archive.count(), 0);

  const full = { save: async () => Promise.reject(new ArchiveFullError()) };
  const report = await savePage({ url: 'https://www.rfi.fr/cn/', html: seedText }, { archive: full, parse: parseHtml, fetch: net.fetchImpl });
  assert.ok(!report.ok && report.full, JSON.stringify(report));
});
