/**
 * A backup file in the archive's own format (src/archive/backup/format.ts, which export.ts writes from a database),
 * written straight to disk for the benchmarks: the images as stored entries, then `backup.json`, streamed record by
 * record, so that an archive of any size is written in the memory of one record.
 */
import { BACKUP_FORMAT, BACKUP_JSON, BACKUP_VERSION, type BackupImage, type BackupManifest } from '../src/archive/backup/format';
import type { SavedArticle } from '../src/archive/records';
import { ZipFile } from './zip-file';

export interface BackupImageBytes extends BackupImage {
  data: Uint8Array;
}

/** Writes the backup; returns its size in bytes. */
export function writeBackupFile(path: string, exportedAt: number, images: Iterable<BackupImageBytes>, articles: Iterable<SavedArticle>): number {
  const zip = new ZipFile(path);
  try {
    const listed: BackupImage[] = [];
    for (const { data, ...image } of images) {
      zip.stored(`images/${image.hash}`, data);
      listed.push(image);
    }
    const head: Omit<BackupManifest, 'articles' | 'images'> = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt };
    const json = zip.text(BACKUP_JSON);
    json.write(`${JSON.stringify(head).slice(0, -1)},"articles":[`);
    let first = true;
    for (const article of articles) {
      json.write(`${first ? '' : ','}${JSON.stringify(article)}`);
      first = false;
    }
    json.write(`],"images":${JSON.stringify(listed)}}`);
    json.end();
    return zip.close();
  } catch (err) {
    zip.discard();
    throw err;
  }
}
