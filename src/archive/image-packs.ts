import type { ImageRow, Pack, StoredImage } from './records';
import type { ArchiveDb } from './schema';
import { RequestBatch, type WriteTx } from './transaction';

/** A pack about to be written: its bytes, and where each of its images lies in them. */
export interface NewPack {
  data: Blob;
  images: Omit<ImageRow, 'pack'>[];
}

/** The images, none of them stored yet, one after the other in one pack. */
export function packOf(images: StoredImage[]): NewPack {
  return { data: joined(images.map((i) => i.data)), images: endToEnd(images) };
}

/**
 * One Blob of `parts`, safe to store. Firefox (ESR 153) stores a slice of a Blob read from IndexedDB, alone or
 * wrapped in a Blob of one part, as the whole Blob it was cut from: an image undone or moved to a smaller pack
 * would come back as its whole old pack. A Blob of two parts or more is stored as written, so a lone part gets an
 * empty one beside it. (The archive page's end-to-end test, which undoes a delete and round-trips a backup, fails
 * without this in Firefox.)
 */
function joined(parts: Blob[]): Blob {
  return new Blob(parts.length === 1 ? [parts[0]!, new Uint8Array(0)] : parts);
}

/**
 * Writes the pack and the rows of its images. An image stored meanwhile by another page keeps its row (a row moved
 * into this pack would leave that page's pack unused for good); its bytes here are dead weight until the pack shrinks.
 */
export async function putPack(tx: WriteTx, pack: NewPack): Promise<void> {
  const stored = await Promise.all(pack.images.map((row) => tx.objectStore('images').count(row.hash)));
  await writePack(tx, { data: pack.data, images: pack.images.filter((_, i) => !stored[i]) });
}

/** Writes the pack and points the rows of its images into it, whatever they pointed to before. */
async function writePack(tx: WriteTx, pack: NewPack): Promise<void> {
  if (!pack.images.length) return;
  const id = crypto.randomUUID();
  const batch = new RequestBatch();
  batch.add(tx.objectStore('packs').put({ id, data: pack.data }));
  for (const row of pack.images) batch.add(tx.objectStore('images').put({ ...row, pack: id }));
  await batch.done();
}

/** An image's bytes: a slice of its pack (no copy). */
export function imageBlob(row: ImageRow, pack: Pack): Blob {
  return pack.data.slice(row.offset, row.offset + row.bytes, row.type);
}

/** The stored images among `hashes`, with their bytes. */
export async function readImages(db: ArchiveDb, hashes: string[]): Promise<StoredImage[]> {
  const tx = db.transaction(['images', 'packs']);
  const rows = (await Promise.all(hashes.map((hash) => tx.objectStore('images').get(hash)))).filter((r): r is ImageRow => Boolean(r));
  const packs = new Map<string, Promise<Pack | undefined>>();
  const out = await Promise.all(
    rows.map(async (row) => {
      if (!packs.has(row.pack)) packs.set(row.pack, tx.objectStore('packs').get(row.pack));
      const pack = await packs.get(row.pack);
      return pack ? { hash: row.hash, type: row.type, bytes: row.bytes, data: imageBlob(row, pack) } : null;
    }),
  );
  await tx.done;
  return out.filter((i): i is StoredImage => i !== null);
}

/**
 * Deletes the images among `hashes` that no article refers to any more, and returns them (their bytes stay
 * readable for undo). A pack left without images goes; one left mostly empty is written again with only what
 * it still holds, so deleted images do not keep their space.
 */
export async function dropUnusedImages(tx: WriteTx, hashes: string[]): Promise<StoredImage[]> {
  const dropped: StoredImage[] = [];
  const users = tx.objectStore('articles').index('by-image');
  const packs = new Map<string, Pack>();
  for (const hash of new Set(hashes)) {
    if ((await users.count(hash)) > 0) continue;
    const row = await tx.objectStore('images').get(hash);
    if (!row) continue;
    const pack = packs.get(row.pack) ?? (await tx.objectStore('packs').get(row.pack));
    await tx.objectStore('images').delete(hash);
    if (!pack) continue;
    packs.set(pack.id, pack);
    dropped.push({ hash, type: row.type, bytes: row.bytes, data: imageBlob(row, pack) });
  }
  for (const pack of packs.values()) await shrinkPack(tx, pack);
  return dropped;
}

async function shrinkPack(tx: WriteTx, pack: Pack): Promise<void> {
  const left = await tx.objectStore('images').index('by-pack').getAll(pack.id);
  const live = left.reduce((sum, row) => sum + row.bytes, 0);
  if (live * 2 > pack.data.size) return;
  await tx.objectStore('packs').delete(pack.id);
  await writePack(tx, { data: joined(left.map((row) => imageBlob(row, pack))), images: endToEnd(left) });
}

/** Rows for images laid one after the other. */
function endToEnd(images: Pick<ImageRow, 'hash' | 'type' | 'bytes'>[]): Omit<ImageRow, 'pack'>[] {
  let offset = 0;
  return images.map(({ hash, type, bytes }) => {
    const row = { hash, type, bytes, offset };
    offset += bytes;
    return row;
  });
}
