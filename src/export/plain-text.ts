import type { Article } from '../core/article';
import { collectionFileBase } from './collection';
import { assertNotEmpty, type ExportFile, type ExportItem } from './export-item';
import { publishedLine, tagsLine } from './export-words';

/** Images have no place in plain text: the body text, which holds no captions, is all there is. */
export function articleToText(article: Article): string {
  const meta = [publishedLine(article), article.byline, article.section].filter(Boolean).join(' · ');
  return `${[article.title, meta, article.lead, article.text, tagsLine(article), article.canonicalUrl].filter(Boolean).join('\n\n')}\n`;
}

/** A line no article text contains, so a reader (or a script) sees at once where one article ends. */
export const ARTICLE_SEPARATOR = `\n${'═'.repeat(24)}\n\n`;

export function textExport(items: ExportItem[]): ExportFile<string> {
  assertNotEmpty(items);
  const articles = items.map((item) => item.article);
  return {
    fileName: `${collectionFileBase(articles)}.txt`,
    mimeType: 'text/plain;charset=utf-8',
    content: articles.map(articleToText).join(ARTICLE_SEPARATOR),
  };
}
