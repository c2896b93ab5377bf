import { dropUnusedImages, putPack, type NewPack } from '../image-packs';
import type { ImportJournal } from '../records';
import type { ArchiveDb } from '../schema';
import { writeTransaction, type WriteTx } from '../transaction';
import { deleteSearchText } from '../record-writes';

/**
 * An import writes in many transactions (one carrying a whole 800 MB backup was slower than the import may be, and
 * left the database slow to open), yet must leave the archive as it was if it does not finish. Before its first
 * write it notes in `meta` what it is about to add: the images it stages and the articles that are new here. The
 * last transaction of the import, the one that also writes the updates of articles already here, removes the note.
 * An import that fails takes back what the note lists; one cut off by a closed browser is taken back the next
 * time the archive is opened (`recoverInterruptedImport`).
 */
const JOURNAL = 'import';
/** Held for the whole of an import; free means no import is running in any page of the extension. */
const IMPORT_LOCK = 'rfi-reader-import';

/** Writes the journal: before any other write of the import. */
export async function beginImport(db: ArchiveDb, journal: ImportJournal): Promise<void> {
  await writeTransaction(db, async (tx) => void (await tx.objectStore('meta').put({ key: JOURNAL, value: journal })), { stores: ['meta'] });
}

/** Writes the packs an import stages, a transaction each; throws (after all have settled) if any write failed. */
export async function stageImages(db: ArchiveDb, packs: NewPack[]): Promise<void> {
  // Not awaited one by one: the transactions queue up in order. Only the stores they write are held, so the list,
  // searches and the import's own article writes go on meanwhile. Relaxed: what a crash loses, the journal takes back.
  const writes = packs.map((pack) => writeTransaction(db, (tx) => putPack(tx, pack), { stores: ['images', 'packs'], durability: 'relaxed' }));
  const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Inside the import's last transaction: drops the staged images no record took after all, and closes the journal. */
export async function endImport(tx: WriteTx, untaken: string[]): Promise<void> {
  await dropUnusedImages(tx, untaken);
  await tx.objectStore('meta').delete(JOURNAL);
}

/**
 * Takes back what an unfinished import wrote: the articles it added (unless saved again since, which the reader
 * meant to keep) and the images no article uses.
 */
export async function rollBackImport(db: ArchiveDb): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const entry = await tx.objectStore('meta').get(JOURNAL);
    if (entry?.key !== JOURNAL) return;
    for (const { url, updatedAt } of entry.value.added) {
      if ((await tx.objectStore('articles').get(url))?.updatedAt !== updatedAt) continue;
      await tx.objectStore('articles').delete(url);
      await tx.objectStore('rows').delete(url);
      await deleteSearchText(tx, url);
    }
    await endImport(tx, entry.value.images);
  });
}

/** Runs `work` as the only import of the extension: two imports would share one journal. */
export function asTheOnlyImport<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  // The lock's promise resolves to what `work` resolves to.
  return locks ? (locks.request(IMPORT_LOCK, work) as Promise<T>) : work();
}

/** After a browser closed mid-import: does nothing while an import runs elsewhere, or when there is no journal. */
export async function recoverInterruptedImport(db: ArchiveDb): Promise<void> {
  if (!(await db.get('meta', JOURNAL))) return;
  const locks = globalThis.navigator?.locks;
  if (!locks) return rollBackImport(db);
  await locks.request(IMPORT_LOCK, { ifAvailable: true }, async (lock) => {
    if (lock) await rollBackImport(db);
  });
}
