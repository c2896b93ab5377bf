import type { Article } from '../core/article';

/** One image of a saved article: its bytes are in the `images` store under `hash`, or it could not be fetched. */
export type SavedImageRef =
  | { src: string; hash: string; type: ImageType; bytes: number }
  | { src: string; missing: string };

/** The raster formats the archive keeps. SVG is refused: it is a document that can carry script. */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/avif';

/** One article in the archive, keyed by its canonical URL. Plain data: it survives structured clone and JSON. */
export interface SavedArticle {
  url: string;
  /** Sanitized (again) when written. */
  article: Article;
  /** Epoch ms of the first save; a re-save keeps it. */
  savedAt: number;
  /** Epoch ms of the latest save. */
  updatedAt: number;
  /** One entry per image source of the article (hero first), in order. */
  images: SavedImageRef[];
  /** The hashes of the stored images, for the multi-entry index that tells whether an image is still used. */
  imageHashes: string[];
  /** Bytes the record takes: its text as UTF-8 plus the bytes of its images. */
  bytes: number;
}

/** A row of the `images` store: content-addressed, shared by every article that uses the same bytes. */
export interface StoredImage {
  /** SHA-256 of `data`, lower-case hex. */
  hash: string;
  type: ImageType;
  bytes: number;
  /**
   * A Blob rather than bytes (since v3): browsers keep Blob values in files beside the database, so the database
   * itself stays small, and quick to open, list and write, however many images the archive holds.
   */
  data: Blob;
}

/** A row of the `search` store: the folded text that queries are matched against, and what filters need. */
export interface SearchText {
  url: string;
  text: string;
  section: string;
  savedAt: number;
}

/**
 * A row of the `rows` store: what the archive page's list shows of an article, a few hundred bytes against the
 * record's tens of kilobytes, so that the first screen of a large archive is one small read.
 */
export interface ArchiveRow {
  url: string;
  /** Minus the first-save time: an index on it gives newest first to a plain `getAll`, which reads upwards only. */
  order: number;
  title: string;
  lang: Article['lang'];
  section: string;
  publishedAt: string;
  savedAt: number;
  bytes: number;
  /** The stored image the list shows as a thumbnail: the hero, else the first stored one. */
  thumb: string | null;
}

/** A row of the `meta` store. */
export type MetaEntry =
  | { key: 'lastBackupAt'; value: number }
  /** Images an import is writing ahead of its records (see staged-images.ts); gone once the import ends. */
  | { key: 'stagedImages'; value: string[] };

export function isStoredRef(ref: SavedImageRef): ref is Extract<SavedImageRef, { hash: string }> {
  return 'hash' in ref;
}

export function rowOf(record: SavedArticle): ArchiveRow {
  const { article } = record;
  const stored = record.images.filter(isStoredRef);
  const thumb = stored.find((r) => r.src === article.heroImage?.src) ?? stored[0];
  return {
    url: record.url,
    order: -record.savedAt,
    title: article.title,
    lang: article.lang,
    section: article.section,
    publishedAt: article.publishedAt,
    savedAt: record.savedAt,
    bytes: record.bytes,
    thumb: thumb?.hash ?? null,
  };
}
