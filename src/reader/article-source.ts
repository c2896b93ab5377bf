import type { Archive } from '../archive/archive';
import type { SavedArticle } from '../archive/records';
import type { Article } from '../core/article';
import { isRfiImageSrc } from '../core/images';
import { extractSnapshot, parseWithDomParser } from '../core/extract';
import { t, say } from '../shared/i18n';
import { waitForSnapshot } from '../shared/snapshots';
import { measureExtraction } from './paint-marks';

/** A link is fetched while the reader tab waits: slow and filtered connections get a generous minute. */
const SNAPSHOT_WAIT_MS = 60_000;

/** What the reader shows: an article just read from a page (a snapshot), or one kept in the archive. */
export type ReaderSource =
  | { kind: 'snapshot'; article: Article }
  | ({ kind: 'saved'; article: Article; savedAt: number; updatedAt: number } & SavedImages)
  | { kind: 'none'; message: string };

/** An archived article's images: the stored ones by source, and the sources on RFI's hosts it lacks (which may be fetched). */
export interface SavedImages {
  /** The article's key in the archive. */
  url: string;
  images: Map<string, Blob>;
  missing: string[];
}

let archive: Promise<Archive> | undefined;

// The archive code (IndexedDB, search, backup) loads only for saved articles: reading a page stays light.
const openedArchive = () => (archive ??= import('../archive/archive').then(({ openArchive }) => openArchive()));

async function imagesOfRecord(opened: Archive, record: SavedArticle): Promise<SavedImages> {
  const missing = record.images.flatMap((r) => ('missing' in r && isRfiImageSrc(r.src) ? [r.src] : []));
  return { url: record.url, images: await opened.imagesFor(record), missing };
}

/**
 * `?snapshot=<id>`: the page the user was on, extracted here (the extractor lives in extension pages, never in the
 * content script). `?saved=<url>`: the archived article with its stored images, which needs no network at all.
 */
export async function loadReaderSource(params: URLSearchParams): Promise<ReaderSource> {
  const savedUrl = params.get('saved');
  if (savedUrl) {
    const opened = await openedArchive();
    const record = await opened.get(savedUrl);
    if (!record) return { kind: 'none', message: t('readerNotInArchive') };
    const { article, savedAt, updatedAt } = record;
    return { kind: 'saved', article, savedAt, updatedAt, ...(await imagesOfRecord(opened, record)) };
  }
  const snapshotId = params.get('snapshot');
  const snapshot = snapshotId ? await waitForSnapshot(snapshotId, SNAPSHOT_WAIT_MS) : null;
  if (!snapshotId || !snapshot) return { kind: 'none', message: t('readerNothingToShow') };
  if ('error' in snapshot) return { kind: 'none', message: t('readerPageUnreadable', say(snapshot.error)) };
  const result = measureExtraction(() => extractSnapshot(snapshot, parseWithDomParser, window));
  return result.ok ? { kind: 'snapshot', article: result.article } : { kind: 'none', message: `${t('popupNotArticle')} ${say(result.reason)}` };
}

/** The archived article's images as they are now (after a fetch of its missing ones), or null once it is deleted. */
export async function savedImagesOf(url: string): Promise<SavedImages | null> {
  const opened = await openedArchive();
  const record = await opened.get(url);
  return record ? imagesOfRecord(opened, record) : null;
}
