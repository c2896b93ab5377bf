import type { ArchiveDb } from '../schema';
import { foldedWords, queryTerms } from '../search-text';
import { readDocTable, type DocTable } from './doc-table';
import { bucketOf, gramsOf, planTerm, type TermPlan } from './grams';
import { positionsAt, readHits, type GramRow, type Hits } from './postings';

export interface SearchFilter {
  section?: string;
  /** Epoch ms, inclusive bounds on the save time. */
  from?: number;
  to?: number;
}

export interface SearchOptions extends SearchFilter {
  /** At most this many URLs (default 200). */
  limit?: number;
}

/**
 * Substring search over the archive's folded texts (search-text.ts), newest saved first, answered from the persisted
 * index (grams.ts): what it holds in memory is the document table (number → URL, save time, section), the order of
 * the documents and the texts still pending; each query reads only the index rows of its own grams. Opening it
 * reads no article text, however large the archive.
 */
export class SearchIndex {
  private constructor(
    private readonly db: ArchiveDb,
    private readonly table: DocTable,
    /** Current documents, newest saved first (ties by URL, as the list orders them). */
    private readonly order: Uint32Array,
    /** Each segment's documents, by local number. */
    private readonly segments: Map<number, Uint32Array>,
    private readonly pending: { doc: number; folded: string }[],
  ) {}

  static async load(db: ArchiveDb): Promise<SearchIndex> {
    const [table, segments] = await Promise.all([readDocTable(db), db.getAll('segments')]);
    const end = segments.length ? segments[segments.length - 1]!.end : 0;
    const waiting = table.urls.flatMap((url, doc) => (url !== null && doc >= end ? [{ doc, url }] : []));
    const store = db.transaction('search').store;
    const texts = await Promise.all(waiting.map((p) => store.get(p.url)));
    const pending = waiting.flatMap((p, i) => (texts[i]?.doc === p.doc ? [{ doc: p.doc, folded: foldedWords(texts[i]!) }] : []));
    const live: number[] = [];
    table.urls.forEach((url, doc) => url !== null && live.push(doc));
    const { urls, savedAt } = table;
    live.sort((a, b) => savedAt[b]! - savedAt[a]! || (urls[a]! < urls[b]! ? -1 : urls[a]! > urls[b]! ? 1 : 0));
    return new SearchIndex(db, table, Uint32Array.from(live), new Map(segments.map((s) => [s.id, s.docs])), pending);
  }

  get size(): number {
    return this.order.length;
  }

  async search(query: string, options: SearchOptions = {}): Promise<string[]> {
    const terms = queryTerms(query);
    const { section, from = -Infinity, to = Infinity, limit = 200 } = options;
    const hits = terms.length ? await this.matching(terms) : null;
    const { urls, savedAt, sections } = this.table;
    const out: string[] = [];
    for (const doc of this.order) {
      if (out.length >= limit) break;
      if (hits && !hits[doc]) continue;
      if (savedAt[doc]! > to || savedAt[doc]! < from) continue;
      if (section !== undefined && sections[doc] !== section) continue;
      out.push(urls[doc]!);
    }
    return out;
  }

  /** Per document number, 1 where the document holds every term. */
  private async matching(terms: string[]): Promise<Uint8Array> {
    const plans = terms.map(planTerm);
    const rows = await this.rowsFor(plans);
    const size = this.table.urls.length;
    let all: Uint8Array | null = null;
    for (const [t, plan] of plans.entries()) {
      const found = new Uint8Array(size);
      for (const [seg, docs] of this.segments) {
        for (const local of termInSegment(plan, (gram) => rows.get(gram)?.get(seg))) found[docs[local]!] = 1;
      }
      for (const p of this.pending) if (p.folded.includes(terms[t]!)) found[p.doc] = 1;
      if (all) for (let d = 0; d < size; d++) all[d]! &= found[d]!;
      else all = found;
    }
    return all!;
  }

  /** The index rows of the plans' grams: gram → segment → row. One request per bucket. */
  private async rowsFor(plans: TermPlan[]): Promise<Map<number, Map<number, GramRow>>> {
    const grams = [...new Set(plans.flatMap(gramsOf))];
    const buckets = [...new Set(grams.map(bucketOf))];
    const store = this.db.transaction('grams').store;
    const read = await Promise.all(buckets.map((b) => store.getAll(IDBKeyRange.bound([b, -Infinity], [b, Infinity]))));
    const byBucket = new Map(buckets.map((b, i) => [b, read[i]!]));
    return new Map(grams.map((g) => [g, new Map(byBucket.get(bucketOf(g))!.map((row) => [row.seg, row]))]));
  }
}

/** The local numbers of the segment's documents that hold the term. */
function termInSegment(plan: TermPlan, rowOf: (gram: number) => GramRow | undefined): Uint32Array | number[] {
  if ('unigram' in plan) {
    const row = rowOf(plan.unigram);
    return (row && readHits(row, plan.unigram)?.docs) ?? [];
  }
  const lists: Hits[] = [];
  for (const { gram } of plan.bigrams) {
    const row = rowOf(gram);
    const hits = row && readHits(row, gram);
    if (!hits) return [];
    lists.push(hits);
  }
  if (lists.length === 1) return lists[0]!.docs;
  // Documents holding every bigram (pointers over ascending lists), then those where they line up: only for those
  // are positions decoded.
  const out: number[] = [];
  const at = lists.map(() => 0);
  const [first, ...rest] = lists;
  for (let i = 0; i < first!.docs.length; i++) {
    const doc = first!.docs[i]!;
    let inAll = true;
    for (const [k, list] of rest.entries()) {
      while (at[k + 1]! < list.docs.length && list.docs[at[k + 1]!]! < doc) at[k + 1]!++;
      if (list.docs[at[k + 1]!] !== doc) inAll = false;
    }
    if (!inAll) continue;
    const positions = rest.map((list, k) => positionsAt(list, at[k + 1]!));
    if (positionsAt(first!, i).some((p) => positions.every((list, k) => hasValue(list, p + plan.bigrams[k + 1]!.offset)))) out.push(doc);
  }
  return out;
}

function hasValue(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
