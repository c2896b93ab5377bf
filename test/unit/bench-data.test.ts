import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { parseHtml } from '../../src/cli/parse-html';
import { extractSnapshot } from '../../src/core/extract';
import { isStoredRef } from '../../src/archive/records';
import { articleSource, benchArticle, benchQueries, WITH_IMAGES, writePart, type ArticleSource } from '../../scripts/bench-archive-data';
import { FIRST_ARTICLE, writeMirror } from '../../scripts/bench-mirror-data';
import { freshArchive } from '../support/archive';

// The archive bench's figures are only worth what its data is: an archive the import takes whole, and counts of
// what each query finds that agree with the archive's own search.

let source: ArticleSource;
let dir: string;
before(async () => {
  source = await articleSource();
  dir = await mkdtemp(join(tmpdir(), 'rfi-bench-data-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('a bench backup across the last articles with images imports whole, and each query finds what the bench expects', async () => {
  const path = join(dir, 'part.zip');
  const [from, to] = [WITH_IMAGES - 4, WITH_IMAGES + 4];
  const queries = benchQueries(source, 40);
  const facts = writePart(path, from, to, source, queries);
  const { archive } = await freshArchive();
  const report = await archive.importBackup(new Uint8Array(readFileSync(path)));
  assert.equal(report.added, 8);
  for (let i = from; i < to; i++) {
    const { article } = benchArticle(i, source);
    const record = (await archive.get(article.url))!;
    assert.equal(record.article.text, article.text);
    const stored = record.images.filter(isStoredRef);
    // Saved by the reader with their images, or from a mirror import, which fetches none.
    assert.equal(stored.length, i < WITH_IMAGES ? record.images.length : 0, `article ${i}`);
    assert.ok(record.images.length > 0);
    for (const ref of stored) assert.ok((await archive.imageBlob(ref.hash))!.size >= 30_000);
  }
  assert.ok(queries.some((q) => facts.hits[q]! > 0) && queries.some((q) => facts.hits[q] === 0));
  for (const q of queries) assert.equal((await archive.search(q, { limit: 100 })).length, facts.hits[q], q);
  archive.close();
});

test('the bench mirror: RFI entries extract as the bench articles they are, other outlets and broken files do not', async () => {
  const path = join(dir, 'mirror.zip');
  const plan = { rfi: 12, republished: 3, otherOutlets: 6, notEntries: 6 };
  const editions = writeMirror(path, source, plan);
  const files = Object.entries(unzipSync(new Uint8Array(readFileSync(path)))).filter(([name]) => !name.endsWith('/'));
  assert.equal(files.filter(([name]) => name.endsWith('.md')).length, plan.rfi + plan.republished + plan.otherOutlets + plan.notEntries);
  const expected = new Map(Array.from({ length: plan.rfi }, (_, j) => benchArticle(FIRST_ARTICLE + j, source).article).map((a) => [a.url, a]));
  const seen = new Map<string, number>();
  const refused = new Map<string, number>();
  for (const [name, bytes] of files) {
    const result = extractSnapshot({ html: strFromU8(bytes), url: '' }, parseHtml);
    if (!result.ok) {
      refused.set(result.reason.key, (refused.get(result.reason.key) ?? 0) + 1);
      continue;
    }
    const article = expected.get(result.article.canonicalUrl);
    assert.ok(article, `${name}: ${result.article.canonicalUrl} is no bench article`);
    assert.equal(result.article.title, article.title);
    assert.equal(result.article.text, article.text);
    assert.equal(result.article.heroImage?.src, article.heroImage?.src);
    seen.set(article.url, (seen.get(article.url) ?? 0) + 1);
  }
  assert.equal(seen.size, plan.rfi);
  assert.equal([...seen.values()].filter((n) => n === 2).length, plan.republished);
  assert.deepEqual(Object.fromEntries(refused), { reasonNotRfi: plan.otherOutlets, reasonNoAddress: plan.notEntries });
  assert.equal(editions.cn + editions.tw, plan.rfi);
  assert.ok(editions.cn > 0 && editions.tw > 0);
});
