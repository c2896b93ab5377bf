import type { Article } from '../core/article';
import { t } from './i18n';

/**
 * How long an article takes, in the reader and the popup alike: a programme's recording is what it is about (its
 * page text, a few lines of show notes, would say "about 1 min read"), so its length is listening time.
 */
export function lengthText(article: Pick<Article, 'readingMinutes' | 'audio'>): string {
  if (!article.audio) return t('readingMinutes', String(article.readingMinutes));
  const seconds = article.audio.durationSeconds;
  return t('audioDuration', String(Math.floor(seconds / 60)), String(seconds % 60));
}
