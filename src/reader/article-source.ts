import type { Article } from '../core/article';
import { extractSnapshot, parseWithDomParser } from '../core/extract';
import { t, say } from '../shared/i18n';
import { waitForSnapshot } from '../shared/snapshots';
import { measureExtraction } from './paint-marks';

/** A link is fetched while the reader tab waits: slow and filtered connections get a generous minute. */
const SNAPSHOT_WAIT_MS = 60_000;

/** What the reader shows: an article just read from a page (a snapshot), or one kept in the archive. */
export type ReaderSource =
  | { kind: 'snapshot'; article: Article }
  | { kind: 'saved'; article: Article; savedAt: number; updatedAt: number; images: Map<string, Blob> }
  | { kind: 'none'; message: string };

/**
 * `?snapshot=<id>`: the page the user was on, extracted here (the extractor lives in extension pages, never in the
 * content script). `?saved=<url>`: the archived article with its stored images, which needs no network at all.
 */
export async function loadReaderSource(params: URLSearchParams): Promise<ReaderSource> {
  const savedUrl = params.get('saved');
  if (savedUrl) {
    // The archive code (IndexedDB, search, backup) loads only for saved articles: reading a page stays light.
    const { openArchive } = await import('../archive/archive');
    const archive = await openArchive();
    const record = await archive.get(savedUrl);
    if (!record) return { kind: 'none', message: t('readerNotInArchive') };
    return { kind: 'saved', article: record.article, savedAt: record.savedAt, updatedAt: record.updatedAt, images: await archive.imagesFor(record) };
  }
  const snapshotId = params.get('snapshot');
  const snapshot = snapshotId ? await waitForSnapshot(snapshotId, SNAPSHOT_WAIT_MS) : null;
  if (!snapshotId || !snapshot) return { kind: 'none', message: t('readerNothingToShow') };
  if ('error' in snapshot) return { kind: 'none', message: t('readerPageUnreadable', say(snapshot.error)) };
  const result = measureExtraction(() => extractSnapshot(snapshot, parseWithDomParser, window));
  return result.ok ? { kind: 'snapshot', article: result.article } : { kind: 'none', message: `${t('popupNotArticle')} ${say(result.reason)}` };
}

/**
 * Points the shown images at their stored bytes. Done after sanitizing (which admits only http(s) addresses);
 * an image that could not be saved keeps its address and loads only when the network is there.
 */
export function showStoredImages(root: HTMLElement, images: Map<string, Blob>): void {
  const urls = new Map([...images].map(([src, blob]) => [src, URL.createObjectURL(blob)]));
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const stored = urls.get(img.getAttribute('src') ?? '');
    if (!stored) continue;
    img.removeAttribute('srcset');
    img.src = stored;
  }
}
