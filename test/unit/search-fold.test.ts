import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldForSearch, queryTerms } from '../../src/archive/search-text';
import { loadToTraditional } from '../../src/core/chinese-script';
import { seedArticle } from '../support/articles';
import { prng } from '../support/fuzz';

/** The seed article as the archive indexes it (title, lead and body on their own lines), in both scripts. */
async function seedInBothScripts(): Promise<{ simplified: string; traditional: string }> {
  const { title, lead, text } = seedArticle();
  const simplified = `${title}\n${lead}\n${text}`;
  return { simplified, traditional: (await loadToTraditional())(simplified) };
}

/** Characters in both scripts, Taiwan variants, full-width Latin, upper case and characters beyond the BMP. */
const mixed = 'RFI華語：ＡＰＥＣ峰會在臺灣裡舉行，Macron 說「乾隆年間」與乾燥的天氣 2024年😀 𠮷野家 Café Ünïcödé';

/** Positions where two equally long strings differ, as "a/b" pairs with their counts. */
function differences(a: string, b: string): string[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) counts.set(`${a[i]}/${b[i]}`, (counts.get(`${a[i]}/${b[i]}`) ?? 0) + 1);
  }
  return [...counts].map(([pair, n]) => `${pair} ×${n}`);
}

test('any passage copied out of an article finds it again, in either script', async () => {
  // Search is "every folded term is a substring of the folded text". That only finds every passage if the fold
  // of a passage is a substring of the fold of its text, which a phrase-based conversion would break.
  const { simplified, traditional } = await seedInBothScripts();
  const texts = [simplified, traditional, mixed];
  const folds = texts.map(foldForSearch);
  const rng = prng(1146);
  for (const [k, text] of texts.entries()) {
    // Cut on character boundaries: a typed or pasted query never holds half of a surrogate pair.
    const chars = [...text];
    for (let round = 0; round < 3000; round++) {
      const start = rng.int(chars.length);
      const passage = chars.slice(start, start + 1 + rng.int(40)).join('');
      const where = `text ${k}, passage ${JSON.stringify(passage)}`;
      const own = folds[k]!;
      assert.ok(own.includes(foldForSearch(passage)), where);
      assert.ok(
        queryTerms(passage).every((term) => own.includes(term)),
        where,
      );
      // A passage of the seed in one script is found in the other.
      if (k < 2) assert.ok(folds[1 - k]!.includes(foldForSearch(passage)), `${where}, other script`);
    }
  }
});

test('乾 alone finds both 乾隆 and 乾燥, and 乾隆 is found however 乾 is written', () => {
  // OpenCC's phrase rules keep 乾 in 乾隆 but make 乾燥 into 干燥; the search fold must not depend on the
  // neighbours, or a query for 乾 would miss one of them.
  const [query] = queryTerms('乾');
  assert.ok(query);
  for (const text of ['清朝乾隆年间', '天气乾燥', '天气干燥']) assert.ok(foldForSearch(text).includes(query), text);
  assert.equal(foldForSearch('乾隆'), foldForSearch('干隆'));
  assert.equal(foldForSearch('乾燥'), foldForSearch('干燥'));
  assert.equal(foldForSearch('幹部'), foldForSearch('干部'));
  const [emperor] = queryTerms('乾隆');
  assert.ok(emperor && foldForSearch('清朝干隆年间').includes(emperor));
});

test('the seed article folds to the same text in traditional and simplified', async (t) => {
  const { simplified, traditional } = await seedInBothScripts();
  // The conversion must really have changed the text, or this test would prove nothing.
  assert.equal(traditional.length, simplified.length);
  assert.ok(differences(simplified, traditional).length > 100, 'the traditional seed differs in many characters');
  const [a, b] = [foldForSearch(simplified), foldForSearch(traditional)];
  const differing = differences(a, b);
  if (differing.length) t.diagnostic(`folds differ: ${differing.join(', ')}`);
  assert.deepEqual(differing, []);
  assert.equal(a, b);
});

test('common words meet across the scripts whichever table names their characters', () => {
  // The Taiwan table alone sends 么 (simplified for 麼) to 幺: applied to simplified text before the traditional
  // table, it made 为什么 miss 為什麼. And 暱/昵 are joined only by OpenCC's simplified-to-traditional table.
  for (const [simplified, traditional] of [
    ['为什么', '為什麼'],
    ['怎么办', '怎麼辦'],
    ['这么多', '這麼多'],
    ['昵称', '暱稱'],
    ['钟表', '鐘錶'],
  ] as const) {
    assert.equal(foldForSearch(simplified), foldForSearch(traditional), `${simplified} / ${traditional}`);
  }
});

test('Taiwan variant spellings fold like their mainland forms', () => {
  // Taiwanese text writes 著, 簷, 痺, 裡 where OpenCC's traditional has 着, 檐, 痹, 裏: a query in any of them
  // finds all. (The first three need the Taiwan table: OpenCC's traditional-to-simplified one leaves them.)
  for (const spellings of [
    ['看著', '看着'],
    ['屋簷', '屋檐'],
    ['麻痺', '麻痹'],
    ['裡', '裏', '里'],
    ['臺灣', '台灣', '台湾'],
    ['為了', '爲了', '为了'],
    ['峯會', '峰會', '峰会'],
    ['羣眾', '群衆', '群众'],
  ]) {
    assert.deepEqual(
      spellings.map(foldForSearch),
      spellings.map(() => spellings.at(-1)),
      spellings.join(' '),
    );
  }
});

test('folding keeps every character in its place, so offsets in the fold are offsets in the text', async () => {
  const { simplified, traditional } = await seedInBothScripts();
  for (const text of [simplified, traditional]) {
    const folded = foldForSearch(text);
    assert.equal(folded.length, text.length);
    for (let i = 0; i < text.length; i++) assert.equal(folded[i], foldForSearch(text[i]!), `offset ${i}: ${text[i]}`);
  }
});

test('full-width Latin, digits and punctuation become ASCII, and upper case becomes lower case', () => {
  assert.equal(foldForSearch('ＡＰＥＣ峰會２０２４'), 'apec峰会2024');
  assert.equal(foldForSearch('MACRON à Pékin'), 'macron à pékin');
  assert.equal(foldForSearch('（法新社）：据报道，'), '(法新社):据报道,');
  // Each of these stays one character: offsets still line up.
  for (const text of ['ＡＰＥＣ峰會２０２４', 'MACRON à Pékin', '（法新社）：据报道，', '\u3000']) assert.equal(foldForSearch(text).length, text.length, text);
});

test('a query splits into folded terms at any white space, full-width included', () => {
  assert.deepEqual(queryTerms('  習近平　ＡＰＥＣ\t峰會\n '), ['习近平', 'apec', '峰会']);
  assert.deepEqual(queryTerms('MACRON 訪華'), ['macron', '访华']);
  // A query of only spaces has no terms (the index then lists everything the filters allow).
  assert.deepEqual(queryTerms(''), []);
  assert.deepEqual(queryTerms(' \u3000\t\n'), []);
});
