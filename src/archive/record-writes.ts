import { rowOf, type SavedArticle, type SearchText, type StoredImage } from './records';
import type { WriteTx } from './transaction';

/** What a deletion took away: enough to put it all back. */
export interface DeletedArticle {
  record: SavedArticle;
  search: SearchText | undefined;
  /** Images no other article used, removed with the record. */
  images: StoredImage[];
}

/**
 * Writes the record, its list row, its search text and any of its images not stored yet; then removes images that
 * only the previous version of the record used. Runs inside the caller's transaction.
 */
export async function putRecord(tx: WriteTx, record: SavedArticle, images: StoredImage[], search: SearchText, previous: SavedArticle | undefined): Promise<void> {
  const imageStore = tx.objectStore('images');
  const wanted = new Set(record.imageHashes);
  for (const image of images) {
    if (wanted.has(image.hash) && (await imageStore.count(image.hash)) === 0) await imageStore.put(image);
  }
  await tx.objectStore('articles').put(record);
  await tx.objectStore('rows').put(rowOf(record));
  await tx.objectStore('search').put({ ...search, savedAt: record.savedAt });
  if (previous) await dropUnusedImages(tx, previous.imageHashes.filter((h) => !wanted.has(h)));
}

export async function deleteRecord(tx: WriteTx, url: string): Promise<DeletedArticle | null> {
  const record = await tx.objectStore('articles').get(url);
  if (!record) return null;
  const search = await tx.objectStore('search').get(url);
  await tx.objectStore('articles').delete(url);
  await tx.objectStore('rows').delete(url);
  await tx.objectStore('search').delete(url);
  return { record, search, images: await dropUnusedImages(tx, record.imageHashes) };
}

/** Deletes the images among `hashes` that no article refers to any more, and returns them. */
export async function dropUnusedImages(tx: WriteTx, hashes: string[]): Promise<StoredImage[]> {
  const dropped: StoredImage[] = [];
  const users = tx.objectStore('articles').index('by-image');
  for (const hash of hashes) {
    if ((await users.count(hash)) > 0) continue;
    const image = await tx.objectStore('images').get(hash);
    if (!image) continue;
    await tx.objectStore('images').delete(hash);
    dropped.push(image);
  }
  return dropped;
}
