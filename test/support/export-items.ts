import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import type { Article } from '../../src/core/article';
import type { ExportWindow } from '../../src/export/article-element';
import type { ExportImage, ExportItem } from '../../src/export/export-item';
import { normalizeSpace } from '../../src/core/text-measures';
import { articleFromFile, seedArticle } from './articles';
import { corpusEntries, REPO } from './corpus';

export { fixtureArticle, seedArticle } from './articles';

/** The DOM every export test builds with, as the CLI does. */
export const exportWindow = new JSDOM('').window as unknown as ExportWindow;

/** Real RFI entries when ../shared/rfi-corpus is beside the clone, none otherwise. */
export const corpusArticles = (): Article[] => corpusEntries('rfi').map(({ path }) => articleFromFile(path));

/** Bytes that start like a real JPEG/PNG and differ for every source, so a swapped or altered image is caught. */
export function imageBytes(src: string, type = 'image/jpeg'): ExportImage {
  const head = type === 'image/png' ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] : [0xff, 0xd8, 0xff, 0xe0];
  const bytes = new Uint8Array(head.length + 2048);
  bytes.set(head);
  let h = 2166136261;
  for (const ch of src) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  for (let i = head.length; i < bytes.length; i++) bytes[i] = (h = Math.imul(h ^ i, 16777619)) >>> 24;
  return { type, bytes };
}

export const allImageSources = (article: Article): string[] => [...(article.heroImage ? [article.heroImage.src] : []), ...article.images.map((i) => i.src)];

/** The article with every image saved, but those in `missing`. */
export function itemWithImages(article: Article, missing: string[] = []): ExportItem {
  const sources = allImageSources(article).filter((src) => !missing.includes(src));
  return { article, images: new Map(sources.map((src) => [src, imageBytes(src)])) };
}

const PICTURES = ['hero-red.jpg', 'hero-green.jpg', 'body-grey.jpg'].map((name) => new Uint8Array(readFileSync(join(REPO, 'test/fixtures/images', name))));

/** The article with every image saved as a real picture (test/fixtures/images), for checkers that decode images. */
export function itemWithPictures(article: Article): ExportItem {
  return { article, images: new Map(allImageSources(article).map((src, i) => [src, { type: 'image/jpeg', bytes: PICTURES[i % PICTURES.length]! }])) };
}

/** An article as a hostile or broken store might hand it over: the exports must sanitize it again. */
export function hostileArticle(): Article {
  const base = seedArticle();
  return {
    ...base,
    title: '标题<script>alert(1)</script>',
    lead: '导语 <img src=x onerror=alert(2)>',
    canonicalUrl: 'javascript:alert(3)',
    contentHtml: [
      '<p>第一段<script>alert(4)</script></p>',
      '<p><a href="javascript:alert(5)">点击</a> 与 <a href=" JaVaScRiPt:alert(6)">再点</a></p>',
      '<figure><img src="https://s.rfi.fr/media/display/x/a.jpg" onerror="alert(7)" onload="alert(8)"><figcaption>图片说明</figcaption></figure>',
      '<p onclick="alert(9)" style="color:red">第二段<iframe src="https://evil.example/"></iframe></p>',
      '<svg><script>alert(10)</script></svg><math><mi xlink:href="javascript:alert(11)">x</mi></math>',
      '<p>第三段\u0001\uFFFE&nbsp;结束</p>',
    ].join(''),
    heroImage: null,
    images: [{ src: 'https://s.rfi.fr/media/display/x/a.jpg', alt: '', caption: '图片说明', credit: '' }],
  };
}

/** Fails unless every paragraph of the article's text appears in `text`, in the article's order. */
export function missingParagraphs(article: Article, text: string): string[] {
  const haystack = normalizeSpace(text);
  const missing: string[] = [];
  let from = 0;
  for (const paragraph of article.text.split('\n\n').filter(Boolean)) {
    const at = haystack.indexOf(normalizeSpace(paragraph), from);
    if (at < 0) missing.push(paragraph);
    else from = at + 1;
  }
  return missing;
}
