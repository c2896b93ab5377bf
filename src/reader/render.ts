import { lengthText } from '../shared/article-length-text';
import type { Article, ArticleAudio, ArticleImage } from '../core/article';
import { rfiAudioUrl } from '../core/audio';
import { readableUrl } from '../core/readable-url';
import { sanitizeToFragment } from '../core/sanitize';
import { t } from '../shared/i18n';
import { publicationLine } from '../shared/shown-dates';
import { typesetChinese } from './typography';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function figure(image: ArticleImage): HTMLElement {
  const img = el('img', { src: image.src, alt: image.alt, loading: 'lazy', referrerPolicy: 'no-referrer' });
  const caption = image.caption || image.credit ? el('figcaption', {}, image.caption, image.credit ? el('small', {}, ` ${image.credit}`) : '') : '';
  return el('figure', { className: 'hero' }, img, caption);
}

function dateLine(iso: string): HTMLElement | string {
  const shown = publicationLine(iso);
  return shown && el('time', { dateTime: iso }, shown);
}

/**
 * The way back to the article: a link on screen; on paper, where a link is lost, the publisher and the address
 * written out (readable, not percent-encoded).
 */
function sourceLine(url: string): HTMLElement {
  return el(
    'p',
    { className: 'source' },
    el('a', { href: url, rel: 'noopener noreferrer' }, t('readOriginal')),
    el('span', { className: 'print-source' }, t('printSource', readableUrl(url))),
  );
}

/**
 * A plain link to the recording, opened in a tab of its own: no player, no request from this page (RFI's audio host
 * is not RFI's site, and the page's content security policy admits neither). Checked again here, as the stored HTML
 * is sanitized again: the reader links to RFI's audio host and nowhere else.
 */
function audioLink(audio: ArticleAudio): HTMLElement | string {
  const href = rfiAudioUrl(audio.url);
  return href ? el('p', { className: 'audio' }, el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('audioLink'))) : '';
}

/** Renders `article` into `main` and returns its <article> element. */
export function renderArticle(main: HTMLElement, article: Article): HTMLElement {
  const meta = [
    dateLine(article.publishedAt),
    article.byline ? el('span', { className: 'byline' }, article.byline) : '',
    el('span', { className: 'length' }, lengthText(article)),
  ].filter(Boolean);
  const metaLine = el('p', { className: 'meta' });
  meta.forEach((part, i) => metaLine.append(...(i ? [' · ', part] : [part])));
  const header = el(
    'header',
    {},
    article.section ? el('p', { className: 'section' }, article.section) : '',
    el('h1', {}, article.title),
    metaLine,
    article.audio ? audioLink(article.audio) : '',
    article.lead ? el('p', { className: 'lead' }, article.lead) : '',
  );
  const body = el('div', { className: 'content' });
  // Stored HTML was sanitized at extraction; it is sanitized again here, on the way into a privileged page.
  body.append(sanitizeToFragment(article.contentHtml, window));
  const tags = article.tags.length ? el('ul', { className: 'tags' }, ...article.tags.map((tag) => el('li', {}, tag))) : '';
  const articleEl = el(
    'article',
    { lang: article.lang },
    header,
    article.heroImage ? figure(article.heroImage) : '',
    body,
    el('footer', {}, tags, sourceLine(article.canonicalUrl)),
  );
  typesetChinese(articleEl);
  main.replaceChildren(articleEl);
  document.title = article.title;
  document.documentElement.lang = article.lang;
  return articleEl;
}
