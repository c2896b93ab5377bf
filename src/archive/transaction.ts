import { unwrap, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import { ArchiveFullError, isQuotaError } from './errors';
import { listChanging } from './first-screen';
import { ALL_STORES, type ArchiveDb, type ArchiveSchema, type StoreName } from './schema';
import { flushDocWrites } from './search/doc-table';

export type WriteTx = IDBPTransaction<ArchiveSchema, StoreName[], 'readwrite'>;

export interface WriteOptions {
  /** Every store unless told. */
  stores?: StoreName[];
  /**
   * 'relaxed' lets the browser report the commit before the disk has it (Firefox writes an import's articles in
   * 5.7 s instead of 9.1); only for writes that something stricter written after them confirms.
   */
  durability?: IDBTransactionDurability;
}

/**
 * Runs `work` in one readwrite transaction over `options.stores`: it commits whole or not at all. `work` must await nothing but requests of `tx` (anything else lets the transaction commit early). A quota
 * failure, thrown by a request or reported as the transaction's abort reason, becomes an ArchiveFullError. A write
 * to the list's rows makes the kept first screen stale (first-screen.ts).
 */
export async function writeTransaction<T>(db: ArchiveDb, work: (tx: WriteTx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const stores = options.stores ?? ALL_STORES;
  const changesList = stores.includes('rows');
  if (changesList) listChanging();
  const tx = db.transaction(stores, 'readwrite', { durability: options.durability ?? 'default' });
  // `done` rejects when the transaction aborts; it is awaited below or superseded by the first error.
  tx.done.catch(() => undefined);
  try {
    const result = await work(tx);
    await flushDocWrites(tx);
    await tx.done;
    return result;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted by the browser.
    }
    const reason = tx.error ?? err;
    if (isQuotaError(err) || isQuotaError(reason)) throw new ArchiveFullError({ cause: reason });
    throw err;
  } finally {
    // Once more when it has ended: a page that had not yet seen the first turn (localStorage may reach other pages
    // a task later) may have kept a first screen from before this write meanwhile.
    if (changesList) listChanging();
  }
}

/**
 * Requests issued without waiting on each (thousands of round trips would add up), then awaited together. Each is
 * marked as handled when issued: if the transaction aborts while the rest are still being issued, the failures
 * of those already out are not reported as unhandled, and the caller still gets the first one from `done`.
 */
export class RequestBatch {
  private readonly requests: Promise<unknown>[] = [];

  add(request: Promise<unknown>): void {
    request.catch(() => {});
    this.requests.push(request);
  }

  /** Settles when every request is done, those added while it waits included. */
  async done(): Promise<void> {
    for (let waited = 0; waited < this.requests.length;) {
      const upTo = this.requests.length;
      await Promise.all(this.requests.slice(waited, upTo));
      waited = upTo;
    }
  }
}

/**
 * Adds `value` unless its key is already in the store: resolves true if it was added, false if not, and the
 * transaction goes on either way (the refusal's error is kept from aborting it).
 */
export function addIfAbsent<S extends StoreName>(
  store: IDBPObjectStore<ArchiveSchema, StoreName[], S, 'readwrite'>,
  value: ArchiveSchema[S]['value'],
): Promise<boolean> {
  const request = (unwrap(store) as IDBObjectStore).add(value);
  return new Promise((resolve, reject) => {
    request.addEventListener('success', () => resolve(true));
    request.addEventListener('error', (event) => {
      if (request.error?.name !== 'ConstraintError') return reject(request.error);
      // Neither aborted nor seen by the transaction (idb's `done` fails on any error event that reaches it).
      event.preventDefault();
      event.stopPropagation();
      resolve(false);
    });
  });
}
