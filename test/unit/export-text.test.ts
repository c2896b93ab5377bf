import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportArticles, EXPORT_FORMATS } from '../../src/export/export-formats';
import { ARTICLE_SEPARATOR, textExport } from '../../src/export/plain-text';
import { exportWindow, fixtureArticle, itemWithImages, missingParagraphs, seedArticle } from '../support/export-items';

test('a selection as plain text: each article whole, in order, between clear separators', () => {
  const articles = [seedArticle(), fixtureArticle('tw-article.html')];
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
