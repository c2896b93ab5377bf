import { articleImageSources, type Article } from '../core/article';
import { langOfEdition } from '../core/lang';
import { message, MessageError } from '../core/message';
import { canonicalizeRfiUrl, parseRfiUrl } from '../core/rfi-url';
import { sanitizeHtml, windowFor } from '../core/sanitize';
import type { ImageType } from '../core/image-sniff';
import type { FetchedImage } from '../saving/fetch-images';
import { isStoredRef, searchTextOf, withoutText, type SavedArticle, type SavedImageRef, type SearchText, type StoredImage } from './records';
import { sha256Hex } from './sha256';

/** Everything a write needs, computed before the transaction opens (hashing and sanitizing are not IDB requests). */
export interface PreparedArticle {
  /** As the `articles` store keeps it: its plain text is in `search`. */
  record: SavedArticle;
  /** The bytes of the images the record refers to (each hash once). */
  images: StoredImage[];
  search: SearchText;
}

/**
 * The archive's key for an article: its canonical https://www.rfi.fr/ URL in RFI's Chinese service (/cn/, /tw/),
 * or null for anything else, so that what is saved is what a backup of it may hold.
 */
export function archiveKeyOf(url: string): string | null {
  const key = canonicalizeRfiUrl(url);
  const info = key.startsWith('https://') ? parseRfiUrl(key) : null;
  return info && langOfEdition(info.edition) ? key : null;
}

/** The key an article is saved under: that of its canonical address (or, without one, of the page's). */
export function articleKeyOf(article: Pick<Article, 'url' | 'canonicalUrl'>): string | null {
  return archiveKeyOf(article.canonicalUrl || article.url);
}

/** `win`: the DOM that sanitizes; the page's own when undefined. */
export async function prepareSave(article: Article, fetched: FetchedImage[], win: Window | undefined, now: number): Promise<PreparedArticle> {
  const url = articleKeyOf(article);
  if (!url) throw new MessageError(message('errorNotRfiArticle', article.canonicalUrl || article.url));
  const byUrl = new Map(fetched.map((f) => [f.src, f]));
  const images = new Map<string, StoredImage>();
  const refs: SavedImageRef[] = [];
  for (const src of articleImageSources(article)) {
    const f = byUrl.get(src);
    if (!f) {
      refs.push({ src, missing: 'not fetched' });
    } else if ('missing' in f) {
      refs.push({ src, missing: f.missing });
    } else {
      const image = await storedImageOf(f);
      images.set(image.hash, image);
      refs.push({ src, hash: image.hash, type: image.type, bytes: image.bytes });
    }
  }
  return prepareRecord({ url, article, savedAt: now, updatedAt: now, images: refs }, [...images.values()], win);
}

/** A fetched image as the archive stores it: content-addressed by its SHA-256. */
export async function storedImageOf(fetched: { bytes: Uint8Array; type: ImageType }): Promise<StoredImage> {
  const { bytes, type } = fetched;
  return { hash: await sha256Hex(bytes), type, bytes: bytes.length, data: new Blob([bytes as BlobPart], { type }) };
}

/** Sanitizes the body again (defence in depth) and derives the fields that must agree with the rest. */
export function prepareRecord(
  base: Pick<SavedArticle, 'url' | 'article' | 'savedAt' | 'updatedAt' | 'images'>,
  images: StoredImage[],
  win: Window = windowFor(),
): PreparedArticle {
  const article = { ...base.article, contentHtml: sanitizeHtml(base.article.contentHtml, win) };
  const stored = base.images.filter(isStoredRef);
  const imageHashes = [...new Set(stored.map((r) => r.hash))];
  const imageBytes = imageHashes.reduce((sum, h) => sum + (stored.find((r) => r.hash === h)?.bytes ?? 0), 0);
  const record: SavedArticle = {
    ...base,
    article,
    imageHashes,
    bytes: utf8Length(JSON.stringify(article)) + imageBytes,
  };
  return { record: withoutText(record), images, search: searchTextOf(record) };
}

/** The length of `text` in UTF-8, counted rather than encoded (an import counts 10,000 articles). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two code units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2; // Three bytes, as is a lone surrogate (encoded as U+FFFD).
  }
  return bytes;
}
