import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { wrap } from 'idb';
import { openArchive } from '../../src/archive/archive';
import { DB_NAME, type ArchiveDb } from '../../src/archive/schema';
import { SearchIndex } from '../../src/archive/search-index';
import { storeSlices } from '../../src/archive/store-slices';
import { foldForSearch } from '../../src/archive/search-text';
import type { SearchText } from '../../src/archive/records';
import { parseHtml } from '../../src/cli/parse-html';
import { loadToTraditional } from '../../src/core/chinese-script';
import { extractSnapshot } from '../../src/core/extract';
import { corpusAvailable, corpusEntries } from '../support/corpus';
import { freshArchive, manualClock, seedArticle, testWindow, variant } from '../support/archive';

test('a query in traditional finds simplified text and the other way round', async () => {
  const { archive } = await freshArchive();
  const toTraditional = await loadToTraditional();
  const simplified = variant(1);
  const seed = seedArticle();
  const traditional = variant(2, { lang: 'zh-Hant', title: toTraditional(seed.title), lead: toTraditional(seed.lead), text: toTraditional(seed.text) });
  await archive.save(simplified, []);
  await archive.save(traditional, []);
  assert.notEqual(traditional.title, simplified.title.replace(/ 1$/, ' 2'));
  const both = [traditional.canonicalUrl, simplified.canonicalUrl];
  assert.deepEqual(await archive.search('习近平 核心利益'), both);
  assert.deepEqual(await archive.search('習近平 核心利益'), both);
  assert.deepEqual(await archive.search(toTraditional('经济合作')), both);
});

test('every term must occur as written: no match on single shared characters, case and width folded', async () => {
  const { archive } = await freshArchive();
  const a = variant(3, { title: '默认设置与ＡＰＥＣ峰会', lead: '', text: 'Macron 访华' });
  await archive.save(a, []);
  assert.deepEqual(await archive.search('默认'), [a.canonicalUrl]);
  assert.deepEqual(await archive.search('默想'), []);
  assert.deepEqual(await archive.search('apec'), [a.canonicalUrl]);
  assert.deepEqual(await archive.search('MACRON　访华'), [a.canonicalUrl]);
  assert.deepEqual(await archive.search('macron 峰会 不存在'), []);
  // Title and body are separate lines: a phrase does not match across them.
  assert.deepEqual(await archive.search('峰会macron'), []);
});

test('search filters by section and save time, keeps the limit, and follows saves and deletions', async () => {
  const clock = manualClock();
  const { archive } = await freshArchive(clock.now);
  const urls: string[] = [];
  for (let n = 0; n < 6; n++) {
    clock.advance();
    const a = variant(10 + n, { section: n < 3 ? '中国' : '法国' });
    urls.push(a.canonicalUrl);
    await archive.save(a, []);
  }
  assert.deepEqual(await archive.search('习近平'), [...urls].reverse());
  assert.deepEqual(await archive.search('习近平', { limit: 2 }), [urls[5], urls[4]]);
  assert.deepEqual(await archive.search('习近平', { section: '中国' }), [urls[2], urls[1], urls[0]]);
  const t1 = (await archive.get(urls[1]!))!.savedAt;
  assert.deepEqual(await archive.search('习近平', { from: t1, to: t1 + 2000 }), [urls[3], urls[2], urls[1]]);
  // The index is loaded now; later writes update it without a reload.
  await archive.save(variant(10, { section: '法国', title: '新的题目', url: urls[0]!, canonicalUrl: urls[0]! }), []);
  assert.deepEqual(await archive.search('新的题目'), [urls[0]]);
  assert.deepEqual(await archive.search('习近平', { section: '中国' }), [urls[2], urls[1]]);
  await archive.delete([urls[5]!]);
  assert.equal((await archive.search('习近平')).includes(urls[5]!), false);
});

test('a write made by another context reaches this one when told', async () => {
  const { archive, idb } = await freshArchive();
  const other = await openArchive({ indexedDB: idb, window: testWindow });
  assert.deepEqual(await archive.search('习近平'), []);
  const a = variant(30);
  await other.save(a, []);
  assert.deepEqual(await archive.search('习近平'), []);
  await archive.syncSearch([a.canonicalUrl]);
  assert.deepEqual(await archive.search('习近平'), [a.canonicalUrl]);
  await other.delete([a.canonicalUrl]);
  await archive.syncSearch([a.canonicalUrl]);
  assert.deepEqual(await archive.search('习近平'), []);
});

test('a removed text is no longer found, and a new text in its freed slot is', () => {
  const text = (url: string, body: string, savedAt: number) => ({ url, title: '', lead: '', text: body, section: '', savedAt });
  const index = new SearchIndex([text('a', '马克龙访问北京', 1), text('b', '乌克兰战争', 2)]);
  assert.deepEqual(index.search('访问北京'), ['a']);
  index.remove(['a']);
  assert.deepEqual(index.search('访问北京'), []);
  index.upsert(text('c', '拜登會見習近平', 3));
  assert.deepEqual(index.search('会见习近平'), ['c']);
  assert.deepEqual(index.search('马克龙'), []);
  index.upsert(text('b', '停火谈判', 4));
  assert.deepEqual(index.search('乌克兰'), []);
  assert.deepEqual(index.search(''), ['b', 'c']);
  assert.equal(index.size, 2);
});

