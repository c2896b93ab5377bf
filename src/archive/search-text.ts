import { toSimplified } from '../core/chinese-script';
import type { SavedArticle, SearchText } from './records';

/**
 * One spelling for matching: compatibility forms unified (full-width Latin and digits become ASCII), traditional
 * characters turned simplified, Latin in lower case. Text and queries go through the same fold, so 習近平 finds
 * 习近平 and the other way round.
 */
export function foldForSearch(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** Title, lead and body, each on its own line so that a query never matches across two of them. */
export function searchTextOf(record: Pick<SavedArticle, 'url' | 'article' | 'savedAt'>): SearchText {
  const { title, lead, text } = record.article;
  return {
    url: record.url,
    text: foldForSearch(`${title}\n${lead}\n${text}`),
    section: record.article.section,
    savedAt: record.savedAt,
  };
}

/** The whitespace-separated terms of a query, folded; empty terms dropped. */
export function queryTerms(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}
