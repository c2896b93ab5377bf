import type { Article } from './article';

/**
 * What a site-specific rule set finds before cleaning: metadata, and the body element as the page has it (or
 * null). Cleaning only reads it.
 */
export type ArticleParts = Pick<Article, 'title' | 'lead' | 'byline' | 'section' | 'tags' | 'publishedAt' | 'modifiedAt' | 'heroImage' | 'canonicalUrl'> & {
  body: Element | null;
};

/** RFI appends its name (and sometimes a programme name) to titles; the headline is what comes before. */
export function stripSiteSuffix(title: string, section = ''): string {
  let t = title.replace(/\s*[-–—|]\s*(法国国际广播电台|法國國際廣播電台|法广|法廣)?\s*[-–—|]?\s*RFI\s*$/i, '').trim();
  t = t.replace(/\s*[-–—|]\s*(法国国际广播电台|法國國際廣播電台)\s*$/, '').trim();
  if (section && t.endsWith(` - ${section}`)) t = t.slice(0, -(section.length + 3)).trim();
  return t;
}
