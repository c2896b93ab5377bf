import type { FetchedImage } from '../saving/fetch-images';
import { packOf, putPack } from './image-packs';
import { storedImageOf } from './prepare';
import { isStoredRef, rowOf, type SavedArticle, type SavedImageRef, type StoredImage } from './records';
import type { WriteTx } from './transaction';

/** What a later fetch brought for each source asked: the image, hashed, or why it could not be had. */
export type ArrivedImages = Map<string, StoredImage | { missing: string }>;

/** What filling an article's missing images did. */
export interface FilledImages {
  /** As the `articles` store now keeps it (without its plain text). */
  record: SavedArticle;
  /** The sources whose images are now stored. */
  stored: string[];
  /** The images still missing, each with its latest reason. */
  missing: { src: string; reason: string }[];
}

/** Hashes what came in, before the transaction opens (hashing is not an IDB request, and would let it commit). */
export async function hashArrived(fetched: FetchedImage[]): Promise<ArrivedImages> {
  const out: ArrivedImages = new Map();
  for (const f of fetched) out.set(f.src, 'missing' in f ? { missing: f.missing } : await storedImageOf(f));
  return out;
}

/**
 * Gives the article at `url` the images that arrived for its missing ones, inside the caller's transaction: new
 * images in one new pack, then the record and its list row, so it is updated whole or not at all. Only refs still
 * missing when the transaction reads the record change (a save meanwhile may have stored them): a failed fetch
 * replaces a missing image's reason and never touches a stored image. Null when the article is no longer there.
 */
export async function fillImages(tx: WriteTx, url: string, arrived: ArrivedImages, now: number): Promise<FilledImages | null> {
  const previous = await tx.objectStore('articles').get(url);
  if (!previous) return null;
  const came = new Map<string, StoredImage>();
  const stored: string[] = [];
  const images = previous.images.map((ref): SavedImageRef => {
    const got = isStoredRef(ref) ? undefined : arrived.get(ref.src);
    if (!got) return ref;
    if ('missing' in got) return { src: ref.src, missing: got.missing };
    came.set(got.hash, got);
    stored.push(ref.src);
    return { src: ref.src, hash: got.hash, type: got.type, bytes: got.bytes };
  });
  const missing = images.flatMap((r) => ('missing' in r ? [{ src: r.src, reason: r.missing }] : []));
  if (JSON.stringify(images) === JSON.stringify(previous.images)) return { record: previous, stored, missing };

  // As a save derives them (prepareRecord): each distinct stored image once, in the order of the refs.
  const imageHashes = [...new Set(images.filter(isStoredRef).map((r) => r.hash))];
  const added = imageHashes.filter((h) => !previous.imageHashes.includes(h));
  const record: SavedArticle = {
    ...previous,
    images,
    imageHashes,
    bytes: previous.bytes + added.reduce((sum, h) => sum + came.get(h)!.bytes, 0),
    // A new reason alone is no new content: the backup reminder counts only an article that gained images.
    updatedAt: stored.length ? now : previous.updatedAt,
  };
  const unstored: StoredImage[] = [];
  for (const hash of added) if ((await tx.objectStore('images').count(hash)) === 0) unstored.push(came.get(hash)!);
  await putPack(tx, packOf(unstored));
  await tx.objectStore('articles').put(record);
  await tx.objectStore('rows').put(rowOf(record));
  return { record, stored, missing };
}
