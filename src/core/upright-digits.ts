import type { TextRange } from './text-runs';

/**
 * Runs of one to four ASCII digits set among Chinese text (`2024年3月12日`): in vertical columns they are set
 * upright in one em (tate-chū-yoko, CSS `text-combine-upright`) instead of lying on their side. Digits in a
 * longer token stay as they are (`G20`, `COVID-19`, `3.5`, `10:15`, `50%`, `1,000`, `12345`), and so do digits
 * in Latin text (`March 12, 2024`), which lies on its side as a whole.
 */
const HAN_OR_MARK = '[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef]';
const NOT_TOKEN_BEFORE = '(?<![A-Za-z0-9.,:/%+\\-_])';
const NOT_TOKEN_AFTER = '(?![A-Za-z0-9.,:/%\\-_])';
const UPRIGHT_DIGITS = new RegExp(`${NOT_TOKEN_BEFORE}(?:(?<=${HAN_OR_MARK})[0-9]{1,4}|[0-9]{1,4}(?=${HAN_OR_MARK}))${NOT_TOKEN_AFTER}`, 'gu');

export function uprightDigitRuns(text: string): TextRange[] {
  return Array.from(text.matchAll(UPRIGHT_DIGITS), (m) => ({ start: m.index, end: m.index + m[0].length }));
}
