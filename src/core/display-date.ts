import { isFullwidthPunctuation } from './cjk-punctuation';
import { parisOffsetMinutes } from './paris-time';

/**
 * The long date and RFI's 24-hour time, in every locale. Named fields, not dateStyle: with an hour cycle set,
 * ICU gives zh-TW's dateStyle long as `2024/4/15`.
 */
const SHOWN: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/**
 * An article's date as people read it, written in `locale`: in Paris time (RFI's own), or in the zone of the
 * device. Paris time is shifted by paris-time.ts's offset and formatted as UTC, so the reader, the exports made
 * in a browser and those made by the CLI in Node all print the same time, whatever zone data each ships.
 * '' for a missing or unreadable date.
 */
export function formatArticleDate(iso: string, locale: string, zone: 'paris' | 'local'): string {
  return formatIso(iso, locale, SHOWN, zone);
}

/** The day of an article's date in Paris, as RFI dates it, written short in `locale` (a list's column). */
export function formatParisDay(iso: string, locale: string): string {
  return formatIso(iso, locale, { dateStyle: 'medium' }, 'paris');
}

function formatIso(iso: string, locale: string, options: Intl.DateTimeFormatOptions, zone: 'paris' | 'local'): string {
  const ms = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) return '';
  if (zone === 'local') return new Intl.DateTimeFormat(locale, options).format(ms);
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(ms + parisOffsetMinutes(ms) * 60_000);
}

/**
 * A formatted date followed by the name of its zone: `March 12, 2024 at 10:15 (Paris time)`, and with no space
 * before a full-width bracket, which has its own, `2024年3月12日 10:15（巴黎时间）`.
 */
export function withZoneName(date: string, zoneName: string): string {
  return date && `${date}${isFullwidthPunctuation(zoneName.charAt(0)) ? '' : ' '}${zoneName}`;
}
