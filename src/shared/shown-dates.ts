import { formatArticleDate, formatParisDay, withZoneName } from '../core/display-date';
import { t, uiLanguage } from './i18n';

/**
 * Every date the extension's pages show, in the browser's language: RFI's in Paris time, as RFI prints them (the
 * full date with the zone named, the reader's own time beside it when the two differ); the user's own moments (a
 * save) in the device's time, which is the user's.
 */
export function publicationLine(iso: string): string {
  const paris = formatArticleDate(iso, uiLanguage(), 'paris');
  if (!paris) return '';
  const local = formatArticleDate(iso, uiLanguage(), 'local');
  return `${withZoneName(paris, t('parisTime'))}${local !== paris ? ` · ${withZoneName(local, t('localTime'))}` : ''}`;
}

/** The day RFI dated an article (Paris), short: the archive list's column. */
export const publicationDay = (iso: string): string => formatParisDay(iso, uiLanguage());

/** When the user saved an article, to the minute. */
export const savedMoment = (epochMs: number): string => new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);

/** The day the user saved an article: the archive list's column. */
export const savedDay = (epochMs: number): string => new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium' }).format(epochMs);
