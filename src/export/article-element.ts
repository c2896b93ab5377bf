import type { Article, ArticleImage } from '../core/article';
import { readableUrl } from '../core/readable-url';
import { sanitizeInPlace } from '../core/sanitize';
import { publishedLine, sourceLabel, tagsLine } from './export-words';

/** A window that can parse and serialize: the page's own `window` in a browser, a jsdom window in Node. */
export type ExportWindow = Window & Pick<typeof globalThis, 'DOMParser' | 'XMLSerializer'>;

/** Where an image's src should point in the output, or null to leave the image out (its caption stays). */
export type ImageResolver = (src: string) => string | null;

/**
 * The article body, sanitized again with the project's one configuration (what was stored may predate a fix),
 * with every image pointed where the format keeps it or removed.
 */
export function sanitizedBody(article: Article, win: ExportWindow, resolveImage: ImageResolver): HTMLElement {
  // DOMParser gives an inert document: nothing runs and no image loads, unlike nodes of the live page.
  const parsed = new win.DOMParser().parseFromString(`<!doctype html><body>${article.contentHtml}`, 'text/html');
  const body = parsed.createElement('div');
  body.append(...Array.from(parsed.body.childNodes));
  sanitizeInPlace(body, win);
  for (const img of Array.from(body.querySelectorAll('img'))) {
    const src = resolveImage(img.getAttribute('src') ?? '');
    if (src === null) img.remove();
    else img.setAttribute('src', src);
  }
  for (const figure of Array.from(body.querySelectorAll('figure'))) {
    if (!figure.querySelector('img') && !figure.textContent?.trim()) figure.remove();
  }
  return body;
}

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (className) el.className = className;
  el.append(...children);
  return el;
}

function heroFigure(doc: Document, hero: ArticleImage, resolveImage: ImageResolver): HTMLElement | null {
  const src = resolveImage(hero.src);
  const figure = element(doc, 'figure', 'hero');
  if (src !== null) {
    const img = element(doc, 'img', '');
    img.setAttribute('src', src);
    img.setAttribute('alt', hero.alt);
    figure.append(img);
  }
  if (hero.caption || hero.credit) {
    const caption = element(doc, 'figcaption', '', hero.caption);
    if (hero.credit) caption.append(hero.caption ? ' ' : '', element(doc, 'small', '', hero.credit));
    figure.append(caption);
  }
  return figure.childNodes.length ? figure : null;
}

/**
 * The whole article as one `<article>` element of an inert document, built node by node (metadata is text,
 * never markup): the standalone HTML serializes it as HTML, the EPUB as XHTML.
 */
export function articleElement(article: Article, win: ExportWindow, resolveImage: ImageResolver, id = ''): HTMLElement {
  const body = sanitizedBody(article, win, resolveImage);
  const doc = body.ownerDocument;
  const root = element(doc, 'article', '');
  root.setAttribute('lang', article.lang);
  if (id) root.id = id;

  const meta: (Node | string)[] = [];
  const published = publishedLine(article);
  if (published) {
    const time = element(doc, 'time', '', published);
    time.setAttribute('datetime', article.publishedAt);
    meta.push(time);
  }
  for (const part of [article.byline, article.section]) if (part) meta.push(...(meta.length ? [' · ', part] : [part]));

  root.append(element(doc, 'h1', '', article.title));
  if (meta.length) root.append(element(doc, 'p', 'meta', ...meta));
  if (article.lead) root.append(element(doc, 'p', 'lead', article.lead));
  const hero = article.heroImage && heroFigure(doc, article.heroImage, resolveImage);
  if (hero) root.append(hero);
  root.append(...Array.from(body.childNodes));
  const footer = element(doc, 'footer', '');
  const tags = tagsLine(article);
  if (tags) footer.append(element(doc, 'p', 'tags', tags));
  // Only a web address becomes a link: a stored record is not trusted to hold one. The link keeps the address
  // as it is; its text is the address as people read it.
  if (/^https?:\/\//i.test(article.canonicalUrl)) {
    const link = element(doc, 'a', '', readableUrl(article.canonicalUrl));
    link.setAttribute('href', article.canonicalUrl);
    link.setAttribute('rel', 'noopener noreferrer');
    footer.append(element(doc, 'p', 'source', sourceLabel(article.lang), link));
  }
  if (footer.childNodes.length) root.append(footer);
  return root;
}
