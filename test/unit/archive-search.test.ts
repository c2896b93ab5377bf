import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { wrap } from 'idb';
import { openArchive, type Archive } from '../../src/archive/archive';
import type { Article } from '../../src/core/article';
import { DB_NAME, type ArchiveDb } from '../../src/archive/schema';
import { foldForSearch, foldedWords, queryTerms } from '../../src/archive/search-text';
import { SearchIndex } from '../../src/archive/search/query';
import { indexPending } from '../../src/archive/search/build';
import { putSearchText } from '../../src/archive/record-writes';
import { writeTransaction } from '../../src/archive/transaction';
import { prepareRecord } from '../../src/archive/prepare';
import type { SearchText } from '../../src/archive/records';
import { parseHtml } from '../../src/cli/parse-html';
import { loadToTraditional } from '../../src/core/chinese-script';
import { extractSnapshot } from '../../src/core/extract';
import { corpusAvailable, corpusEntries } from '../support/corpus';
import { backupZip, freshArchive, manualClock, pendingCount, seedArticle, storeRows, testWindow, variant, withFullDisk } from '../support/archive';

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
  archive.syncSearch();
  assert.deepEqual(await archive.search('习近平'), [a.canonicalUrl]);
  await other.delete([a.canonicalUrl]);
  archive.syncSearch();
  assert.deepEqual(await archive.search('习近平'), []);
});

/** An article of its own: a lead no other one holds (编号 n 号线索), the seed's body. */
function numbered(n: number, overrides: Partial<Article> = {}): Article {
  return variant(n, { lead: `编号${n}号线索`, section: n % 3 ? '中国' : '法国', ...overrides });
}

/** What the archive must answer: every article whose words hold each term, in the list's order (a plain scan). */
async function plainAnswer(archive: Archive, query: string): Promise<string[]> {
  const terms = queryTerms(query);
  const out: string[] = [];
  for (const url of await archive.urls()) {
    const record = (await archive.get(url))!;
    if (terms.every((t) => foldedWords(record.article).includes(t))) out.push(url);
  }
  return out;
}

const FOLLOW_QUERIES = ['编号1号', '编号7号线索', '编号70号', '号线索', '习近平', '新标题', '进口报道', '乌克兰', '不存在'];

async function assertFollows(archive: Archive, when: string): Promise<void> {
  for (const q of FOLLOW_QUERIES) assert.deepEqual(await archive.search(q, { limit: Infinity }), await plainAnswer(archive, q), `${q}, ${when}`);
}

test('the index follows save, re-save, delete, undo, import and delete everything, in segments or pending', async () => {
  const clock = manualClock();
  const { archive, idb } = await freshArchive(clock.now);
  for (let n = 1; n <= 80; n++) {
    clock.advance();
    await archive.save(numbered(n), []);
  }
  await assertFollows(archive, 'after 80 saves');
  await archive.indexPending();
  assert.equal(await pendingCount(idb), 0);
  await assertFollows(archive, 'all indexed');
  clock.advance();
  await archive.save(numbered(7, { lead: '新标题的导语' }), []);
  await assertFollows(archive, 'a re-save: its old words are gone');
  assert.deepEqual(await archive.search('编号7号线索'), []);
  const token = await archive.delete([numbered(1).canonicalUrl, numbered(70).canonicalUrl, numbered(7).canonicalUrl]);
  await assertFollows(archive, 'after a deletion');
  await archive.restore(token);
  await assertFollows(archive, 'after undo');
  assert.equal((await archive.search('编号70号')).length, 1);

  const other = await freshArchive(clock.now);
  for (const n of [5, 200, 201]) await other.archive.save(numbered(n, { title: `进口报道${n}` }), []);
  clock.advance();
  await archive.importBackup(await backupZip(other.archive));
  await assertFollows(archive, 'after an import');
  assert.equal((await archive.search('进口报道')).length, 3, 'two added, and 5 updated: its copy there is newer');
  // As a mirror import adds them: prepared records, in batches.
  const mirrored = [400, 401].map((n) => numbered(n, { title: `镜像条目${n}` }));
  await archive.addNew(
    mirrored.map((a) => prepareRecord({ url: a.canonicalUrl, article: a, savedAt: clock.now(), updatedAt: clock.now(), images: [] }, [], testWindow)),
  );
  await assertFollows(archive, 'after a mirror import');
  assert.equal((await archive.search('镜像条目')).length, 2);

  await archive.deleteEverything();
  assert.deepEqual(await archive.search('习近平'), []);
  clock.advance();
  await archive.save(numbered(300), []);
  await archive.indexPending();
  assert.deepEqual(await archive.search('习近平'), [numbered(300).canonicalUrl]);
  await assertFollows(archive, 'after delete everything and a new save');
});

