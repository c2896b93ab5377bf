import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportArticles, EXPORT_FORMATS } from '../../src/export/export-formats';
import { ARTICLE_SEPARATOR, articleToText, textExport } from '../../src/export/plain-text';
import { exportWindow, fixtureArticle, itemWithImages, missingParagraphs, seedArticle } from '../support/export-items';

test('a selection as plain text: each article whole, in order, between clear separators', () => {
  const articles = [seedArticle(), fixtureArticle('tw-article')];
  const file = textExport(articles.map((article) => ({ article, images: new Map() })));
  assert.equal(file.fileName, 'rfi-2-articles.txt');
  assert.equal(file.mimeType, 'text/plain;charset=utf-8');
  const parts = file.content.split(ARTICLE_SEPARATOR);
  assert.equal(parts.length, 2);
  parts.forEach((part, i) => {
    assert.ok(part.startsWith(`${articles[i]!.title}\n\n`));
    assert.ok(part.includes(articles[i]!.lead));
    assert.ok(part.trimEnd().endsWith(articles[i]!.canonicalUrl));
    assert.deepEqual(missingParagraphs(articles[i]!, part), []);
  });
});

test('one article as plain text is named after it', () => {
  const article = seedArticle();
  assert.equal(textExport([{ article, images: new Map() }]).fileName, '20230524-习近平承诺有力支持俄罗斯-核心利益.txt');
});

test('every format refuses an empty selection and names its file by the format', () => {
  const items = [itemWithImages(seedArticle())];
  const extensions = EXPORT_FORMATS.map((format) => exportArticles(format, items, exportWindow).fileName.split('.').pop());
  assert.deepEqual(extensions, ['epub', 'html', 'zip', 'txt']);
  for (const format of EXPORT_FORMATS) assert.throws(() => exportArticles(format, [], exportWindow), RangeError);
});

test("plain text dates the article in Paris time with the zone named, and lists its tags, in the article's script", () => {
  // Stored as 09:15 UTC on 12 March (winter time, Paris is UTC+1); 06:30 UTC on 15 April (summer time, UTC+2).
  const cn = articleToText(fixtureArticle('cn-article')).split('\n\n');
  assert.equal(cn[1], '2024年3月12日 10:15（巴黎时间） · 艾文 · 中国');
  assert.equal(cn.at(-2), '标签：中国经济、消费、两会');
  const tw = articleToText(fixtureArticle('tw-article')).split('\n\n');
  assert.equal(tw[1], '2024年4月15日 08:30（巴黎時間） · 林可欣 · 港澳台');
  assert.equal(tw.at(-2), '標籤：台灣、能源轉型、氣候變遷');
  // An article with neither tags nor a date has no line for them.
  const bare = articleToText({ ...seedArticle(), tags: [], publishedAt: '' }).split('\n\n');
  assert.equal(bare[1], '中国');
  assert.ok(!bare.some((line) => line.startsWith('标签')));
});
