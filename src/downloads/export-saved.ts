import type { Archive } from '../archive/archive';
import type { ExportImage, ExportItem } from '../export/export-item';
import { EXPORT_FORMATS, exportArticles, type ExportFormat } from '../export/export-formats';
import { downloadFile } from './download-file';

export function isExportFormat(value: string | undefined): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value ?? '');
}

/** The saved articles with the bytes of their stored images, in the order given; deleted ones are skipped. */
async function exportItems(archive: Archive, urls: string[]): Promise<ExportItem[]> {
  const items: ExportItem[] = [];
  for (const url of urls) {
    const record = await archive.get(url);
    if (!record) continue;
    const images = new Map<string, ExportImage>();
    for (const [src, blob] of await archive.imagesFor(record)) {
      images.set(src, { type: blob.type, bytes: new Uint8Array(await blob.arrayBuffer()) });
    }
    items.push({ article: record.article, images });
  }
  return items;
}

/**
 * Builds the file for saved articles (from the archive, so their images go with them) and offers it for download.
 * Returns how many articles it holds.
 */
export async function exportSaved(archive: Archive, urls: string[], format: ExportFormat): Promise<number> {
  const items = await exportItems(archive, urls);
  if (!items.length) return 0;
  const file = exportArticles(format, items, window);
  downloadFile(file.content, file.fileName, file.mimeType);
  return items.length;
}
