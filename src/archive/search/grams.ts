/**
 * The grams the persisted search index keeps of a folded text, and those a query term is looked up by.
 *
 * A term of one character is found by its unigram (which documents hold it); a longer one by character bigrams with
 * their positions: a text holds `abcde` exactly where it holds `ab` at p, `cd` at p + 2 and `de` at p + 3. So every
 * substring query is answered exactly from the index, without reading any text, which is what lets a first search
 * at 100,000 articles read a few hundred kilobytes instead of every text (search-text.ts says why substrings rather
 * than words: Chinese has no spaces).
 */

/** Query terms never hold white space (they are split on it), so no gram needs to either. */
const SPACE = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) if (/\s/.test(String.fromCharCode(c))) table[c] = 1;
  return table;
})();

/** Unigram codes are the character itself (< 0x10000); bigram codes have the first character in the high half. */
export function bigramCode(a: number, b: number): number {
  return ((a << 16) | b) >>> 0;
}

export function isBigram(gram: number): boolean {
  return gram >= 0x10000;
}

/**
 * The grams of a folded text, each as its code and where it starts (0 for a unigram, which is given once per text),
 * handed to `take` one by one. White space breaks bigrams: no query term holds any.
 */
export function forEachGram(folded: string, seen: UnigramsSeen, take: (gram: number, position: number) => void): void {
  seen.nextText();
  let previous = -1;
  for (let p = 0; p < folded.length; p++) {
    const c = folded.charCodeAt(p);
    if (SPACE[c]) {
      previous = -1;
      continue;
    }
    if (seen.first(c)) take(c, 0);
    if (previous >= 0) take(bigramCode(previous, c), p - 1);
    previous = c;
  }
}

/** Which characters a text has given already: a stamp per character instead of a set per text. */
export class UnigramsSeen {
  private readonly stamps = new Uint32Array(0x10000);
  private stamp = 0;

  nextText(): void {
    this.stamp++;
  }

  first(c: number): boolean {
    if (this.stamps[c] === this.stamp) return false;
    this.stamps[c] = this.stamp;
    return true;
  }
}

/** How one term is looked up: its unigram, or bigrams each with its offset in the term. */
export type TermPlan = { unigram: number } | { bigrams: { gram: number; offset: number }[] };

/** Bigrams at offsets 0, 2, 4… and the last one: together they cover every character of the term once or twice. */
export function planTerm(term: string): TermPlan {
  if (term.length === 1) return { unigram: term.charCodeAt(0) };
  const offsets: number[] = [];
  for (let o = 0; o + 2 <= term.length; o += 2) offsets.push(o);
  if (offsets[offsets.length - 1] !== term.length - 2) offsets.push(term.length - 2);
  return { bigrams: offsets.map((offset) => ({ gram: bigramCode(term.charCodeAt(offset), term.charCodeAt(offset + 1)), offset })) };
}

export function gramsOf(plan: TermPlan): number[] {
  return 'unigram' in plan ? [plan.unigram] : plan.bigrams.map((b) => b.gram);
}

/** Index buckets: each record of the `grams` store holds one bucket's grams for one segment. */
export const BUCKET_BITS = 12;

export function bucketOf(gram: number): number {
  return Math.imul(gram, 0x9e3779b1) >>> (32 - BUCKET_BITS);
}
