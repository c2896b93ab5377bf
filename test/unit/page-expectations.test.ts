// `npm run fixtures`: the diff it prints for a case whose extraction changed names the fields and paragraphs that
// changed, and `--write` puts the extraction into expected.json without losing what was written by hand. A derived
// case is its base's page with the recipe applied, at its own address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonDiff } from '../support/json-diff';
import { expectedView, extractCase, observedView, withObserved } from '../support/page-expectations';
import { articleCase, pageCase, pageCases } from '../support/page-fixtures';

test('writing back the extraction of every case changes none of the checked-in expectations', () => {
  for (const c of pageCases()) assert.deepEqual(withObserved(c.expect, observedView(c.expect, extractCase(c))), c.expect, c.name);
});

test('an expectation the extraction no longer meets: the diff shows each change, writing restores the extraction and keeps the hand-written keys', () => {
  const c = articleCase('cn-article');
  const [first, second, third] = c.expect.paragraphs;
  const stale = structuredClone(c.expect);
  stale.paragraphs = [first!, '一段不再有的文字', third!, ...c.expect.paragraphs.slice(3)];
  stale.heroImage!.caption = '旧的说明';
  delete stale.video;
  const observed = observedView(stale, extractCase(c));

  assert.deepEqual(jsonDiff(expectedView(stale), observed), [
    'heroImage.caption:',
    '  - "旧的说明"',
    `  + ${JSON.stringify(c.expect.heroImage!.caption)}`,
    'paragraphs:',
    '  - [1] 一段不再有的文字',
    `  + [1] ${second}`,
    'video:',
    '  - (absent)',
    `  + {"id":"${c.expect.video!.id}"}`,
  ]);
  const written = withObserved(stale, observed);
  assert.deepEqual(written.paragraphs, c.expect.paragraphs);
  assert.deepEqual(written.heroImage, c.expect.heroImage, 'the caption is back, acceptAlso kept');
  assert.deepEqual(written.video, { id: c.expect.video!.id });
  assert.deepEqual([written.mustNotContain, written.optional, written.notes], [c.expect.mustNotContain, c.expect.optional, c.expect.notes]);
});

test('a paragraph more or less shows as that paragraph alone, not as every later one shifted', () => {
  const lines = ['甲', '乙', '丙', '丁'];
  assert.deepEqual(jsonDiff({ paragraphs: lines }, { paragraphs: ['甲', '丙', '丁', '戊'] }), ['paragraphs:', '  - [1] 乙', '  + [3] 戊']);
});

test('the renamed-container case is cn-article with its containers renamed, served at an address of its own', () => {
  const base = pageCase('cn-article');
  const derived = pageCase('cn-article-renamed-container');
  assert.equal(derived.base, 'cn-article');
  assert.ok(derived.html.includes(derived.url) && !derived.html.split(derived.url).join('').includes(base.url), 'every address is its own');
  assert.ok(!derived.html.includes('data-article-content') && !derived.html.includes('t-content__body'));
  const back = derived.html
    .split(derived.url)
    .join(base.url)
    .replace('<section class="t-story" data-story-content ', '<article data-article-content ')
    .replace('<div class="t-story__text u-clearfix">', '<div class="t-content__body u-clearfix">')
    .replace('</section>\n    <section class="t-content__section-pb">', '</article>\n    <section class="t-content__section-pb">');
  assert.equal(back, base.html, 'nothing else differs');
});
