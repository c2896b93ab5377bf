import { bucketOf, isBigram, type GramPostings } from './grams';

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

/** The segment's grams by bucket: each bucket becomes one row (packRow). */
export function gramsByBucket(postings: Map<number, GramPostings>): Map<number, number[]> {
  const byBucket = new Map<number, number[]>();
  for (const gram of postings.keys()) {
    const bucket = bucketOf(gram);
    const list = byBucket.get(bucket);
    if (list) list.push(gram);
    else byBucket.set(bucket, [gram]);
  }
  return byBucket;
}

/** One bucket's grams of a segment as a row of the `grams` store. */
export function packRow(seg: number, bucket: number, list: number[], postings: Map<number, GramPostings>): GramRow {
  const grams = Uint32Array.from(list).sort();
  const offsets = new Uint32Array(grams.length + 1);
  const out = new ByteWriter();
  grams.forEach((gram, i) => {
    offsets[i] = out.length;
    const { docs, counts, positions } = postings.get(gram)!;
    out.varint(docs.length);
    let previousDoc = -1;
    let p = 0;
    docs.forEach((doc, d) => {
      out.varint(doc - previousDoc - 1);
      previousDoc = doc;
      if (!isBigram(gram)) return;
      const count = counts[d]!;
      out.varint(count);
      let previous = 0;
      for (const end = p + count; p < end; p++) {
        out.varint(positions[p]! - previous);
        previous = positions[p]!;
      }
    });
  });
  offsets[grams.length] = out.length;
  return { bucket, seg, grams, offsets, data: out.bytes.slice(0, out.length) };
}

/** One gram's postings in one segment, decoded: per document its local number and, for a bigram, its positions. */
export interface Hits {
  docs: number[];
  /** Parallel to `docs`; empty for a unigram. */
  positions: number[][];
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
export function readHits(row: GramRow, gram: number, withPositions: boolean): Hits | null {
  const i = findGram(row, gram);
  if (i < 0) return null;
  const { data } = row;
  let at = row.offsets[i]!;
  const varint = (): number => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = data[at++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  };
  const count = varint();
  const docs = new Array<number>(count);
  const positions: number[][] = [];
  let doc = -1;
  for (let d = 0; d < count; d++) {
    doc += varint() + 1;
    docs[d] = doc;
    if (!isBigram(gram)) continue;
    const n = varint();
    if (!withPositions) {
      for (let k = 0; k < n; k++) varint();
      continue;
    }
    const list = new Array<number>(n);
    let p = 0;
    for (let k = 0; k < n; k++) list[k] = p += varint();
    positions.push(list);
  }
  return { docs, positions };
}
