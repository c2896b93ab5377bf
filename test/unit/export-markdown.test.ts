import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { Article } from '../../src/core/article';
import { markdownExport } from '../../src/export/markdown';
import { CORPUS_SKIP } from '../support/corpus';
import { readFrontMatter, renderedBody, renderedImages, renderedText } from '../support/markdown-render';
import { corpusArticles, exportWindow, fixtureArticle, itemWithImages, missingParagraphs, seedArticle } from '../support/export-items';

/** Blocks that are body text: not the title, date line, lead, images, captions, tags or the source link. */
const bodyBlocks = (md: string) =>
  Array.from(renderedBody(md).children).filter(
    (el) => el.localName === 'p' && !el.querySelector('img, em:only-child, strong:only-child') && !/^原文：/.test(el.textContent ?? ''),
  );

test('one article with no saved image is one .md file whose front matter reads back', () => {
  const article = seedArticle();
  const file = markdownExport([{ article, images: new Map() }], exportWindow);
  assert.equal(file.fileName, '20230524-习近平承诺有力支持俄罗斯-核心利益.md');
  assert.equal(file.mimeType, 'text/markdown;charset=utf-8');
  const md = file.content as string;
  assert.deepEqual(readFrontMatter(md), {
    title: article.title,
    url: article.canonicalUrl,
    lang: 'zh-Hans',
    section: '中国',
    published: article.publishedAt,
    lead: article.lead,
    reading_minutes: article.readingMinutes,
    ...(article.byline ? { author: article.byline } : {}),
    ...(article.modifiedAt ? { modified: article.modifiedAt } : {}),
  });
  assert.equal(renderedBody(md).querySelector('h1')?.textContent, article.title);
  // What a reader of the file sees: the date in Paris time with the zone named, and the source readable.
  const shown = renderedText(md);
  assert.match(shown, /2023年5月24日.*15:19（巴黎时间）/);
  const source = Array.from(renderedBody(md).querySelectorAll('a')).at(-1)!;
  assert.equal(source.getAttribute('href'), article.canonicalUrl);
  assert.equal(source.textContent, decodeURI(article.canonicalUrl));
  // The seed's body is paragraphs only: one Markdown block each, in order, none lost or merged.
  assert.equal(bodyBlocks(md).length, article.text.split('\n\n').length);
  assert.deepEqual(missingParagraphs(article, renderedText(md)), []);
  // Without saved bytes the hero keeps its web address rather than vanishing.
  assert.deepEqual(renderedImages(md), [article.heroImage!.src]);
});

test('one article with saved images is a ZIP: the .md and the images/ files its links point to, byte for byte', () => {
  const article = fixtureArticle('cn-article');
  const item = itemWithImages(article);
  const file = markdownExport([item], exportWindow);
  assert.equal(file.mimeType, 'application/zip');
  assert.match(file.fileName, /^20240312-家电以旧换新补贴落地-消费回暖仍待观察\.zip$/);
  const zip = unzipSync(file.content as Uint8Array);
  const mdName = file.fileName.replace(/\.zip$/, '.md');
  assert.deepEqual(
    Object.keys(zip).filter((n) => n.endsWith('.md')),
    [mdName],
  );
  const md = strFromU8(zip[mdName]!);
  const links = renderedImages(md);
  assert.equal(links.length, item.images.size);
  for (const link of links) {
    assert.match(link, /^images\/[^/]+\.jpg$/);
    assert.ok(zip[link], `${link} is in the ZIP`);
  }
  for (const image of item.images.values()) assert.ok(links.some((l) => Buffer.from(zip[l]!).equals(image.bytes)));
  assert.equal(readFrontMatter(md).title, article.title);
  assert.deepEqual(missingParagraphs(article, renderedText(md)), []);
});

test('a missing image keeps its web address and its caption', () => {
  const article = fixtureArticle('cn-article');
  const missing = article.images[0]!;
  const zip = unzipSync(markdownExport([itemWithImages(article, [missing.src])], exportWindow).content as Uint8Array);
  const md = strFromU8(zip[Object.keys(zip).find((n) => n.endsWith('.md'))!]!);
  assert.ok(renderedImages(md).includes(missing.src));
  assert.ok(renderedText(md).includes(missing.caption));
  assert.equal(Object.keys(zip).filter((n) => n.startsWith('images/')).length, 1);
});

