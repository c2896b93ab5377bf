import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ArticleImage } from '../../src/core/article';
import { extractArticle } from '../../src/core/extract';
import { parseHtml } from '../../src/cli/parse-html';
import { PAGE_FIXTURES } from '../support/corpus';
import { leaksIn } from '../support/leaks';
import { english } from '../../src/cli/english';

/** Full rfi.fr pages written after RFI's public markup; each fixture's sources are in test/fixtures/pages/README.md. */
interface ExpectedImage extends ArticleImage {
  acceptAlso?: string[];
}
interface Fixture {
  file: string;
  url: string;
  expect: {
    kind: string;
    /** The message key of the refusal, where the fixture is about one reason. */
    reasonKey?: string;
    lang?: string;
    title?: string;
    lead?: string;
    byline?: string;
    section?: string;
    tags?: string[];
    publishedAt?: string;
    modifiedAt?: string;
    canonicalUrl?: string;
    heroImage?: ExpectedImage | null;
    images?: ExpectedImage[];
    optionalImages?: ExpectedImage[];
    paragraphs?: string[];
    optional?: string[];
    mustNotContain?: string[];
    expectLayoutWarning?: boolean;
    lenient?: string[];
    video?: { id: string };
    audio?: { contentUrl: string; durationSeconds: number };
  };
}

const fixtures = JSON.parse(readFileSync(join(PAGE_FIXTURES, 'fixtures.json'), 'utf8')) as Fixture[];
const load = (f: Fixture) => extractArticle({ doc: parseHtml(readFileSync(join(PAGE_FIXTURES, f.file), 'utf8'), f.url), url: f.url });

/** `lenient` names fields (`alt`, `caption`, `credit`) that a generic fallback may leave empty, never get wrong. */
function assertImage(got: ArticleImage | null | undefined, want: ExpectedImage, label: string, lenient: string[] = []): void {
  assert.ok(got, `${label}: missing`);
  assert.ok([want.src, ...(want.acceptAlso ?? [])].includes(got.src), `${label}: src ${got.src}`);
  for (const key of ['alt', 'caption', 'credit'] as const) {
    if (lenient.includes(key) && got[key] === '') continue;
    assert.equal(got[key], want[key], `${label}: ${key}`);
  }
}

describe('full rfi.fr pages (test/fixtures/pages)', () => {
  for (const f of fixtures) {
    const e = f.expect;
    if (e.kind !== 'article') {
      test(`${f.file} is refused as ${e.kind}, with a reason`, () => {
        const result = load(f);
        assert.equal(result.ok, false);
        assert.equal(result.detection.kind, e.kind);
        assert.ok(english(result.detection.reason).length > 20, english(result.detection.reason));
        if (e.reasonKey) assert.equal(result.detection.reason.key, e.reasonKey);
      });
      continue;
    }
    test(`${f.file} gives the article and nothing else`, () => {
      const result = load(f);
      assert.ok(result.ok, result.ok ? '' : english(result.reason));
      const a = result.article;
      const lenient = new Set(e.lenient ?? []);
      const check = <K extends keyof typeof e & keyof typeof a>(key: K) => {
        if (e[key] === undefined || (lenient.has(key) && !a[key as keyof typeof a])) return;
        assert.deepEqual(a[key as keyof typeof a], e[key], key);
      };
      for (const key of ['lang', 'title', 'lead', 'byline', 'section', 'tags', 'publishedAt', 'modifiedAt', 'canonicalUrl'] as const) check(key);
      if (e.expectLayoutWarning) {
        assert.equal(a.extractedBy, 'readability');
        assert.deepEqual(a.warnings, ['warningLayoutChanged']);
      } else {
        assert.equal(a.extractedBy, 'rfi');
        assert.deepEqual(a.warnings, []);
      }
      const heroLenient = [...lenient].filter((k) => k.startsWith('heroImage.')).map((k) => k.slice('heroImage.'.length));
      if (e.heroImage) assertImage(a.heroImage, e.heroImage, 'hero', heroLenient);
      if (e.images) {
        const optional = new Set((e.optionalImages ?? []).map((i) => i.src));
        const required = a.images.filter((i) => !optional.has(i.src));
        assert.equal(required.length, e.images.length, `images: ${a.images.map((i) => i.src).join(', ')}`);
        e.images.forEach((want, i) => assertImage(required[i], want, `image ${i + 1}`));
      }
      const optional = new Set(e.optional ?? []);
      const paragraphs = a.text.split('\n\n').filter((p) => !optional.has(p));
      assert.deepEqual(paragraphs, e.paragraphs);
      const visible = `${a.title}\n${a.lead}\n${a.text}\n${[a.heroImage, ...a.images].map((i) => `${i?.caption} ${i?.credit}`).join('\n')}`;
      for (const junk of e.mustNotContain ?? []) assert.ok(!visible.includes(junk), `leaked: ${junk}`);
      assert.deepEqual(leaksIn(a), []);
      assert.deepEqual(a.audio, e.audio && { url: e.audio.contentUrl, durationSeconds: e.audio.durationSeconds }, 'audio');
      if (e.video) assert.ok(a.contentHtml.includes(`https://www.youtube.com/watch?v=${e.video.id}`), 'video link');
    });
  }
});
