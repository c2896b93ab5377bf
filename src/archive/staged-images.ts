import type { StoredImage } from './records';
import { dropUnusedImages } from './record-writes';
import type { ArchiveDb } from './schema';
import { writeTransaction, type WriteTx } from './transaction';

/**
 * An import writes its new images ahead of its records, a few hundred per transaction: the browser stores them
 * while the page sanitizes and folds the articles, and the records then go in together in one transaction. (One
 * transaction carrying 800 MB of images took longer than the whole import may, and left the database slow to open.)
 *
 * Images alone change nothing a reader sees: they are content-addressed and only shown through a record. Their
 * hashes are noted in `meta` (the journal) in the same transaction as the first of them, and removed with the
 * records' transaction. An import that fails takes back what it staged; one cut off by a closed browser is taken
 * back the next time the archive is opened (`recoverStagedImages`).
 */
const CHUNK = 250;
const JOURNAL = 'stagedImages';
/** Held for the whole of an import; free means no import is running in any page of the extension. */
const IMPORT_LOCK = 'rfi-reader-import';

/** Writes the images; settles when all are committed, and throws (after all have settled) if any write failed. */
export async function stageImages(db: ArchiveDb, images: StoredImage[]): Promise<void> {
  const writes: Promise<void>[] = [];
  for (let at = 0; at < images.length; at += CHUNK) {
    const chunk = images.slice(at, at + CHUNK);
    // Not awaited one by one: the transactions queue up in order, and the caller works while they commit. Only
    // these two stores are held, so the list and searches stay readable meanwhile.
    writes.push(
      writeTransaction(db, async (tx) => {
        if (at === 0) await tx.objectStore('meta').put({ key: JOURNAL, value: images.map((i) => i.hash) });
        await Promise.all(chunk.map((image) => tx.objectStore('images').put(image)));
      }, ['images', 'meta']),
    );
  }
  const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Inside the records' transaction: drops what no record took after all, and closes the journal. */
export async function settleStagedImages(tx: WriteTx, staged: string[]): Promise<void> {
  await dropUnusedImages(tx, staged);
  await tx.objectStore('meta').delete(JOURNAL);
}

/** Takes back the images of an import that did not finish: those no record uses. */
export async function unstageImages(db: ArchiveDb): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const journal = await tx.objectStore('meta').get(JOURNAL);
    if (journal?.key === JOURNAL) await settleStagedImages(tx, journal.value);
  });
}

/** Runs `work` as the only import of the extension: two imports would share one journal. */
export function asTheOnlyImport<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  // The lock's promise resolves to what `work` resolves to.
  return locks ? (locks.request(IMPORT_LOCK, work) as Promise<T>) : work();
}

/**
 * After a browser closed mid-import, the staged images stay until this runs (when the archive is opened). It
 * does nothing while an import is running elsewhere, or when there is no journal.
 */
export async function recoverStagedImages(db: ArchiveDb): Promise<void> {
  if (!(await db.get('meta', JOURNAL))) return;
  const locks = globalThis.navigator?.locks;
  if (!locks) return unstageImages(db);
  await locks.request(IMPORT_LOCK, { ifAvailable: true }, async (lock) => {
    if (lock) await unstageImages(db);
  });
}
