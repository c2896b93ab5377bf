import { articleImageSources, type Article } from '../../core/article';
import { prepareRecord, type PreparedArticle } from '../prepare';

/** Why an imported article has no images: none is downloaded during an import (the reader may be offline, or filtered). */
export const NOT_FETCHED = 'not fetched: imported from a feed mirror';

/**
 * The record a mirror entry becomes, sanitized again as a save's is. Saved at the feed's time, so that an import of
 * 20,000 entries lists them in RFI's order rather than as one tie at the moment of the import (which would also
 * put all of them above everything saved before); never later than the import, so that a wrong clock in the feed
 * cannot keep an entry at the top of the list for good. Updated at the import's time: what counts for the backup
 * reminder (these articles are in no backup yet) and what tells an import's writes apart from later saves.
 */
export function mirrorRecord(article: Article, key: string, feedTimeMs: number, importedAt: number, win: Window): PreparedArticle {
  const images = articleImageSources(article).map((src) => ({ src, missing: NOT_FETCHED }));
  return prepareRecord({ url: key, article, savedAt: Math.min(feedTimeMs, importedAt), updatedAt: importedAt, images }, [], win);
}
