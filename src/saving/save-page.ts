import { extractSnapshot, type HtmlParser, type PageSnapshot } from '../core/extract';
import { messageOf, type Message } from '../core/message';
import { fetchArticlePage } from './fetch-page';
import { ArchiveFullError, type Archive } from '../archive/archive';
import { fetchImages } from './fetch-images';
import { articleImageSources, type Article } from '../core/article';

/** What became of one save: the user is told what was kept and what was not. */
export type SaveReport =
  | { ok: true; url: string; title: string; created: boolean; imagesSaved: number; imagesMissing: { src: string; reason: string }[] }
  | { ok: false; url: string; error: Message; /** The disk or the browser's quota is full; nothing was written. */ full: boolean };

/** What a save is given: an article already read, a page's HTML, or an address to fetch. */
export type SavedFrom = { article: Article } | PageSnapshot | { url: string };

export interface SavePageDeps {
  archive: Pick<Archive, 'save'>;
  parse: HtmlParser;
  fetch: typeof fetch;
}

/** The article to save: as it came, or read from the page given or fetched (the one extraction of this save). */
async function articleOf(from: SavedFrom, deps: SavePageDeps): Promise<Article | Message> {
  if ('article' in from) return from.article;
  const page = 'html' in from ? from : await fetchArticlePage(from.url, deps.fetch);
  const result = extractSnapshot(page, deps.parse);
  return result.ok ? result.article : result.reason;
}

/**
 * Article → archive: fetch the images, write it all at once. Failures come back as a report, never a throw, so
 * every caller can tell the user what happened. An article that comes read is sanitized again where it is stored,
 * like every other (its sender is an extension page, which could write the archive itself).
 */
export async function savePage(from: SavedFrom, deps: SavePageDeps): Promise<SaveReport> {
  const url = 'article' in from ? from.article.url : from.url;
  try {
    const article = await articleOf(from, deps);
    if ('key' in article) return { ok: false, url, error: article, full: false };
    const images = await fetchImages(articleImageSources(article), { fetch: deps.fetch });
    const { record, created, missing } = await deps.archive.save(article, images);
    return { ok: true, url: record.url, title: article.title, created, imagesSaved: images.length - missing.length, imagesMissing: missing };
  } catch (error) {
    return { ok: false, url, error: messageOf(error), full: error instanceof ArchiveFullError };
  }
}
