import { extractFromText, type HtmlParser } from '../core/extract';
import { messageOf } from '../core/message';
import { fetchArticlePage } from '../fetch-page';
import type { SaveReport } from '../messages';
import { ArchiveFullError, type Archive } from '../archive/archive';
import { fetchImages } from '../archive/fetch-images';
import { articleImageSources } from '../archive/prepare';

export interface SavePageDeps {
  archive: Pick<Archive, 'save'>;
  parse: HtmlParser;
  fetch: typeof fetch;
}

/**
 * Page → archive: extract (from the HTML given, or fetched from the URL), fetch the images, write it all at once.
 * Failures come back as a report, never a throw, so every caller can tell the user what happened.
 */
export async function savePage({ url, html }: { url: string; html?: string }, deps: SavePageDeps): Promise<SaveReport> {
  try {
    const page = html === undefined ? await fetchArticlePage(url, deps.fetch) : { html, url };
    const result = extractFromText(page.html, deps.parse, page.url);
    if (!result.ok) return { ok: false, url, error: result.reason, full: false };
    const { article } = result;
    const images = await fetchImages(articleImageSources(article), { fetch: deps.fetch });
    const { record, created, missing } = await deps.archive.save(article, images);
    return { ok: true, url: record.url, title: article.title, created, imagesSaved: images.length - missing.length, imagesMissing: missing };
  } catch (error) {
    return { ok: false, url, error: messageOf(error), full: error instanceof ArchiveFullError };
  }
}
