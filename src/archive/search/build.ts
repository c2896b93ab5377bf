import type { ArchiveDb } from '../schema';
import { foldedWords } from '../search-text';
import { RequestBatch, writeTransaction } from '../transaction';
import { SEGMENT_DOCS, type PendingDoc } from './doc-table';
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
 * Puts pending documents in new segments, SEGMENT_DOCS at a time, while at least `minimum` are pending. Each
 * segment is one transaction (its grams, its document list, and the documents taken off `pending`): a crash
 * leaves them pending, never half-indexed. One context at a time does this (Web Locks); `wait` false returns at once
 * if another already is.
 */
export async function indexPending(db: ArchiveDb, { minimum = 1, wait = true }: { minimum?: number; wait?: boolean } = {}): Promise<void> {
  const run = async () => {
    for (;;) {
      const pending = await db.getAll('pending', undefined, SEGMENT_DOCS);
      if (pending.length < Math.max(1, minimum)) return;
      await writeSegment(db, pending);
    }
  };
  const locks = globalThis.navigator?.locks;
  if (!locks) return run();
  await locks.request(LOCK, { ifAvailable: !wait }, async (lock) => {
    if (lock) await run();
  });
}

/** Writes nothing (the loop reads them again) when the pending documents changed meanwhile. */
async function writeSegment(db: ArchiveDb, pending: PendingDoc[]): Promise<void> {
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
      // A deletion (or a reset) since the texts were read: read the pending documents again.
      const still = await Promise.all(pending.map((p) => tx.objectStore('pending').get(p.doc)));
      if (still.some((s, i) => s?.url !== pending[i]!.url)) return;
      const meta = tx.objectStore('meta');
      const entry = await meta.get('nextSegment');
      const seg = entry?.key === 'nextSegment' ? entry.value : 0;
      const writes = new RequestBatch();
      writes.add(meta.put({ key: 'nextSegment', value: seg + 1 }));
      writes.add(tx.objectStore('segments').put({ id: seg, docs: Uint32Array.from(docs) }));
      for (const row of rows) writes.add(tx.objectStore('grams').put({ ...row, seg }));
      for (const p of pending) writes.add(tx.objectStore('pending').delete(p.doc));
      await writes.done();
    },
    { stores: ['meta', 'segments', 'grams', 'pending'] },
  );
}
