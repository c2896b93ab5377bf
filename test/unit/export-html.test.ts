import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { standaloneHtml } from '../../src/export/standalone-html';
import { exportWindow, fixtureArticle, itemWithImages, missingParagraphs, seedArticle } from '../support/export-items';

const OFFLINE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
const parse = (html: string) => new JSDOM(html).window.document;
const csp = (doc: Document) => doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');

test('several articles make one page: a table of contents linking each article in order, every paragraph present', () => {
  const articles = [fixtureArticle('cn-article'), seedArticle(), fixtureArticle('tw-article')];
  const file = standaloneHtml(
    articles.map((a) => itemWithImages(a)),
    exportWindow,
  );
  assert.equal(file.fileName, 'rfi-3-articles.html');
  assert.equal(file.mimeType, 'text/html;charset=utf-8');
  const doc = parse(file.content);
  assert.equal(csp(doc), OFFLINE_CSP);
  assert.equal(doc.documentElement.lang, 'zh-Hans');
  const links = Array.from(doc.querySelectorAll('nav.toc a'));
  assert.deepEqual(
    links.map((a) => a.textContent),
    articles.map((a) => a.title),
  );
  links.forEach((link, i) => {
    const target = doc.getElementById(link.getAttribute('href')!.slice(1))!;
    assert.equal(target.querySelector('h1')?.textContent, articles[i]!.title);
    assert.equal(target.getAttribute('lang'), articles[i]!.lang);
    assert.deepEqual(missingParagraphs(articles[i]!, target.textContent ?? ''), []);
  });
});

test('every image is inlined as a data: URI holding the saved bytes; nothing loads from anywhere else', () => {
  const article = fixtureArticle('cn-article');
  const item = itemWithImages(article);
  const doc = parse(standaloneHtml([item], exportWindow).content);
  const sources = Array.from(doc.querySelectorAll('img'), (img) => img.getAttribute('src')!);
  assert.equal(sources.length, item.images.size);
  for (const src of sources) assert.match(src, /^data:image\/jpeg;base64,/);
  for (const image of item.images.values()) {
    assert.ok(sources.some((src) => Buffer.from(src.split(',')[1]!, 'base64').equals(image.bytes)));
  }
  assert.equal(doc.querySelectorAll('script, link, iframe, object, embed, [style]').length, 0);
  for (const el of Array.from(doc.querySelectorAll('[src]'))) assert.match(el.getAttribute('src')!, /^data:/);
  // A single article has no table of contents: the page is the article.
  assert.equal(doc.querySelector('nav'), null);
  assert.equal(doc.querySelector('h1')?.textContent, article.title);
  assert.equal(doc.title, article.title);
});

test('a missing image is left out, its caption kept, since the page may load nothing remote', () => {
  const article = fixtureArticle('cn-article');
  const missing = article.images[0]!;
  const doc = parse(standaloneHtml([itemWithImages(article, [missing.src])], exportWindow).content);
  assert.equal(doc.querySelectorAll('img').length, 1);
  assert.ok(Array.from(doc.querySelectorAll('figcaption')).some((c) => c.textContent?.includes(missing.caption)));
  assert.ok(!doc.documentElement.outerHTML.includes(missing.src));
});

test('with remote images allowed (the CLI, which has no bytes) images keep their address and the CSP admits https', () => {
  const article = fixtureArticle('tw-article');
  const doc = parse(standaloneHtml([{ article, images: new Map() }], exportWindow, { remoteImages: true }).content);
  assert.equal(csp(doc), "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'");
  assert.deepEqual(
    Array.from(doc.querySelectorAll('img'), (i) => i.getAttribute('src')),
    [article.heroImage!.src, ...article.images.map((i) => i.src)],
  );
  assert.equal(doc.documentElement.lang, 'zh-Hant');
});

test('the page dates each article in Paris time with the zone named, lists its tags, and shows a readable source address', () => {
  const articles = [fixtureArticle('cn-article'), fixtureArticle('tw-article')];
  const doc = parse(
    standaloneHtml(
      articles.map((a) => itemWithImages(a)),
      exportWindow,
    ).content,
  );
  const [cn, tw] = Array.from(doc.querySelectorAll('article'));
  // 09:15 UTC on 12 March is 10:15 in Paris (winter time); the machine-readable date keeps the stored instant.
  assert.equal(cn!.querySelector('.meta time')?.textContent, '2024年3月12日 10:15（巴黎时间）');
  assert.equal(cn!.querySelector('.meta time')?.getAttribute('datetime'), articles[0]!.publishedAt);
  assert.equal(tw!.querySelector('.meta time')?.textContent, '2024年4月15日 08:30（巴黎時間）');
  assert.equal(cn!.querySelector('footer .tags')?.textContent, '标签：中国经济、消费、两会');
  assert.equal(tw!.querySelector('footer .tags')?.textContent, '標籤：台灣、能源轉型、氣候變遷');
  const link = cn!.querySelector<HTMLAnchorElement>('footer .source a')!;
  assert.equal(link.getAttribute('href'), articles[0]!.canonicalUrl);
  assert.equal(link.textContent, 'https://www.rfi.fr/cn/中国/20240312-家电以旧换新补贴落地-消费回暖仍待观察');
  assert.equal(cn!.querySelector('footer .source')?.textContent, `原文：${link.textContent}`);
  // An article without tags has no empty tag line.
  const bare = parse(standaloneHtml([{ article: { ...seedArticle(), tags: [] }, images: new Map() }], exportWindow).content);
  assert.equal(bare.querySelector('.tags'), null);
});

test('a source address hiding bidi or invisible characters is shown with them still escaped, its link unchanged', () => {
  const canonicalUrl = 'https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/%E2%80%AEgpj.exe%E2%80%AC-%E2%80%8B%E6%96%B0%E9%97%BB';
  const doc = parse(standaloneHtml([{ article: { ...seedArticle(), canonicalUrl }, images: new Map() }], exportWindow).content);
  const link = doc.querySelector('.source a')!;
  assert.equal(link.getAttribute('href'), canonicalUrl);
  assert.equal(link.textContent, 'https://www.rfi.fr/cn/中国/%E2%80%AEgpj.exe%E2%80%AC-%E2%80%8B新闻');
  assert.doesNotMatch(doc.body.textContent ?? '', /[\u200b\u202a-\u202e\u2066-\u2069]/);
});
