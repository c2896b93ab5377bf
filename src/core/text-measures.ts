import { tightenCjkSpacing } from './cjk-punctuation';

/** Han ideographs, CJK punctuation, kana and full-width forms: each is read as one unit. */
const CJK_CHAR = /[\u2E80-\u2FDF\u3000-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]|[\uD840-\uD87F][\uDC00-\uDFFF]/g;

/** Firefox's reader uses about 255 characters a minute for Chinese and about 230 words a minute for English. */
export const CJK_CHARS_PER_MINUTE = 255;
export const LATIN_WORDS_PER_MINUTE = 230;

/** Characters a reader sees, white space excluded: a Chinese sentence has no spaces to count words by. */
export function countCharacters(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/.test(ch)) n++;
  return n;
}

export function readingMinutes(text: string): number {
  const cjk = text.match(CJK_CHAR)?.length ?? 0;
  const latinWords = text
    .replace(CJK_CHAR, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const minutes = cjk / CJK_CHARS_PER_MINUTE + latinWords / LATIN_WORDS_PER_MINUTE;
  return Math.max(1, Math.round(minutes));
}

/**
 * Collapses runs of white space (including the ideographic space RFI's editors type) into one ordinary space,
 * and drops it where it only widens the gap of full-width punctuation.
 */
export function normalizeSpace(text: string): string {
  return tightenCjkSpacing(text.replace(/[\s\u3000\u00A0]+/g, ' ').trim());
}
