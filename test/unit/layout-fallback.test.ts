// The changed-layout fallback (RFI's rules find no body, the generic reader runs) keeps the lead and the hero's
// caption and credit when the page shows them, repeats none of them (nor the headline or the dates) in the text, and
// makes up nothing the page does not show. Pages: cn-article-renamed-container (RFI's markup with its article and
// body containers renamed) and cn-article-changed-layout (every RFI class gone); their sources are in each one's
// SOURCE.md. The variants below edit one thing of the latter each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHtml } from '../../src/cli/parse-html';
import type { Article } from '../../src/core/article';
import { extractArticle } from '../../src/core/extract';
import { english } from '../../src/cli/english';
import { articleCase } from '../support/page-fixtures';

function extract(html: string, url: string): Article {
  const result = extractArticle({ doc: parseHtml(html, url), url });
  assert.ok(result.ok, result.ok ? '' : english(result.reason));
  assert.equal(result.article.extractedBy, 'readability');
  assert.deepEqual(result.article.warnings, ['warningLayoutChanged']);
  return result.article;
}

/** `html` with `from` replaced once; fails if `from` is not in it (the variant would test nothing). */
function edit(html: string, from: string | RegExp, to: string): string {
  const out = html.replace(from, to);
  assert.notEqual(out, html, `not in the page: ${String(from)}`);
  return out;
}

const RENAMED = articleCase('cn-article-renamed-container');
const CHANGED = articleCase('cn-article-changed-layout');

test('RFI markup with renamed containers: lead, hero caption and credit kept; headline, lead and dates not in the text', () => {
  const a = extract(RENAMED.html, RENAMED.url);
  assert.equal(a.lead, RENAMED.expect.lead);
  assert.equal(a.heroImage?.caption, RENAMED.expect.heroImage!.caption);
  assert.equal(a.heroImage?.credit, RENAMED.expect.heroImage!.credit);
  assert.deepEqual(a.text.split('\n\n'), RENAMED.expect.paragraphs);
  for (const repeated of [RENAMED.expect.title, RENAMED.expect.lead, '发表时间', '修改时间']) assert.ok(!a.contentHtml.includes(repeated), repeated);
});

test('every RFI class gone: the lead is the declared description the page shows, the credit the caption block beside the hero', () => {
  const a = extract(CHANGED.html, CHANGED.url);
  assert.equal(a.lead, CHANGED.expect.lead);
  assert.deepEqual([a.heroImage?.caption, a.heroImage?.credit], [CHANGED.expect.heroImage!.caption, CHANGED.expect.heroImage!.credit]);
  assert.ok(!a.text.includes(CHANGED.expect.heroImage!.credit));
});

test('a lead whose text starts inside an emphasis is found all the same', () => {
  const html = edit(CHANGED.html, '<div class="standfirst">欧洲议会选举即将举行，', '<div class="standfirst"><p><strong>欧洲议会选举</strong>即将举行，');
  assert.equal(extract(html, CHANGED.url).lead, CHANGED.expect.lead);
});

test('nothing made up: a description the page does not show is no lead, a hero with no caption beside it has none', () => {
  let html = edit(CHANGED.html, /<div class="standfirst">[^<]*<\/div>/, '');
  html = edit(html, /<div class="media__caption">.*?<\/div>/, '');
  const a = extract(html, CHANGED.url);
  assert.equal(a.lead, '');
  assert.deepEqual([a.heroImage?.caption, a.heroImage?.credit], ['', '']);
});

test("another picture's caption is never taken for the hero's", () => {
  const other =
    '<figure><img src="https://s.rfi.fr/media/display/0a1b2c3d-1111-11ef-9a2c-005056bf30b7/w:1280/p:16x9/other.jpg" alt=""><figcaption>另一张图片的说明 <span class="credit">AFP</span></figcaption></figure>';
  const html = edit(CHANGED.html, /<div class="media__caption">.*?<\/div>/, other);
  assert.deepEqual([extract(html, CHANGED.url).heroImage?.caption], ['']);
});
