import type { ExportWindow } from './article-element';
import { epubExport, type EpubOptions } from './epub';
import type { ExportFile, ExportItem } from './export-item';
import { markdownExport } from './markdown';
import { textExport } from './plain-text';
import { standaloneHtml } from './standalone-html';

/** The formats a user picks from, in the order a menu shows them. */
export const EXPORT_FORMATS = ['epub', 'html', 'markdown', 'text'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One selection in one format: what the archive page's export menu calls. */
export function exportArticles(format: ExportFormat, items: ExportItem[], win: ExportWindow, epub: EpubOptions = {}): ExportFile {
  switch (format) {
    case 'epub':
      return epubExport(items, win, epub);
    case 'html':
      return standaloneHtml(items, win);
    case 'markdown':
      return markdownExport(items, win);
    case 'text':
      return textExport(items);
  }
}
