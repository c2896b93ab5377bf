export type { Article, ArticleImage, Lang, ExtractionPath } from './article';
export { detect, type Detection, type PageKind } from './detect';
export { extractArticle, extractFromText, paragraphsOf, LAYOUT_CHANGED_WARNING, type ExtractResult, type HtmlParser } from './extract';
export { parseFeedEntry, type FeedEntry } from './feed-mirror';
export { sanitizeHtml, sanitizeToFragment, SANITIZE_CONFIG } from './sanitize';
export { JUNK_SELECTORS } from './clean-body';
