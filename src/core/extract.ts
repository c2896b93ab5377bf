import type { Article, ArticleWarning } from './article';
import type { ArticleParts } from './article-parts';
import { cleanBody } from './clean-body';
import { detect, type Detection } from './detect';
import { childElementsOf } from './dom-children';
import { parseFeedEntry, type FeedEntry } from './feed-mirror';
import { imageIdentity } from './images';
import { bodyTooLarge, pageTooLong, tooDeep, unreadDetection } from './input-limits';
import { message, type Message } from './message';
import { readPageMeta } from './page-meta';
import { completeFallbackParts } from './rules-fallback';
import { readabilityBody } from './rules-readability';
import { feedEntryParts } from './rules-feed-entry';
import { rfiPageParts } from './rules-rfi-page';
import { sanitizeInPlace, windowFor } from './sanitize';
import { countCharacters, normalizeSpace, readingMinutes } from './text-measures';

export type ExtractResult = { ok: true; article: Article; detection: Detection } | { ok: false; detection: Detection; reason: Message };

export interface ExtractInput {
  doc: Document;
  url: string;
  /** Present when the document is the HTML of a feed-mirror entry. */
  feed?: FeedEntry | null;
  /** The DOM used to sanitize; defaults to the document's own window, then the global one. */
  window?: Window;
}

/** Turns a string into a document: DOMParser in a browser, jsdom in Node. */
export type HtmlParser = (html: string, url: string) => Document;

/** The browser's own: the HTML standard's parse, scripting off, nothing loaded or run. */
export const parseWithDomParser: HtmlParser = (html) => new DOMParser().parseFromString(html, 'text/html');

const TEXT_BLOCKS = new Set(['P', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'DT', 'DD', 'TD', 'TH', 'CAPTION']);

/** The paragraphs a reader reads, in order: innermost text blocks; figures (images, players) are not text. */
export function paragraphsOf(root: Element): string[] {
  const out: string[] = [];
  const collect = (el: Element): boolean => {
    let hasBlock = false;
    for (const child of childElementsOf(el)) {
      if (child.tagName !== 'FIGURE' && collect(child)) hasBlock = true;
    }
    if (!TEXT_BLOCKS.has(el.tagName)) return hasBlock;
    if (!hasBlock) {
      const text = normalizeSpace(el.textContent ?? '');
      if (text) out.push(text);
    }
    return true;
  };
  collect(root);
  return out;
}

/** Removes the paragraphs and headings whose whole text is one of `texts` (parsed HTML nests those at most a level or two: linear). */
function dropBlocksSaying(body: Element, texts: (string | null | undefined)[]): void {
  const said = new Set(texts.map((t) => normalizeSpace(t ?? '')).filter(Boolean));
  if (said.size === 0) return;
  for (const block of Array.from(body.querySelectorAll('p, h2, h3, h4'))) {
    if (said.has(normalizeSpace(block.textContent ?? ''))) block.remove();
  }
}

/** Detects, then extracts with RFI's rules, falling back to Readability when they find no body. */
export function extractArticle(input: ExtractInput): ExtractResult {
  const { doc, url, feed } = input;
  const meta = readPageMeta(doc);
  const detection = detect({ doc, url, fromFeed: Boolean(feed), meta });
  if (!detection.isArticle) return { ok: false, detection, reason: detection.reason };
  const deep = doc.documentElement ? tooDeep(doc.documentElement) : null;
  if (deep) return { ok: false, detection, reason: deep };

  let parts: ArticleParts = feed ? feedEntryParts(doc, feed) : rfiPageParts(doc, url, meta);
  const warnings: ArticleWarning[] = [];
  let body = parts.body;
  let extractedBy: Article['extractedBy'] = 'rfi';
  if (!body) {
    body = readabilityBody(doc);
    extractedBy = 'readability';
    warnings.push('warningLayoutChanged');
    parts = completeFallbackParts(doc, url, meta, parts);
  }
  if (!body) return { ok: false, detection, reason: message('reasonNoBody') };
  const crowded = bodyTooLarge(body);
  if (crowded) return { ok: false, detection, reason: crowded };

  const lang = detection.lang ?? 'zh-Hans';
  const title = normalizeSpace(parts.title) || normalizeSpace(feed?.title ?? '') || normalizeSpace(doc.title);
  const { root: clean, images } = cleanBody(body, { baseUrl: url, lang, heroIdentity: parts.heroImage ? imageIdentity(parts.heroImage.src) : null });
  // Readability keeps what a page shows above the text (RFI's standfirst; on a changed layout the headline and a
  // hero caption standing outside its figure too): shown above the body, it is not repeated in it.
  const hero = parts.heroImage;
  dropBlocksSaying(clean, extractedBy === 'rfi' ? [parts.lead] : [title, parts.lead, hero?.caption, hero && `${hero.caption} ${hero.credit}`]);
  sanitizeInPlace(clean, input.window ?? windowFor(doc));
  const paragraphs = paragraphsOf(clean);
  // A video item can be all lead: that is still an article. Nothing at all to read is not.
  if (paragraphs.length === 0 && !parts.lead) return { ok: false, detection, reason: message('reasonBodyEmpty') };

  const text = paragraphs.join('\n\n');
  const article: Article = {
    url,
    canonicalUrl: parts.canonicalUrl,
    lang,
    title,
    lead: parts.lead,
    byline: parts.byline,
    section: parts.section,
    tags: parts.tags,
    publishedAt: parts.publishedAt,
    modifiedAt: parts.modifiedAt,
    heroImage: parts.heroImage,
    images,
    contentHtml: clean.innerHTML,
    text,
    length: countCharacters(parts.lead) + countCharacters(text),
    readingMinutes: readingMinutes(`${parts.lead}\n${text}`),
    ...(parts.audio ? { audio: parts.audio } : {}),
    extractedBy,
    warnings,
  };
  return { ok: true, article, detection };
}

/** A page as a context holds it: its HTML and the address it came from ('' when the page names itself). */
export interface PageSnapshot {
  html: string;
  url: string;
}

/**
 * The one way a page becomes an Article, in every context: a tab's snapshot, a fetched page, a file on disk. The
 * size limits first (before anything is parsed), then a feed-mirror entry (its own URL inside) or a full HTML page
 * (at the address given, or the one its canonical link names). `window`: the DOM that sanitizes, when the parsed
 * document has none of its own (DOMParser's).
 */
export function extractSnapshot(page: PageSnapshot, parse: HtmlParser, window?: Window): ExtractResult {
  const { html, url } = page;
  const tooLong = pageTooLong(html);
  if (tooLong) return { ok: false, detection: unreadDetection(url, tooLong, false), reason: tooLong };
  const feed = parseFeedEntry(html);
  if (feed) return extractArticle({ doc: parse(feed.html, feed.url), url: feed.url, feed, window });
  const doc = parse(html, url || 'about:blank');
  const pageUrl =
    url || doc.querySelector('link[rel="canonical"]')?.getAttribute('href') || doc.querySelector('meta[property="og:url"]')?.getAttribute('content') || '';
  return extractArticle({ doc, url: pageUrl, window });
}
