import type { ArticleImage } from './article';

/** What a site-specific rule set finds before cleaning: metadata, and a detached copy of the body (or null). */
export interface ArticleParts {
  title: string;
  lead: string;
  byline: string;
  section: string;
  tags: string[];
  publishedAt: string;
  modifiedAt: string;
  heroImage: ArticleImage | null;
  canonicalUrl: string;
  body: Element | null;
}

/** RFI appends its name (and sometimes a programme name) to titles; the headline is what comes before. */
export function stripSiteSuffix(title: string, section = ''): string {
  let t = title.replace(/\s*[-–—|]\s*(法国国际广播电台|法國國際廣播電台|法广|法廣)?\s*[-–—|]?\s*RFI\s*$/i, '').trim();
  t = t.replace(/\s*[-–—|]\s*(法国国际广播电台|法國國際廣播電台)\s*$/, '').trim();
  if (section && t.endsWith(` - ${section}`)) t = t.slice(0, -(section.length + 3)).trim();
  return t;
}
