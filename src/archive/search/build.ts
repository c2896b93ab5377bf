import type { ArchiveDb } from '../schema';
import { foldedWords } from '../search-text';
import { RequestBatch, writeTransaction } from '../transaction';
import { indexedEnd, pendingDocs, SEGMENT_DOCS, type PendingDoc } from './doc-table';
import { SegmentGrams, type GramRow } from './postings';
import { nextTask } from '../../shared/next-task';

/** Texts, and then buckets, handled between two pauses on a page: each run is a few tens of milliseconds at most. */
const TEXTS_PER_TASK = 32;
const BUCKETS_PER_TASK = 256;
/** A worker has no page to keep answering, and its timers are clamped: it does not pause. */
const onPage = typeof document !== 'undefined';

const LOCK = 'rfi-reader-search-index';

/** What the archive page asks its index worker (src/index-worker/): indexPending with this `minimum`. */
export interface IndexRequest {
  id: number;
  minimum: number;
}

export type IndexReply = { id: number; done: true } | { id: number; error: string };

/**
 * Puts pending documents (search/doc-table.ts: the current ones past the last segment's end) in new segments,
 * SEGMENT_DOCS at a time, while at least `minimum` are pending. Each segment is one transaction of its own stores
 * (`segments` and `grams`, which no other write holds, so an import's writes and the indexing of what it has written
 * go on side by side): a crash leaves its documents pending, never half-indexed. One context at a time does this
 * (Web Locks, which a reset takes too); `wait` false returns at once if another already is.
 */
export async function indexPending(db: ArchiveDb, { minimum = 1, wait = true }: { minimum?: number; wait?: boolean } = {}): Promise<void> {
  const run = async () => {
    for (;;) {
      const end = await indexedEnd(db.transaction('segments').store);
      const pending = (await pendingDocs(db, end)).slice(0, SEGMENT_DOCS);
      if (pending.length < Math.max(1, minimum)) return;
      await writeSegment(db, end, pending);
    }
  };
  await asTheIndexer(run, wait);
}

/** Runs `work` holding the indexer's lock: it waits for the lock, or with `wait` false returns at once when it is held. */
export async function asTheIndexer(work: () => Promise<void>, wait = true): Promise<void> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return work();
  await locks.request(LOCK, { ifAvailable: !wait }, async (lock) => {
    if (lock) await work();
  });
}

/** Writes nothing (the loop reads them again) when another segment was written meanwhile. */
async function writeSegment(db: ArchiveDb, end: number, pending: PendingDoc[]): Promise<void> {
  const store = db.transaction('search').store;
  const texts = await Promise.all(pending.map((p) => store.get(p.url)));
  const segment = new SegmentGrams();
  const docs: number[] = [];
  for (const [i, p] of pending.entries()) {
    // The page that builds a segment (the archive page, after an import) goes on answering meanwhile.
    if (onPage && i % TEXTS_PER_TASK === TEXTS_PER_TASK - 1) await nextTask();
    const text = texts[i];
    // Saved again (a new document) or deleted since: nothing of this one to index.
    if (text?.doc !== p.doc) continue;
    segment.add(foldedWords(text));
    docs.push(p.doc);
  }
  const rows: GramRow[] = [];
  for (const bucket of segment.buckets()) {
    if (onPage && rows.length % BUCKETS_PER_TASK === BUCKETS_PER_TASK - 1) await nextTask();
    rows.push(segment.row(0, bucket));
  }
  await writeTransaction(
    db,
    async (tx) => {
      if ((await indexedEnd(tx.objectStore('segments'))) !== end) return;
      const last = await tx.objectStore('segments').openCursor(null, 'prev');
      const seg = last ? last.value.id + 1 : 0;
      const writes = new RequestBatch();
      writes.add(tx.objectStore('segments').put({ id: seg, docs: Uint32Array.from(docs), end: pending[pending.length - 1]!.doc + 1 }));
      for (const row of rows) writes.add(tx.objectStore('grams').put({ ...row, seg }));
      await writes.done();
    },
    { stores: ['segments', 'grams'] },
  );
}
