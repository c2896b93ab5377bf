import type { ArchiveDb } from '../schema';
import type { WriteTx } from '../transaction';

/**
 * The search index numbers the texts it holds (documents); the `docs` store says, per block of 1,024 numbers, which
 * article each one is, its save time and section (what the filters need), or null once it is no longer current
 * (deleted, or saved again under a new number). A search reads the blocks (a few hundred kilobytes per 10,000
 * articles), not the articles. Numbers are given in the order writes commit (the counter is in `meta`, which
 * each write holds), and segments take the lowest pending ones: the documents in segments are always those below
 * the last segment's `end`, and pending ones (a search reads their texts) those at or above it.
 */
export const BLOCK_BITS = 10;

/**
 * Documents per segment. A segment's postings are written once, in one transaction, and never changed; a query reads
 * one row per segment and bucket in one request, so segments can be many. 1,024 documents hold a few hundred
 * thousand distinct grams while they are being packed; more would gain little.
 */
export const SEGMENT_DOCS = 1024;

/** Saves leave their texts pending up to this many (a search reads those texts) before a segment is written. */
export const PENDING_BEFORE_BUILD = 64;
const BLOCK_SIZE = 1 << BLOCK_BITS;

export interface DocBlock {
  block: number;
  urls: (string | null)[];
  savedAt: Float64Array;
  sections: string[];
}

export interface PendingDoc {
  doc: number;
  url: string;
}

const open = new WeakMap<WriteTx, DocWrites>();

/** The transaction's document changes: kept in memory and written once, when `work` is done (transaction.ts). */
export function docWrites(tx: WriteTx): DocWrites {
  let writes = open.get(tx);
  if (!writes) open.set(tx, (writes = new DocWrites(tx)));
  return writes;
}

export async function flushDocWrites(tx: WriteTx): Promise<void> {
  const writes = open.get(tx);
  if (!writes) return;
  open.delete(tx);
  await writes.flush();
}

class DocWrites {
  private counter: Promise<void> | null = null;
  private nextDoc = 0;
  private readonly blocks = new Map<number, Promise<DocBlock>>();

  constructor(private readonly tx: WriteTx) {}

  /** A new document number for this text; the document is pending. */
  async add(url: string, savedAt: number, section: string): Promise<number> {
    await (this.counter ??= this.tx
      .objectStore('meta')
      .get('nextDoc')
      .then((entry) => void (this.nextDoc = entry?.key === 'nextDoc' ? entry.value : 0)));
    const doc = this.nextDoc++;
    const block = await this.block(doc >>> BLOCK_BITS);
    const i = doc & (BLOCK_SIZE - 1);
    block.urls[i] = url;
    block.savedAt[i] = savedAt;
    block.sections[i] = section;
    return doc;
  }

  /** The document no longer stands for its article; its postings, where written, are ignored from now on. */
  async retire(doc: number): Promise<void> {
    const block = await this.block(doc >>> BLOCK_BITS);
    block.urls[doc & (BLOCK_SIZE - 1)] = null;
  }

  async flush(): Promise<void> {
    const blocks = await Promise.all(this.blocks.values());
    await Promise.all(blocks.map((b) => this.tx.objectStore('docs').put(b)));
    if (this.counter) await this.tx.objectStore('meta').put({ key: 'nextDoc', value: this.nextDoc });
  }

  private block(n: number): Promise<DocBlock> {
    let block = this.blocks.get(n);
    if (!block) {
      block = this.tx
        .objectStore('docs')
        .get(n)
        .then((b) => b ?? { block: n, urls: [], savedAt: new Float64Array(BLOCK_SIZE), sections: [] });
      this.blocks.set(n, block);
    }
    return block;
  }
}

/** Every current document: number → URL (null where none), save time and section. */
export interface DocTable {
  urls: (string | null)[];
  savedAt: Float64Array;
  sections: string[];
}

/** Where a segment's end is read: the `segments` store, in any transaction. */
interface SegmentStore {
  openCursor(query: null, direction: 'prev'): Promise<{ value: { end: number } } | null>;
}

/** The first document number past every segment: 0 while there is none. */
export async function indexedEnd(segments: SegmentStore): Promise<number> {
  return (await segments.openCursor(null, 'prev'))?.value.end ?? 0;
}

/** The current documents at or past `end`, by number. */
export async function pendingDocs(db: ArchiveDb, end: number): Promise<PendingDoc[]> {
  const blocks = await db.getAll('docs', IDBKeyRange.lowerBound(end >>> BLOCK_BITS));
  const out: PendingDoc[] = [];
  for (const b of blocks)
    b.urls.forEach((url, i) => {
      const doc = (b.block << BLOCK_BITS) + i;
      if (url && doc >= end) out.push({ doc, url });
    });
  return out;
}

export async function readDocTable(db: ArchiveDb): Promise<DocTable> {
  const blocks = await db.getAll('docs');
  const size = blocks.length ? (blocks[blocks.length - 1]!.block + 1) << BLOCK_BITS : 0;
  const table: DocTable = { urls: new Array<string | null>(size).fill(null), savedAt: new Float64Array(size), sections: new Array<string>(size) };
  for (const b of blocks) {
    const base = b.block << BLOCK_BITS;
    table.savedAt.set(b.savedAt, base);
    b.urls.forEach((url, i) => {
      if (url === null || url === undefined) return;
      table.urls[base + i] = url;
      table.sections[base + i] = b.sections[i]!;
    });
  }
  return table;
}
