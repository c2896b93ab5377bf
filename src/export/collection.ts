import type { Article, Lang } from '../core/article';
import { articleSlug } from './file-names';

/** The language most of the selection is written in (the first article's on a tie): the book's or page's own. */
export function primaryLang(articles: Article[]): Lang {
  const hant = articles.filter((a) => a.lang === 'zh-Hant').length;
  const hans = articles.length - hant;
  return hant > hans || (hant === hans && articles[0]?.lang === 'zh-Hant') ? 'zh-Hant' : 'zh-Hans';
}

/** One article keeps its headline; a selection is named after its first article and its size. */
export function collectionTitle(articles: Article[]): string {
  const [first] = articles;
  if (!first) return '';
  return articles.length === 1 ? first.title : `${first.title} 等 ${articles.length} 篇`;
}

export function tocHeading(lang: Lang): string {
  return lang === 'zh-Hant' ? '目錄' : '目录';
}

/** File name without extension: the article's slug, or for a selection its size. */
export function collectionFileBase(articles: Article[]): string {
  return articles.length === 1 ? articleSlug(articles[0]!) : `rfi-${articles.length}-articles`;
}
