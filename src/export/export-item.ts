import type { Article } from '../core/article';

/** An image's bytes as the archive stored them, with the MIME type the server gave (e.g. `image/jpeg`). */
export interface ExportImage {
  type: string;
  bytes: Uint8Array;
}

/**
 * What every export format takes: the article and the images saved with it, keyed by `src` exactly as it appears
 * in `article.contentHtml` (attribute value) or `article.heroImage.src`. A src with no entry is a missing image.
 */
export interface ExportItem {
  article: Article;
  images: Map<string, ExportImage>;
}

/** What every export format gives: the content and how to offer it for download. */
export interface ExportFile<Content extends Uint8Array | string = Uint8Array | string> {
  fileName: string;
  mimeType: string;
  content: Content;
}

/**
 * Raster types every EPUB reader must show (EPUB core media types) and every browser shows from a data: URI.
 * SVG is left out on purpose: it is a document that can carry scripts and remote references.
 */
const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** The stored image for `src` in a normalised, allowed type, or null when it is missing or of another type. */
export function exportableImage(item: ExportItem, src: string): (ExportImage & { extension: string }) | null {
  const image = item.images.get(src);
  if (!image || !image.bytes.length) return null;
  const type = image.type.split(';')[0]!.trim().toLowerCase();
  const extension = IMAGE_EXTENSIONS[type];
  return extension ? { type, bytes: image.bytes, extension } : null;
}

export function assertNotEmpty(items: ExportItem[]): void {
  if (!items.length) throw new RangeError('Nothing to export: the selection is empty.');
}
