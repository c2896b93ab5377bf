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

/** What a segment keeps of one gram across its documents (postings.ts writes it out). */
export interface GramPostings {
  /** Local document numbers, ascending. */
  docs: number[];
  /** For a bigram: per document, how many positions follow in `positions`. Empty for a unigram. */
  counts: number[];
  positions: number[];
}

/**
 * Positions are packed with their gram into one number (gram × 2²¹ + position, exact below 2⁵³), so a text's grams
 * are sorted as one typed array: three times faster than grouping them in a Map as they come. A text longer than
 * 2²¹ characters (far past the input limits, which allow 1,500 elements) is indexed up to there.
 */
const POSITIONS = 2 ** 21;

/** Adds the grams of document `local` (numbered upwards from 0, in order) to a segment's postings. */
export function addTextGrams(postings: Map<number, GramPostings>, local: number, folded: string): void {
  const length = Math.min(folded.length, POSITIONS);
  const keys = new Float64Array(2 * length);
  let k = 0;
  let previous = -1;
  for (let p = 0; p < length; p++) {
    const c = folded.charCodeAt(p);
    if (SPACE[c]) {
      previous = -1;
      continue;
    }
    keys[k++] = c * POSITIONS;
    if (previous >= 0) keys[k++] = bigramCode(previous, c) * POSITIONS + p - 1;
    previous = c;
  }
  const sorted = keys.subarray(0, k).sort();
  for (let i = 0; i < k;) {
    const gram = Math.floor(sorted[i]! / POSITIONS);
    const next = (gram + 1) * POSITIONS;
    let entry = postings.get(gram);
    if (!entry) postings.set(gram, (entry = { docs: [], counts: [], positions: [] }));
    entry.docs.push(local);
    const start = i;
    if (isBigram(gram)) for (; i < k && sorted[i]! < next; i++) entry.positions.push(sorted[i]! - gram * POSITIONS);
    else while (i < k && sorted[i]! < next) i++;
    if (isBigram(gram)) entry.counts.push(i - start);
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
