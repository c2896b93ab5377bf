import type { ArticleImage } from './article';
import { stripSiteSuffix, type ArticleParts } from './article-parts';
import { audioOf } from './audio';
import { listOf } from './dom-children';
import { absoluteImageUrl, imageFromElement, imageIdentity } from './images';
import { INPUT_LIMITS } from './input-limits';
import type { PageMeta } from './page-meta';
import { normalizeIsoDate } from './paris-time';
import { canonicalizeRfiUrl, parseRfiUrl, parseUrl, sectionOf } from './rfi-url';
import { normalizeSpace } from './text-measures';

/**
 * Rules for a full rfi.fr article page. The class names are RFI's design-system names (`t-content__*`), which
 * public scrapers of every RFI language edition have relied on for years.
 */
const SELECTORS = {
  root: '#main-content article, article.t-content, main article, article',
  title: 'h1.t-content__title, .t-content__title, h1',
  lead: '.t-content__chapo',
  body: '.t-content__body',
  mainMedia: '.t-content__main-media',
  author: '.m-from-author__name, .t-content__authors a[href*="/"]',
  time: '.t-content__dates time[datetime], time[datetime]',
  tags: '.m-tags-list a, .t-content__tags a, [class*="tags-list"] a',
} as const;

const text = (el: Element | null | undefined): string => normalizeSpace(el?.textContent ?? '');

/**
 * The strings of a JSON-LD field in order: the field itself, the items of an array, the `name` of an object, at
 * any depth. The page writes this JSON, so the walk keeps its own stack (an array nested 100,000 deep overflows a
 * recursive one) and stops after `jsonLdValues` values or `max` strings.
 */
function stringsOf(value: unknown, max = Infinity): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  for (let budget = INPUT_LIMITS.jsonLdValues; stack.length > 0 && budget > 0 && out.length < max; budget--) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (let i = Math.min(v.length, budget) - 1; i >= 0; i--) stack.push(v[i]);
    else if (v && typeof v === 'object' && 'name' in v) stack.push((v as { name: unknown }).name);
  }
  return out;
}

function jsonLdString(ld: Record<string, unknown> | null, key: string): string {
  return ld ? (stringsOf(ld[key], 1)[0] ?? '').trim() : '';
}

/** Keywords arrive as an array or as one comma-separated string (with ASCII or full-width commas). */
function keywordsOf(ld: Record<string, unknown> | null): string[] {
  if (!ld) return [];
  return stringsOf(ld['keywords'])
    .flatMap((k) => k.split(/[,，、]/))
    .map((k) => k.trim())
    .filter(Boolean);
}

function jsonLdImage(ld: Record<string, unknown> | null): string {
  if (!ld) return '';
  const image = ld['image'];
  const first = Array.isArray(image) ? image[0] : image;
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object') return stringsOf((first as Record<string, unknown>)['url'], 1)[0] ?? '';
  return '';
}

/**
 * The main media block first; else the image the metadata names, with its alt text and caption read from
 * where it appears in the page (a redesign may rename the block but keep the picture).
 */
function heroOf(doc: Document, root: ParentNode, meta: PageMeta, baseUrl: string): ArticleImage | null {
  const img = root.querySelector(`${SELECTORS.mainMedia} img`);
  const fromMedia = img ? imageFromElement(img, baseUrl) : null;
  if (fromMedia) return fromMedia;
  const src = absoluteImageUrl(jsonLdImage(meta.jsonLdArticle) || meta.ogImage, baseUrl);
  if (!src) return null;
  const id = imageIdentity(src);
  for (const candidate of doc.body ? listOf(doc.body.getElementsByTagName('img')) : []) {
    const found = imageFromElement(candidate, baseUrl);
    if (found && imageIdentity(found.src) === id) return { ...found, src };
  }
  return { src, alt: '', caption: '', credit: '' };
}

export function rfiPageParts(doc: Document, url: string, meta: PageMeta): ArticleParts {
  const ld = meta.jsonLdArticle;
  const root: ParentNode = doc.querySelector(SELECTORS.root) ?? doc;
  const info = parseRfiUrl(url);
  const section = jsonLdString(ld, 'articleSection') || (info ? sectionOf(info, true) : '');
  // A page may only name an rfi.fr page as its own address: a script URL or another site would become the
  // reader's "original" link and the archive's key.
  const declared = parseUrl(meta.canonical, url)?.href;
  const canonical = declared && parseRfiUrl(declared) ? declared : url;
  const authors = ld ? stringsOf(ld['author']) : [];
  const byline = (authors.length ? authors : Array.from(root.querySelectorAll(SELECTORS.author)).map(text)).filter(Boolean);
  const tagLinks = Array.from(root.querySelectorAll(SELECTORS.tags)).map(text).filter(Boolean);
  const times = Array.from(root.querySelectorAll(SELECTORS.time)).map((t) => t.getAttribute('datetime') ?? '');
  const body = root.querySelector(SELECTORS.body);
  return {
    title: text(root.querySelector(SELECTORS.title)) || jsonLdString(ld, 'headline') || stripSiteSuffix(meta.ogTitle || doc.title, section),
    lead: text(root.querySelector(SELECTORS.lead)) || '',
    byline: [...new Set(byline)].join('、'),
    section,
    tags: [...new Set(keywordsOf(ld).length ? keywordsOf(ld) : tagLinks)],
    publishedAt: normalizeIsoDate(jsonLdString(ld, 'datePublished') || meta.publishedTime || times[0]),
    modifiedAt: normalizeIsoDate(jsonLdString(ld, 'dateModified') || meta.modifiedTime || times[1]),
    heroImage: heroOf(doc, root, meta, url),
    canonicalUrl: canonicalizeRfiUrl(canonical),
    audio: audioOf(ld, root),
    body,
  };
}
