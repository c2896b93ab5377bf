import { zipSync, type Zippable } from 'fflate';
import { BACKUP_FORMAT, BACKUP_JSON, BACKUP_VERSION, type BackupManifest } from './format';
import { withText, type ImageRow, type Pack, type SavedArticle, type SearchText } from '../records';
import type { ArchiveDb } from '../schema';

/**
 * The whole archive as a ZIP: `backup.json` (records and image list) and `images/<sha256>` with the stored bytes.
 * Read in one transaction, so the file is a consistent snapshot even while a save is running.
 */
export async function exportBackup(db: ArchiveDb, exportedAt: number): Promise<Uint8Array> {
  const tx = db.transaction(['articles', 'search', 'images', 'packs']);
  const [records, searches, images, packs] = await Promise.all(
    (['articles', 'search', 'images', 'packs'] as const).map((store) => tx.objectStore(store).getAll()) as [
      Promise<SavedArticle[]>,
      Promise<SearchText[]>,
      Promise<ImageRow[]>,
      Promise<Pack[]>,
    ],
  );
  await tx.done;
  // Each record whole, its plain text from its search row (the backup format has always carried it).
  const texts = new Map(searches.map((s) => [s.url, s]));
  const articles = records.map((r) => withText(r, texts.get(r.url)));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt,
    articles,
    images: images.map(({ hash, type, bytes }) => ({ hash, type, bytes })),
  };
  const files: Zippable = { [BACKUP_JSON]: [new TextEncoder().encode(JSON.stringify(manifest)), { level: 6 }] };
  // Each pack read once; its images are views into it.
  const packBytes = new Map(await Promise.all(packs.map(async (p) => [p.id, new Uint8Array(await p.data.arrayBuffer())] as const)));
  for (const image of images) {
    const bytes = packBytes.get(image.pack)!.subarray(image.offset, image.offset + image.bytes);
    // Images are compressed already: stored as they are, which is also the fastest to write and to read back.
    files[`images/${image.hash}`] = [bytes, { level: 0 }];
  }
  return zipSync(files);
}
