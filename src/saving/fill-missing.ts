import { ArchiveFullError, type Archive } from '../archive/archive';
import { isStoredRef } from '../archive/records';
import { message, messageOf, type Message } from '../core/message';
import { fetchImages } from './fetch-images';

/** What became of fetching an archived article's missing images, asked for from the reader. */
export type FillReport =
  | { ok: true; stored: number; missing: { src: string; reason: string }[] }
  | { ok: false; error: Message; /** The disk or the browser's quota is full; nothing was written. */ full: boolean };

export interface FillMissingDeps {
  archive: Pick<Archive, 'get' | 'fillImages'>;
  fetch: typeof fetch;
}

/**
 * Fetches the images the archived article at `url` lacks (with the save's limits; only RFI's hosts are asked, the
 * others refused unrequested by fetchImages) and stores what came in. Never throws: the reader says what happened.
 */
export async function fillMissingImages(url: string, deps: FillMissingDeps): Promise<FillReport> {
  try {
    const record = await deps.archive.get(url);
    const srcs = record?.images.filter((r) => !isStoredRef(r)).map((r) => r.src) ?? [];
    const filled = record && (await deps.archive.fillImages(url, await fetchImages(srcs, { fetch: deps.fetch })));
    if (!filled) return { ok: false, error: message('readerNotInArchive'), full: false };
    return { ok: true, stored: filled.stored.length, missing: filled.missing };
  } catch (error) {
    return { ok: false, error: messageOf(error), full: error instanceof ArchiveFullError };
  }
}
