import type { Article } from '../core/article';
import { wallClockOf } from '../core/display-date';

export function articleToText(article: Article): string {
  const meta = [wallClockOf(article.publishedAt), article.byline, article.section].filter(Boolean).join(' · ');
  return `${[article.title, meta, article.lead, article.text, article.canonicalUrl].filter(Boolean).join('\n\n')}\n`;
}
