import { deleteRanges, runText, textRuns, type TextRange } from './text-runs';

/**
 * Full-width punctuation carries its own blank half of an em (clreq §3.1): a space typed beside it doubles the
 * gap. The classes below are what the spacing and the punctuation-trimming rules test.
 */
const OPENING = '（［｛〔〈《「『【〖〘〚“‘';
const CLOSING = '）］｝〕〉》」』】〗〙〛”’';
/** Stops and commas: simplified fonts set them against the left of their em, traditional fonts in its centre. */
const STOPS = '，。、．：；';
/** ！ and ？ take a whole em in both, with nothing to trim. */
const MARKS = '！？';
const P = `[${OPENING}${CLOSING}${STOPS}${MARKS}]`;
const TRIMMABLE = `[${OPENING}${CLOSING}${STOPS}]`;
/** Characters set on the em grid: Han, kana, bopomofo and the full-width letters and digits. */
const C = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Bopomofo}\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a]';
/** Half-width spaces (a no-break one included); the ideographic space is a deliberate full-width blank. */
const SPACE = '[ \\t\\n\\r\\f\\u00a0]+';
const LOOSE = new RegExp(`(?<=${P})${SPACE}(?=${P}|${C})|(?<=${C})${SPACE}(?=${P})`, 'gu');

const FULLWIDTH_PUNCTUATION = new RegExp(`^${P}$`, 'u');
export const isFullwidthPunctuation = (char: string): boolean => FULLWIDTH_PUNCTUATION.test(char);

/**
 * `中国 （法广）` → `中国（法广）`, `报道 ，` → `报道，`, `。 他说` → `。他说`: half-width space goes wherever full-width
 * punctuation meets a CJK character or another mark. Space between Latin words, or between Latin and Chinese,
 * is left alone.
 */
export function tightenCjkSpacing(text: string): string {
  return text.replace(LOOSE, '');
}

/** The same rule over every run of text under `root`, across inline elements too (`中国 <a>（法广）</a>`). */
export function tightenCjkSpacingIn(root: Element): void {
  for (const run of textRuns(root)) {
    const loose = Array.from(runText(run).matchAll(LOOSE), (m) => ({ start: m.index, end: m.index + m[0].length }));
    if (loose.length) deleteRanges(run, loose);
  }
}

/** A mark whose blank half an adjacent mark makes redundant; `simplifiedOnly` when traditional fonts centre it. */
export interface TrimmedMark extends TextRange {
  simplifiedOnly: boolean;
}

const OPENING_AFTER_MARK = new RegExp(`(?<=${TRIMMABLE})[${OPENING}]`, 'gu');
const CLOSING_BEFORE_CLOSING = new RegExp(`[${CLOSING}${STOPS}](?=[${CLOSING}${STOPS}])`, 'gu');

/**
 * What CSS `text-spacing-trim: normal` halves, for browsers without it (Firefox): an opening mark after another
 * mark (`。“`, `）（`), and a closing mark or stop before another (`。”`, `）。`). A stop is trimmed in simplified
 * text only, its traditional glyph being centred. Measured against Chromium 156 with Noto CJK: the same marks,
 * the same half em each.
 */
export function marksToTrim(text: string): TrimmedMark[] {
  const marks: TrimmedMark[] = [];
  for (const m of text.matchAll(OPENING_AFTER_MARK)) marks.push({ start: m.index, end: m.index + 1, simplifiedOnly: false });
  for (const m of text.matchAll(CLOSING_BEFORE_CLOSING)) marks.push({ start: m.index, end: m.index + 1, simplifiedOnly: STOPS.includes(m[0]) });
  return marks.sort((a, b) => a.start - b.start);
}