test('the index built from slices as they arrive answers as the one built at once', async () => {
  const text = (n: number, body: string) => ({
    url: `https://www.rfi.fr/cn/x/${n}`,
    title: `题${n}`,
    lead: '',
    text: body,
    section: n % 2 ? '中国' : '国际',
    savedAt: 1000 - (n % 4),
  });
  const texts = ['马克龙访问北京', '乌克兰战争', '拜登會見習近平', '停火谈判', '习近平访问莫斯科', '台灣選舉'].map((body, n) => text(n, body));
  async function* slices() {
    for (let at = 0; at < texts.length; at += 4) yield texts.slice(at, at + 4);
  }
  const sliced = await SearchIndex.load(slices());
  const whole = new SearchIndex(texts);
  for (const query of ['访问', '習近平', '台湾选举', '题', '战争 乌克兰', '没有']) {
    for (const options of [{}, { section: '中国' }, { limit: 2 }])
      assert.deepEqual(sliced.search(query, options), whole.search(query, options), `${query} ${JSON.stringify(options)}`);
  }
  assert.equal(sliced.size, texts.length);
});

test('a store read in slices gives every record once, in key order, and no empty slice', async () => {
  const { archive, idb } = await freshArchive();
  archive.close();
  const db = wrap(
    await new Promise<IDBDatabase>((resolve) => {
      const request = idb.open(DB_NAME);
      request.onsuccess = () => resolve(request.result);
    }),
  ) as unknown as ArchiveDb;
  const sizes = async (size: number) => {
    const got: string[][] = [];
    for await (const slice of storeSlices(db, 'search', size)) got.push(slice.map((s) => s.url));
    return got;
  };
  assert.deepEqual(await sizes(3), []);
  const urls = [5, 1, 7, 3, 2, 6, 4].map((n) => `https://www.rfi.fr/cn/x/${n}`);
  for (const url of urls) await db.put('search', { url, title: '', lead: '', text: url, section: '', savedAt: 1 });
  const sorted = [...urls].sort();
  assert.deepEqual(await sizes(3), [sorted.slice(0, 3), sorted.slice(3, 6), sorted.slice(6)]);
  assert.deepEqual(await sizes(7), [sorted]);
  assert.deepEqual(await sizes(100), [sorted]);
  db.close();
});

/** Realistic paragraphs: the seed and the real RFI entries beside the repository, each folded once. */
function corpusParagraphs(): { raw: string[]; folded: string[] } {
  const articles = [seedArticle()];
  if (corpusAvailable) {
    for (const { path } of corpusEntries('rfi')) {
      const r = extractSnapshot({ html: readFileSync(path, 'utf8'), url: '' }, parseHtml);
      if (r.ok) articles.push(r.article);
    }
  }
  const raw = articles.flatMap((a) => [a.title, a.lead, ...a.text.split(/\n\n+/)]).filter((p) => p.length > 8);
  return { raw, folded: raw.map(foldForSearch) };
}

test('10,000 articles of about 3,000 characters: median and p95 query time in Node', (t) => {
  const { raw, folded } = corpusParagraphs();
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const texts: SearchText[] = [];
  for (let n = 0; n < 10_000; n++) {
    const parts: string[] = [];
    for (let len = 0; len < 3000;) {
      const p = folded[Math.floor(random() * folded.length)]!;
      parts.push(p);
      len += p.length;
    }
    texts.push({
      url: `https://www.rfi.fr/cn/x/2024-${n}`,
      title: '',
      lead: '',
      text: parts.join('\n'),
      section: n % 7 ? '中国' : '国际',
      savedAt: 1_700_000_000_000 + n * 60_000,
    });
  }
  const built = performance.now();
  const index = new SearchIndex(texts);
  const buildMs = performance.now() - built;
  const chars = texts.reduce((s, x) => s + x.text.length, 0);

  // Queries a reader types: words from the texts (frequent and rare), two terms, traditional forms, and misses.
  const words = raw.flatMap((p) => p.match(/[\u4e00-\u9fff]{2,4}/g) ?? []);
  const queries: string[] = [];
  for (let i = 0; i < 150; i++) queries.push(words[Math.floor(random() * words.length)]!);
  for (let i = 0; i < 50; i++) queries.push(`${words[Math.floor(random() * words.length)]} ${words[Math.floor(random() * words.length)]}`);
  queries.push('習近平', '烏克蘭 戰爭', '不存在的词语', '台湾 核心利益 拜登', 'zzzz');
  // Misses scan the most: every text that the prefilter lets through is read to the end.
  for (let i = 0; i < 20; i++) queries.push(`不存在${i}`);

  // Each query three times, keeping its fastest run: the machine is shared, and what is measured is the search.
  const times = queries.map(() => Infinity);
  let hits = 0;
  for (let round = 0; round < 3; round++) {
    queries.forEach((q, i) => {
      const started = performance.now();
      const found = index.search(q, { limit: 50 }).length;
      times[i] = Math.min(times[i]!, performance.now() - started);
      if (round === 0) hits += found;
    });
  }
  // The prefilter never loses a match: the same answers as a plain scan of every text.
  const plain = (q: string) => {
    const terms = q.split(' ').map(foldForSearch);
    return texts
      .filter((x) => terms.every((term) => x.text.includes(term)))
      .sort((a, b) => b.savedAt - a.savedAt)
      .slice(0, 50)
      .map((x) => x.url);
  };
  for (const q of queries.filter((_, i) => i % 15 === 0)) assert.deepEqual(index.search(q, { limit: 50 }), plain(q), q);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p95 = times[Math.floor(times.length * 0.95)]!;
  const worst = times.at(-1)!;
  t.diagnostic(
    `search over ${texts.length} articles, ${(chars / texts.length).toFixed(0)} chars each (${(chars / 1e6).toFixed(1)} M chars): ${times.length} queries, median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, worst ${worst.toFixed(2)} ms; ${hits} hits; index built in ${buildMs.toFixed(0)} ms`,
  );
  assert.ok(hits > 0);
  assert.deepEqual(index.search('習近平'), index.search('习近平'));
  assert.ok(p95 < 50, `p95 ${p95.toFixed(1)} ms is over the 50 ms budget`);
});
