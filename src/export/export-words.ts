import type { Article, Lang } from '../core/article';
import { formatArticleDate, withZoneName } from '../core/display-date';

/**
 * The few words an export adds to the article's own, in the article's script: a file is read far from the
 * extension and its interface language, and the CLI has none.
 */
const WORDS: Record<Lang, { locale: string; parisTime: string; tags: string; source: string }> = {
  'zh-Hans': { locale: 'zh-CN', parisTime: '（巴黎时间）', tags: '标签：', source: '原文：' },
  'zh-Hant': { locale: 'zh-TW', parisTime: '（巴黎時間）', tags: '標籤：', source: '原文：' },
};

/** A stored record's language is not trusted to be one of the two. */
const wordsFor = (lang: Lang) => WORDS[lang] ?? WORDS['zh-Hans'];

/** Who published every exported article: the EPUB's dc:publisher. */
export const PUBLISHER = 'RFI';

/** The publication date as the reader shows it, Paris time with the zone named; '' when there is none. */
export function publishedLine(article: Article): string {
  const words = wordsFor(article.lang);
  return withZoneName(formatArticleDate(article.publishedAt, words.locale, 'paris'), words.parisTime);
}

/** `标签：中国经济、消费`, or '' for an article without tags. */
export function tagsLine(article: Article): string {
  return article.tags.length ? `${wordsFor(article.lang).tags}${article.tags.join('、')}` : '';
}

/** The words before the source address. */
export const sourceLabel = (lang: Lang): string => wordsFor(lang).source;
