import { zipSync, type Zippable } from 'fflate';
import { BACKUP_FORMAT, BACKUP_JSON, BACKUP_VERSION, type BackupManifest } from './backup-format';
import type { ArchiveDb } from './schema';

/**
 * The whole archive as a ZIP: `backup.json` (records and image list) and `images/<sha256>` with the stored bytes.
 * Read in one transaction, so the file is a consistent snapshot even while a save is running.
 */
export async function exportBackup(db: ArchiveDb, exportedAt: number): Promise<Uint8Array> {
  const tx = db.transaction(['articles', 'images']);
  const [articles, images] = await Promise.all([tx.objectStore('articles').getAll(), tx.objectStore('images').getAll()]);
  await tx.done;
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt,
    articles,
    images: images.map(({ hash, type, bytes }) => ({ hash, type, bytes })),
  };
  const files: Zippable = { [BACKUP_JSON]: [new TextEncoder().encode(JSON.stringify(manifest)), { level: 6 }] };
  // Images are compressed already: stored as they are, which is also the fastest to write and to read back.
  const bytes = await Promise.all(images.map(async (image) => new Uint8Array(await image.data.arrayBuffer())));
  images.forEach((image, i) => (files[`images/${image.hash}`] = [bytes[i]!, { level: 0 }]));
  return zipSync(files);
}
