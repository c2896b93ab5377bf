import type { Archive } from '../archive/archive';
import { epubExport } from '../export/epub';
import type { ExportImage, ExportItem } from '../export/export-item';
import { markdownExport } from '../export/markdown';
import { textExport } from '../export/plain-text';
import { standaloneHtml } from '../export/standalone-html';
import { downloadFile } from './download';

export type ExportFormat = 'epub' | 'html' | 'markdown' | 'text';

const FORMATS: Record<ExportFormat, (items: ExportItem[]) => { fileName: string; mimeType: string; content: Uint8Array | string }> = {
  epub: (items) => epubExport(items, window),
  html: (items) => standaloneHtml(items, window),
  markdown: (items) => markdownExport(items, window),
  text: (items) => textExport(items),
};

export function isExportFormat(value: string | undefined): value is ExportFormat {
  return value !== undefined && value in FORMATS;
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

/** Builds the file for the selection and offers it for download; returns how many articles it holds. */
export async function exportSelection(archive: Archive, urls: string[], format: ExportFormat): Promise<number> {
  const items = await exportItems(archive, urls);
  if (!items.length) return 0;
  const file = FORMATS[format](items);
  downloadFile(file.content, file.fileName, file.mimeType);
  return items.length;
}
