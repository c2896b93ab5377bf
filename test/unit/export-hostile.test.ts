import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { epubExport } from '../../src/export/epub';
import { markdownExport } from '../../src/export/markdown';
import { standaloneHtml } from '../../src/export/standalone-html';
import { inspectEpub } from '../support/epub';
import { activeMarkup, renderedBody } from '../support/markdown-render';
import { exportWindow, hostileArticle, itemWithImages } from '../support/export-items';

// The stored article is not trusted: every format sanitizes it again with the one configuration.
const hostile = () => itemWithImages(hostileArticle());
const ACTIVE = 'script, iframe, svg, math, object, embed, form, style:not(head style), [style]';

function assertInert(doc: Document, where: string): void {
  assert.equal(doc.querySelectorAll(ACTIVE).length, 0, `${where}: active element`);
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      assert.doesNotMatch(attr.name, /^on/i, `${where}: ${el.localName}[${attr.name}]`);
      assert.doesNotMatch(attr.value, /^\s*javascript:/i, `${where}: ${el.localName}[${attr.name}]`);
    }
  }
}

test('hostile article HTML leaves no script, handler or javascript: link in the standalone HTML', () => {
  const html = standaloneHtml([hostile()], exportWindow).content;
  const doc = new JSDOM(html).window.document;
  assertInert(doc, 'html');
  assert.doesNotMatch(html, /alert\((4|10|11)\)/);
  // Markup in the title and lead is shown as the text it is.
  assert.equal(doc.querySelector('h1')?.textContent, hostileArticle().title);
  assert.equal(doc.querySelector('.lead')?.textContent, hostileArticle().lead);
  assert.equal(doc.querySelector('.source'), null, 'a javascript: canonical URL is not made a link');
  assert.ok(doc.body.textContent?.includes('第一段') && doc.body.textContent.includes('图片说明'));
});

test('hostile article HTML leaves a valid EPUB with no script, handler, javascript: link or XML-breaking character', () => {
  const book = inspectEpub(epubExport([hostile()], exportWindow).content as Uint8Array);
  assert.deepEqual(book.problems, []);
  const chapter = book.documents.get(book.spine[1]!)!;
  assertInert(chapter, 'epub');
  assert.equal(chapter.getElementsByTagName('img').length, 1);
  assert.ok(chapter.documentElement.textContent?.includes('第三段\u00a0结束'));
  assert.doesNotMatch(strFromU8(book.files[book.spine[1]!]!), /alert\((4|10|11)\)/);
});

test('hostile article HTML, rendered from the Markdown by a permissive viewer, is text: no markup, no javascript: link', () => {
  const zip = unzipSync(markdownExport([hostile()], exportWindow).content as Uint8Array);
  const md = strFromU8(zip[Object.keys(zip).find((n) => n.endsWith('.md'))!]!);
  assert.deepEqual(
    activeMarkup(md, (src) => src === 'images/a.jpg'),
    [],
  );
  const body = renderedBody(md);
  assert.equal(body.querySelector('h1')?.textContent, hostileArticle().title);
  assert.ok(body.textContent?.includes('第一段'));
  const figure = Array.from(body.querySelectorAll('p')).find((p) => p.querySelector('img[src="images/a.jpg"]'));
  assert.equal(figure?.querySelector('em')?.textContent, '图片说明');
});
