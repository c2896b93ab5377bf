import { BUCKET_BITS, bucketOf, forEachGram, isBigram, UnigramsSeen } from './grams';

/**
 * A row of the `grams` store: the postings of one bucket's grams in one segment, packed. `grams` ascending;
 * gram i's bytes are `data[offsets[i]]` up to `data[offsets[i + 1]]`: the number of documents, then per document
 * the gap to the previous one and, for a bigram, its number of positions and their gaps, all as varints. Packed
 * this way a posting costs one or two bytes (as numbers in an array it would cost eight and a structured-clone tag),
 * and a query decodes only the grams it asks for.
 */
export interface GramRow {
  bucket: number;
  seg: number;
  grams: Uint32Array;
  offsets: Uint32Array;
  data: Uint8Array;
}

class ByteWriter {
  bytes = new Uint8Array(256);
  length = 0;

  varint(n: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.length++] = n;
  }
}

/** Local document numbers take the high bits of an occurrence, its position the low ones. */
const POSITION_BITS = 21;
const POSITION_MASK = (1 << POSITION_BITS) - 1;
/** Up to 1,024 documents a segment: with 21 bits of position, an occurrence fits an unsigned 32-bit number. */
export const MAX_SEGMENT_DOCS = 1 << (32 - POSITION_BITS - 1);

/** A growing list of unsigned 32-bit numbers. */
class Numbers {
  values = new Uint32Array(64);
  length = 0;

  push(n: number): void {
    if (this.length === this.values.length) {
      const grown = new Uint32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = n;
  }
}

/**
 * A segment's postings as they are gathered: every occurrence (gram, document and position) appended to its
 * bucket's typed arrays, then sorted and packed one bucket at a time (`rows`). Typed arrays rather than a list per
 * gram: gathering 1,024 texts that way spent half its time collecting garbage.
 */
export class SegmentGrams {
  private readonly grams: Numbers[] = [];
  private readonly places: Numbers[] = [];
  private readonly seen = new UnigramsSeen();
  private docs = 0;

  /** Adds a text as the segment's next document; a text longer than 2²¹ characters is indexed up to there. */
  add(folded: string): void {
    if (this.docs >= MAX_SEGMENT_DOCS) throw new Error(`a segment holds at most ${MAX_SEGMENT_DOCS} documents`);
    const doc = this.docs++ << POSITION_BITS;
    forEachGram(folded.length > POSITION_MASK ? folded.slice(0, POSITION_MASK) : folded, this.seen, (gram, position) => {
      const bucket = bucketOf(gram);
      (this.grams[bucket] ??= new Numbers()).push(gram);
      (this.places[bucket] ??= new Numbers()).push((doc | position) >>> 0);
    });
  }

  get size(): number {
    return this.docs;
  }

  /** The buckets that have grams, in order. */
  buckets(): number[] {
    const out: number[] = [];
    for (let b = 0; b < 1 << BUCKET_BITS; b++) if (this.grams[b]) out.push(b);
    return out;
  }

  /** One bucket's grams as a row of the `grams` store. */
  row(seg: number, bucket: number): GramRow {
    const all = this.grams[bucket]!;
    const places = this.places[bucket]!;
    const grams = unique(all.values.slice(0, all.length).sort());
    // Occurrences sorted by gram, then document, then position: the gram's rank above the 32 bits of its place.
    const keys = new Float64Array(all.length);
    for (let i = 0; i < all.length; i++) keys[i] = rankOf(grams, all.values[i]!) * 2 ** 32 + places.values[i]!;
    keys.sort();
    const offsets = new Uint32Array(grams.length + 1);
    const out = new ByteWriter();
    let i = 0;
    for (let g = 0; g < grams.length; g++) {
      offsets[g] = out.length;
      const bigram = isBigram(grams[g]!);
      const end = upperBound(keys, i, (g + 1) * 2 ** 32);
      // The number of documents, then each one: its gap, and for a bigram its positions.
      let docs = 0;
      for (let k = i, last = -1; k < end; k++) {
        const doc = (keys[k]! % 2 ** 32) >>> POSITION_BITS;
        if (doc !== last) docs++;
        last = doc;
      }
      out.varint(docs);
      let previousDoc = -1;
      while (i < end) {
        const doc = (keys[i]! % 2 ** 32) >>> POSITION_BITS;
        out.varint(doc - previousDoc - 1);
        previousDoc = doc;
        const next = upperBound(keys, i, g * 2 ** 32 + (doc + 1) * 2 ** POSITION_BITS);
        if (bigram) {
          out.varint(next - i);
          let previous = 0;
          for (let k = i; k < next; k++) {
            const position = keys[k]! % 2 ** POSITION_BITS;
            out.varint(position - previous);
            previous = position;
          }
        }
        i = next;
      }
    }
    offsets[grams.length] = out.length;
    return { bucket, seg, grams, offsets, data: out.bytes.slice(0, out.length) };
  }
}

function unique(sorted: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
}

function rankOf(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index at or after `from` whose key is at least `bound`. */
function upperBound(keys: Float64Array, from: number, bound: number): number {
  let lo = from;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One gram's postings in one segment: the local numbers of its documents, ascending, and for a bigram where each
 * one's positions begin in the row's data and how many there are. Positions are decoded only for the documents a
 * query still wants (`positionsAt`): most documents holding one of a term's bigrams lack another, and decoding every
 * position of a common bigram was most of a slow query's time.
 */
export interface Hits {
  row: GramRow;
  docs: Uint32Array;
  /** Parallel to `docs`, for a bigram: the byte where its positions begin and their number. */
  starts: Uint32Array | null;
  counts: Uint32Array | null;
}

function findGram(row: GramRow, gram: number): number {
  let lo = 0;
  let hi = row.grams.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const g = row.grams[mid]!;
    if (g === gram) return mid;
    if (g < gram) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The gram's postings in the row, or null when the segment has none. */
export function readHits(row: GramRow, gram: number): Hits | null {
  const i = findGram(row, gram);
  if (i < 0) return null;
  const { data } = row;
  let at = row.offsets[i]!;
  // Varints decoded inline: this loop runs for every posting a query reads.
  let count = 0;
  for (let shift = 0; ; shift += 7) {
    const b = data[at++]!;
    count += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  const bigram = isBigram(gram);
  const docs = new Uint32Array(count);
  const starts = bigram ? new Uint32Array(count) : null;
  const counts = bigram ? new Uint32Array(count) : null;
  let doc = -1;
  for (let d = 0; d < count; d++) {
    let gap = 0;
    for (let shift = 0; ; shift += 7) {
      const b = data[at++]!;
      gap += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    docs[d] = doc += gap + 1;
    if (!bigram) continue;
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = data[at++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    starts![d] = at;
    counts![d] = n;
    // Past its positions: n varints end at the n-th byte below 0x80.
    for (let ended = 0; ended < n;) if (data[at++]! < 0x80) ended++;
  }
  return { row, docs, starts, counts };
}

/** The positions of the `d`-th document of a bigram's hits, ascending. */
export function positionsAt({ row, starts, counts }: Hits, d: number): Uint32Array {
  const { data } = row;
  let at = starts![d]!;
  const out = new Uint32Array(counts![d]!);
  let p = 0;
  for (let k = 0; k < out.length; k++) {
    let gap = 0;
    for (let shift = 0; ; shift += 7) {
      const b = data[at++]!;
      gap += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    out[k] = p += gap;
  }
  return out;
}
