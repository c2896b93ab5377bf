/** The scripts of RFI's Chinese service: simplified (/cn/) and traditional (/tw/). */
export const LANGS = ['zh-Hans', 'zh-Hant'] as const;
export type Lang = (typeof LANGS)[number];

export interface ArticleImage {
  /** Absolute http(s) URL. */
  src: string;
  alt: string;
  caption: string;
  credit: string;
}

/** A programme's recording: the reader shows its length and links to it (the file is on RFI's audio host). */
export interface ArticleAudio {
  /** https, on RFI's audio host (core/audio.ts checks both wherever an Article is made or read back). */
  url: string;
  durationSeconds: number;
}

/** How the body was found: by RFI's own layout rules, or by Readability when they found none. */
export const EXTRACTION_PATHS = ['rfi', 'readability'] as const;
export type ExtractionPath = (typeof EXTRACTION_PATHS)[number];

/** The one shape every consumer (reader, archive, export, CLI) reads. Plain data: it survives structured clone and JSON. */
export interface Article {
  /** Where the document was read from (the tab's URL, or the feed entry's link). */
  url: string;
  canonicalUrl: string;
  lang: Lang;
  title: string;
  lead: string;
  byline: string;
  section: string;
  tags: string[];
  /** ISO 8601 with offset, or '' when the page gives no date. */
  publishedAt: string;
  modifiedAt: string;
  heroImage: ArticleImage | null;
  /** Images inside the body, in document order (the hero is not repeated here). */
  images: ArticleImage[];
  /** Sanitized HTML of the body only (no title, lead or hero). */
  contentHtml: string;
  /** Plain text of the body, paragraphs separated by blank lines. */
  text: string;
  /** Characters of lead + body text, whitespace excluded (CJK text is not counted in words). */
  length: number;
  readingMinutes: number;
  /** Present on audio programmes: their length is listening time, not reading time. */
  audio?: ArticleAudio;
  extractedBy: ExtractionPath;
  /** Non-fatal findings the interface should show, e.g. that RFI's layout seems to have changed. */
  warnings: ArticleWarning[];
}

/** A finding about an extraction, named by its message. */
export type ArticleWarning = 'warningLayoutChanged';

/**
 * The warnings of a stored article. Articles saved before warnings were message keys hold the English sentence of
 * the only warning there was, the changed layout; anything else is not a warning this version knows.
 */
export function articleWarnings(stored: readonly string[]): ArticleWarning[] {
  return stored.flatMap((w): ArticleWarning[] =>
    w === 'warningLayoutChanged' || w.startsWith("RFI's page layout seems to have changed") ? ['warningLayoutChanged'] : [],
  );
}

/** The images a saved article shows, hero first, each source once: what a save fetches. */
export function articleImageSources(article: Pick<Article, 'heroImage' | 'images'>): string[] {
  return [...new Set([article.heroImage?.src, ...article.images.map((i) => i.src)].filter((s): s is string => Boolean(s)))];
}
