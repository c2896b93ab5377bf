import type { Article } from './article';
import type { ArticleParts } from './article-parts';
import { cleanBody } from './clean-body';
import { detect, type Detection } from './detect';
import { childElementsOf } from './dom-children';
import { parseFeedEntry, type FeedEntry } from './feed-mirror';
import { imageIdentity } from './images';
import { pageTooLong, tooDeep, tooManyImages, unreadDetection } from './input-limits';
import { readPageMeta } from './page-meta';
import { readabilityBody } from './rules-readability';
import { feedEntryParts } from './rules-feed-entry';
import { rfiPageParts } from './rules-rfi-page';
import { sanitizeInPlace, windowFor } from './sanitize';
import { countCharacters, normalizeSpace, readingMinutes } from './text-measures';

export type ExtractResult =
  | { ok: true; article: Article; detection: Detection }
  | { ok: false; detection: Detection; reason: string };

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

export const LAYOUT_CHANGED_WARNING =
  "RFI's page layout seems to have changed: RFI's rules found no article body, so a generic reader algorithm was used. Please report this page so a fixture can be added.";

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

/** Detects, then extracts with RFI's rules, falling back to Readability when they find no body. */
export function extractArticle(input: ExtractInput): ExtractResult {
  const { doc, url, feed } = input;
  const meta = readPageMeta(doc);
  const detection = detect({ doc, url, fromFeed: Boolean(feed), meta });
  if (!detection.isArticle) return { ok: false, detection, reason: detection.reason };
  const deep = doc.documentElement ? tooDeep(doc.documentElement) : null;
  if (deep) return { ok: false, detection, reason: deep };

  const parts: ArticleParts = feed ? feedEntryParts(doc, feed) : rfiPageParts(doc, url, meta);
  const warnings: string[] = [];
  let body = parts.body;
  let extractedBy: Article['extractedBy'] = 'rfi';
  if (!body) {
    body = readabilityBody(doc);
    extractedBy = 'readability';
    warnings.push(LAYOUT_CHANGED_WARNING);
  }
  if (!body) return { ok: false, detection, reason: 'No article text could be found on this page, by RFI’s rules or by the generic reader.' };
  const crowded = tooManyImages(body);
  if (crowded) return { ok: false, detection, reason: crowded };

  const lang = detection.lang ?? 'zh-Hans';
  const { root: clean, images } = cleanBody(body, { baseUrl: url, lang, heroIdentity: parts.heroImage ? imageIdentity(parts.heroImage.src) : null });
  // Readability keeps RFI's standfirst inside the body: a lead repeated as the first paragraph is shown once.
  const firstParagraph = clean.querySelector('p');
  if (parts.lead && firstParagraph && normalizeSpace(firstParagraph.textContent ?? '') === parts.lead) firstParagraph.remove();
  sanitizeInPlace(clean, input.window ?? windowFor(doc));
  const paragraphs = paragraphsOf(clean);
  // A video item can be all lead: that is still an article. Nothing at all to read is not.
  if (paragraphs.length === 0 && !parts.lead) return { ok: false, detection, reason: 'The article body is empty once share buttons, promotions and players are removed.' };

  const text = paragraphs.join('\n\n');
  const title = normalizeSpace(parts.title) || normalizeSpace(feed?.title ?? '') || normalizeSpace(doc.title);
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
    extractedBy,
    warnings,
  };
  return { ok: true, article, detection };
}

/**
 * From text as saved on disk or fetched: a feed-mirror entry (its own URL inside) or a full HTML page (whose
 * URL the caller knows, or which names itself with a canonical link).
 */
export function extractFromText(text: string, parse: HtmlParser, url = ''): ExtractResult {
  const tooLong = pageTooLong(text);
  if (tooLong) return { ok: false, detection: unreadDetection(url, tooLong, false), reason: tooLong };
  const feed = parseFeedEntry(text);
  if (feed) return extractArticle({ doc: parse(feed.html, feed.url), url: feed.url, feed });
  const doc = parse(text, url || 'about:blank');
  const pageUrl = url || doc.querySelector('link[rel="canonical"]')?.getAttribute('href') || doc.querySelector('meta[property="og:url"]')?.getAttribute('content') || '';
  return extractArticle({ doc, url: pageUrl });
}
