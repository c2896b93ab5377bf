import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { extractSnapshot } from '../../src/core/extract';
import { parseHtml } from '../../src/cli/parse-html';
import { CORPUS_SKIP, REPO, corpusEntries } from '../support/corpus';
import { leaksIn } from '../support/leaks';
import { english } from '../../src/cli/english';

interface Expectation {
  title: string;
  section: string;
  byline: string;
  publishedAt: string;
  lead: string;
  paragraphs: number;
  first: string;
  last: string;
  images: string[];
  hero: string | null;
}

const expectations = JSON.parse(readFileSync(join(REPO, 'test/fixtures/corpus-expectations.json'), 'utf8')) as Record<string, Expectation>;
const fileName = (src: string) => src.split('/').pop();

describe('real RFI entries from 2020 to 2024 (../shared/rfi-corpus/rfi)', { skip: CORPUS_SKIP }, () => {
  const entries = corpusEntries('rfi');
  test('every entry in the corpus has a reviewed expectation', () => {
    assert.ok(entries.length >= 26, `found ${entries.length} entries`);
    for (const { id } of entries) assert.ok(expectations[id], `no expectation for ${id}`);
  });
  for (const { id, path } of entries) {
    test(`${id} extracts cleanly by RFI's rules`, () => {
      const result = extractSnapshot({ html: readFileSync(path, 'utf8'), url: '' }, parseHtml);
      assert.ok(result.ok, result.ok ? '' : english(result.reason));
      const a = result.article;
      const want = expectations[id]!;
      const paragraphs = a.text ? a.text.split('\n\n') : [];
      assert.equal(a.extractedBy, 'rfi');
      assert.deepEqual(a.warnings, []);
      assert.equal(a.lang, 'zh-Hans');
      assert.equal(a.title, want.title);
      assert.doesNotMatch(a.title, /RFI$|法国国际广播电台/);
      assert.equal(a.section, want.section);
      assert.equal(a.byline, want.byline);
      assert.equal(a.publishedAt, want.publishedAt);
      assert.ok(a.lead.startsWith(want.lead), `lead: ${a.lead}`);
      assert.doesNotMatch(a.lead, /\s$/);
      assert.equal(paragraphs.length, want.paragraphs);
      assert.ok((paragraphs[0] ?? '').startsWith(want.first), `first paragraph: ${paragraphs[0]}`);
      assert.ok((paragraphs.at(-1) ?? '').endsWith(want.last), `last paragraph: ${paragraphs.at(-1)}`);
      assert.deepEqual(
        a.images.map((i) => fileName(i.src)),
        want.images,
      );
      assert.equal(a.heroImage ? fileName(a.heroImage.src) : null, want.hero);
      for (const image of [a.heroImage, ...a.images]) if (image) assert.match(image.src, /^https:\/\/[\w.]*rfi\.fr\//);
      assert.deepEqual(leaksIn(a), []);
      assert.match(a.canonicalUrl, /^https:\/\/www\.rfi\.fr\/cn\/[^/]/);
    });
  }
});

describe('players in real entries become plain links', { skip: CORPUS_SKIP }, () => {
  test('the YouTube player of rfi/1015056.md is a link to the watch page, with no player markup left', () => {
    const entry = corpusEntries('rfi').find((e) => e.id === 'rfi/1015056.md')!;
    const result = extractSnapshot({ html: readFileSync(entry.path, 'utf8'), url: '' }, parseHtml);
    assert.ok(result.ok);
    assert.match(
      result.article.contentHtml,
      /<figure><a href="https:\/\/www\.youtube\.com\/watch\?v=fFNUlmxJWK4" rel="noopener noreferrer">▶ 观看视频（YouTube）<\/a><\/figure>/,
    );
    assert.doesNotMatch(result.article.contentHtml, /youtube-player|embed|iframe|data:image/);
  });
});

describe("other outlets' entries in the same format (../shared/rfi-corpus/other)", { skip: CORPUS_SKIP }, () => {
  for (const { id, path } of corpusEntries('other')) {
    test(`${id} is refused as another site`, () => {
      const result = extractSnapshot({ html: readFileSync(path, 'utf8'), url: '' }, parseHtml);
      assert.equal(result.ok, false);
      assert.equal(result.detection.kind, 'other-site');
      assert.match(english(result.detection.reason), /not rfi\.fr/);
    });
  }
});
