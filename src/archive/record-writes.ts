import { dropUnusedImages, packOf, putPack } from './image-packs';
import { rowOf, type SavedArticle, type SearchText, type StoredImage } from './records';
import type { WriteTx } from './transaction';
import { docWrites } from './search/doc-table';

/** What a deletion took away: enough to put it all back. */
export interface DeletedArticle {
  record: SavedArticle;
  search: SearchText | undefined;
  /** Images no other article used, removed with the record. */
  images: StoredImage[];
}

/**
 * Writes the record, its list row, its search text and any of its images not stored yet (in one new pack); then
 * removes images that only the previous version of the record used. Runs inside the caller's transaction.
 */
export async function putRecord(
  tx: WriteTx,
  record: SavedArticle,
  images: StoredImage[],
  search: SearchText,
  previous: SavedArticle | undefined,
): Promise<void> {
  const wanted = new Set(record.imageHashes);
  const missing: StoredImage[] = [];
  for (const image of images) {
    if (wanted.delete(image.hash) && (await tx.objectStore('images').count(image.hash)) === 0) missing.push(image);
  }
  await putPack(tx, packOf(missing));
  await tx.objectStore('articles').put(record);
  await tx.objectStore('rows').put(rowOf(record));
  await putSearchText(tx, { ...search, savedAt: record.savedAt });
  if (previous)
    await dropUnusedImages(
      tx,
      previous.imageHashes.filter((h) => !record.imageHashes.includes(h)),
    );
}

export async function deleteRecord(tx: WriteTx, url: string): Promise<DeletedArticle | null> {
  const record = await tx.objectStore('articles').get(url);
  if (!record) return null;
  const search = await deleteSearchText(tx, url);
  await tx.objectStore('articles').delete(url);
  await tx.objectStore('rows').delete(url);
  return { record, search, images: await dropUnusedImages(tx, record.imageHashes) };
}

/**
 * Writes an article's search text as a new document of the index, retiring the one it replaces (`isNew`: the caller
 * knows there is none, and spares the read: an import adds thousands).
 */
export async function putSearchText(tx: WriteTx, search: SearchText, isNew = false): Promise<void> {
  const docs = docWrites(tx);
  const before = isNew ? undefined : await tx.objectStore('search').get(search.url);
  if (before?.doc !== undefined) await docs.retire(before.doc);
  const doc = await docs.add(search.url, search.savedAt, search.section);
  await tx.objectStore('search').put({ ...search, doc });
}

/** Deletes an article's search text and its document; resolves to the text as it was. */
export async function deleteSearchText(tx: WriteTx, url: string): Promise<SearchText | undefined> {
  const search = await tx.objectStore('search').get(url);
  if (search?.doc !== undefined) await docWrites(tx).retire(search.doc);
  await tx.objectStore('search').delete(url);
  if (!search) return undefined;
  const { doc: _doc, ...text } = search;
  return text;
}
