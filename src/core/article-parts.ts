import type { Article } from './article';

/**
 * What a site-specific rule set finds before cleaning: metadata, and the body element as the page has it (or
 * null). Cleaning only reads it.
 */
export type ArticleParts = Pick<
  Article,
  'title' | 'lead' | 'byline' | 'section' | 'tags' | 'publishedAt' | 'modifiedAt' | 'heroImage' | 'canonicalUrl' | 'audio'
> & {
  body: Element | null;
};

/**
 * Only the end of a title can be RFI's suffix, so the patterns below run on its last 200 characters: their
 * `\s*…$` tries every starting point of a run of white space, quadratic on a title that is a megabyte of it.
 */
function stripEnd(title: string, suffix: RegExp): string {
  const text = title.trimEnd();
  const cut = Math.max(0, text.length - 200);
  return (text.slice(0, cut) + text.slice(cut).replace(suffix, '')).trim();
}

/** RFI appends its name (and sometimes a programme name) to titles; the headline is what comes before. */
export function stripSiteSuffix(title: string, section = ''): string {
  let t = stripEnd(title, /\s*[-–—|]\s*(法国国际广播电台|法國國際廣播電台|法广|法廣)?\s*[-–—|]?\s*RFI\s*$/i);
  t = stripEnd(t, /\s*[-–—|]\s*(法国国际广播电台|法國國際廣播電台)\s*$/);
  if (section && t.endsWith(` - ${section}`)) t = t.slice(0, -(section.length + 3)).trim();
  return t;
}