test('a crash mid-write leaves the index as it was: a failed save changes no answer, a failed segment leaves its texts pending and found', async () => {
  const clock = manualClock();
  const { archive, idb } = await freshArchive(clock.now);
  for (let n = 1; n <= 70; n++) {
    clock.advance();
    await archive.save(numbered(n), []);
  }
  await archive.indexPending();
  const segments = (await storeRows(idb, 'segments')).length;
  const before = await Promise.all(FOLLOW_QUERIES.map((q) => archive.search(q)));
  await assert.rejects(withFullDisk('request fails', () => archive.save(numbered(71, { lead: '乌克兰编号71号' }), [])));
  assert.deepEqual(await Promise.all(FOLLOW_QUERIES.map((q) => archive.search(q))), before);

  for (let n = 72; n <= 75; n++) await archive.save(numbered(n), []);
  await assert.rejects(withFullDisk('put throws', () => archive.indexPending(), 'grams'));
  assert.equal(await pendingCount(idb), 4, 'the segment was never written: its texts are still pending');
  assert.equal((await storeRows(idb, 'segments')).length, segments);
  await assertFollows(archive, 'after a failed segment');
  await archive.indexPending();
  assert.equal(await pendingCount(idb), 0);
  await assertFollows(archive, 'once indexed');
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

/** `n` texts of about 3,000 characters mixed from the corpus paragraphs, deterministic. */
function mixedTexts(n: number, folded: string[]): SearchText[] {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => {
    const parts: string[] = [];
    for (let len = 0; len < 3000;) {
      const p = folded[Math.floor(random() * folded.length)]!;
      parts.push(p);
      len += p.length;
    }
    return {
      url: `https://www.rfi.fr/cn/x/2024-${i}`,
      title: parts[0]!.slice(0, 20),
      lead: '',
      text: parts.join('\n'),
      section: i % 7 ? '中国' : '国际',
      savedAt: 1_700_000_000_000 + (i % 997) * 60_000,
    };
  });
}

/** Queries a reader types: words of the texts (frequent and rare), one character, long phrases, two terms, traditional forms, Latin, misses. */
function readerQueries(raw: string[]): string[] {
  let seed = 777;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const words = raw.flatMap((p) => p.match(/[\u4e00-\u9fff]{2,4}/g) ?? []);
  const phrases = raw.flatMap((p) => p.match(/[\u4e00-\u9fff]{5,9}/g) ?? []);
  const queries: string[] = [];
  for (let i = 0; i < 60; i++) queries.push(pick(words));
  for (let i = 0; i < 20; i++) queries.push(pick(words).slice(0, 1));
  for (let i = 0; i < 30; i++) queries.push(pick(phrases));
  // Cut across the words of a phrase: characters that meet only here, or nowhere.
  for (let i = 0; i < 20; i++) queries.push(pick(phrases).slice(1, 4) + pick(words).slice(0, 1));
  for (let i = 0; i < 20; i++) queries.push(`${pick(words)} ${pick(words)}`);
  queries.push('習近平', '烏克蘭 戰爭', '不存在的词语', 'macron', 'RFI', '2024', '，', 'zzzz');
  return queries;
}

test('the persisted index answers every query as a plain scan of the texts does, indexed or pending', async () => {
  const { raw, folded } = corpusParagraphs();
  const texts = mixedTexts(1_500, folded);
  const { archive, idb } = await freshArchive();
  archive.close();
  const db = wrap(
    await new Promise<IDBDatabase>((resolve) => (idb.open(DB_NAME).onsuccess = (e) => resolve((e.target as IDBOpenDBRequest).result))),
  ) as unknown as ArchiveDb;
  const write = async (list: SearchText[]) => {
    for (let at = 0; at < list.length; at += 250)
      await writeTransaction(db, async (tx) => void (await Promise.all(list.slice(at, at + 250).map((t) => putSearchText(tx, t)))));
  };
  // Two segments (1,024 and 276 documents) and 200 texts left pending.
  await write(texts.slice(0, 1_300));
  await indexPending(db);
  await write(texts.slice(1_300));
  assert.equal(await pendingCount(idb), 200);
  assert.equal(await db.count('segments'), 2);
  const index = await SearchIndex.load(db);
  const byUrl = new Map(texts.map((t) => [t.url, foldedWords(t)]));
  const order = [...texts].sort((a, b) => b.savedAt - a.savedAt || (a.url < b.url ? -1 : 1));
  const plain = (q: string, section?: string) => {
    const terms = queryTerms(q);
    return order.filter((t) => (section === undefined || t.section === section) && terms.every((term) => byUrl.get(t.url)!.includes(term))).map((t) => t.url);
  };
  let hits = 0;
  for (const q of readerQueries(raw)) {
    const expected = plain(q);
    hits += expected.length;
    assert.deepEqual(await index.search(q, { limit: Infinity }), expected, q);
  }
  assert.deepEqual(await index.search('习近平', { section: '国际', limit: Infinity }), plain('习近平', '国际'));
  assert.ok(hits > 1_000, `${hits} hits: the queries must find things to test`);
  db.close();
});