test('a selection is one ZIP with a unique, safe file per article, sharing images it names once', () => {
  const seed = seedArticle();
  const tw = fixtureArticle('tw-article');
  const file = markdownExport(
    [itemWithImages(seed), itemWithImages(tw), itemWithImages({ ...seed, canonicalUrl: `${seed.canonicalUrl}?again` })],
    exportWindow,
  );
  assert.equal(file.fileName, 'rfi-3-articles.zip');
  const zip = unzipSync(file.content as Uint8Array);
  const mds = Object.keys(zip).filter((n) => n.endsWith('.md'));
  assert.deepEqual(mds, ['20230524-习近平承诺有力支持俄罗斯-核心利益.md', `${mds[1]}`, '20230524-习近平承诺有力支持俄罗斯-核心利益-2.md']);
  assert.match(mds[1]!, /^\d{8}-台灣離岸風電進入第三階段-在地供應鏈面臨考驗\.md$/);
  for (const name of Object.keys(zip)) assert.match(name, /^(images\/)?[\p{Script=Han}A-Za-z0-9-]+\.(md|jpg)$/u);
  // The seed's hero, used twice, is stored once.
  assert.equal(Object.keys(zip).filter((n) => n.startsWith('images/')).length, 1 + (tw.heroImage ? 1 : 0) + tw.images.length);
  assert.equal(readFrontMatter(strFromU8(zip[mds[1]!]!)).lang, 'zh-Hant');
});

test('every real corpus article exports with its title, all its paragraphs and resolvable images', { skip: CORPUS_SKIP }, () => {
  const articles = corpusArticles();
  const zip = unzipSync(
    markdownExport(
      articles.map((a) => itemWithImages(a)),
      exportWindow,
    ).content as Uint8Array,
  );
  const mds = Object.keys(zip).filter((n) => n.endsWith('.md'));
  assert.equal(mds.length, articles.length);
  mds.forEach((name, i) => {
    const md = strFromU8(zip[name]!);
    assert.equal(readFrontMatter(md).title, articles[i]!.title);
    assert.deepEqual(missingParagraphs(articles[i]!, renderedText(md)), [], name);
    for (const link of renderedImages(md)) assert.ok(zip[link], `${name}: ${link}`);
  });
});

test('rendered back, the Markdown shows what the article showed: code with backticks, addresses with parentheses, cells with pipes, list-like text', () => {
  const article: Article = {
    ...seedArticle(),
    title: '# 标题 <b>不是标签</b> ##',
    contentHtml: [
      '<p>命令 <code>a`b``c</code> 与 <code>`</code>。</p>',
      '<p><a href="https://zh.wikipedia.org/wiki/Foo_(bar)">维基 (括号)</a> <a href="javascript:alert(1)">不是链接</a></p>',
      '<table><tr><th>甲|乙</th><th>&lt;b&gt;</th></tr><tr><td><code>x|y</code></td><td>1. 不是列表</td></tr></table>',
      '<p>- 不是列表<br>+ 也不是<br>2024. 年份<br>===</p>',
      '<pre>```\nfenced\n```</pre>',
      '<p><strong>李恒青：</strong>整体来说<em>“引语”</em>后</p>',
    ].join(''),
  };
  const md = markdownExport([{ article, images: new Map() }], exportWindow).content as string;
  const body = renderedBody(md);
  assert.equal(body.querySelector('h1')?.textContent, article.title);
  assert.deepEqual(
    Array.from(body.querySelectorAll('p code'), (c) => c.textContent),
    ['a`b``c', '`'],
  );
  const links = Array.from(body.querySelectorAll('a'), (a) => [a.textContent, decodeURI(a.getAttribute('href')!)]);
  assert.deepEqual(links.slice(0, 1), [['维基 (括号)', 'https://zh.wikipedia.org/wiki/Foo_(bar)']]);
  assert.ok(!links.some(([, href]) => /^javascript:/i.test(href!)));
  assert.ok(body.textContent?.includes('不是链接'));
  assert.deepEqual(
    Array.from(body.querySelectorAll('th, td'), (c) => c.textContent),
    ['甲|乙', '<b>', 'x|y', '1. 不是列表'],
  );
  assert.equal(body.querySelectorAll('ul, ol').length, 0, 'no text became a list');
  assert.equal(body.querySelectorAll('h2').length, 0, 'no text became a heading');
  assert.equal(body.querySelector('pre code')?.textContent, '```\nfenced\n```\n');
  const emphasised = Array.from(body.querySelectorAll('p')).find((p) => p.textContent?.includes('整体来说'))!;
  assert.equal(emphasised.querySelector('strong')?.textContent, '李恒青');
  assert.equal(emphasised.querySelector('em')?.textContent, '引语');
  assert.equal(emphasised.textContent, '李恒青：整体来说“引语”后', 'no asterisk left on screen');
});
