import type { ArchiveDb, ArchiveSchema, StoreName } from './schema';

/**
 * Every record of `store` in key order, `size` at a time, each slice read in a transaction of its own: the page
 * runs between two slices, and no transaction is held while the caller works on one. A record written meanwhile
 * may or may not be in a slice, as with any read that is not one transaction.
 */
export async function* storeSlices<S extends StoreName>(db: ArchiveDb, store: S, size: number): AsyncGenerator<ArchiveSchema[S]['value'][]> {
  let after: IDBValidKey | undefined;
  for (;;) {
    const { store: records } = db.transaction(store);
    const slice = await records.getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), size);
    if (slice.length) yield slice;
    if (slice.length < size) return;
    // Every store of the archive is keyed by one field of its records.
    after = (slice[slice.length - 1] as Record<string, IDBValidKey>)[records.keyPath as string];
  }
}
