import type { Article } from '../core/article';
import type { ImageType } from '../core/image-sniff';
import type { MirrorImportNote } from './mirror/import-note';

/** One image of a saved article: its bytes are in the `images` store under `hash`, or it could not be fetched. */
export type SavedImageRef = { src: string; hash: string; type: ImageType; bytes: number } | { src: string; missing: string };

/**
 * One article in the archive, keyed by its canonical URL. Plain data: it survives structured clone and JSON. In the
 * `articles` store its `article.text` is empty: the plain text is kept once, in the `search` store (`SearchText`),
 * which needs it anyway; reading a record back joins the two (`withText`).
 */
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

/** An image with its bytes, as a save or an import brings it and as a deletion hands it back for undo. */
export interface StoredImage {
  /** SHA-256 of `data`, lower-case hex: images are content-addressed and shared by every article that uses them. */
  hash: string;
  type: ImageType;
  bytes: number;
  data: Blob;
}

/** A row of the `images` store: where an image's bytes are, in which pack. */
export interface ImageRow {
  hash: string;
  type: ImageType;
  bytes: number;
  pack: string;
  /** Where the image starts in its pack. */
  offset: number;
}

/**
 * A row of the `packs` store: the bytes of several images in one Blob (since v4). Browsers keep each Blob value
 * in a file of its own, and a file per image made writing thousands of them slow: an import of 15,000 images
 * took 9 s (Chromium) to 30 s (Firefox) to store one by one, 2–3 s in packs. A save packs its own new images;
 * an import packs runs of its file. A pack goes when no image row points into it any more.
 */
export interface Pack {
  id: string;
  data: Blob;
}

/**
 * A row of the `search` store: the words of an article as written (the search index folds them when it loads) and
 * what its filters need. Its `text` is the article's plain text, kept here only. A store of its own costs a write
 * per article, but no time that shows: an import of 10,000 articles that kept the text in `articles` instead, and
 * wrote no search rows, took as long in Chromium (35.5 and 39.6 s, against 35.8 and 37.6 s in the same session).
 */
export interface SearchText {
  url: string;
  title: string;
  lead: string;
  text: string;
  section: string;
  savedAt: number;
  /** The search index's number for this text (search/doc-table.ts); a new save of the article gets a new one. */
  doc?: number;
}

export function searchTextOf(record: Pick<SavedArticle, 'url' | 'article' | 'savedAt'>): SearchText {
  const { title, lead, text, section } = record.article;
  return { url: record.url, title, lead, text, section, savedAt: record.savedAt };
}

/** The record as the `articles` store keeps it: without the plain text, which its search row holds. */
export function withoutText(record: SavedArticle): SavedArticle {
  return { ...record, article: { ...record.article, text: '' } };
}

/** The record whole again, its plain text from its search row. */
export function withText(record: SavedArticle, search: SearchText | undefined): SavedArticle {
  return { ...record, article: { ...record.article, text: search?.text ?? '' } };
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
  | { key: 'import'; value: ImportJournal }
  | { key: 'mirrorImport'; value: MirrorImportNote }
  /** The search index's next document and segment numbers. */
  | { key: 'nextDoc' | 'nextSegment'; value: number };

/** What a running import adds (import-journal.ts): what to take back if it never ends. */
export interface ImportJournal {
  /** The images it stages. */
  images: string[];
  /** The articles new here, each with the update time the import gives it. */
  added: { url: string; updatedAt: number }[];
}

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
