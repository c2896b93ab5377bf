import type { FirstScreen } from '../archive/first-screen';
import { t, tCount } from '../shared/i18n';
import { createRow, releaseRow, type RowContext } from './article-row';
import { markFirstRowsPaint } from './paint-marks';
import { VirtualList } from './virtual-list';

/** Must match `--row` in archive.css. */
const ROW_HEIGHT = 84;

const $ = (id: string) => document.getElementById(id)!;

/** What new rows are drawn from: the kept first screen, then each query's results. */
let rows: RowContext;

/** The page's one list of articles. */
export const list = new VirtualList({
  viewport: $('viewport'),
  spacer: $('spacer'),
  list: $('list'),
  rowHeight: ROW_HEIGHT,
  createRow: (index) => createRow(index, rows),
  releaseRow,
});

/** Replaces the rows shown with the first `count` of `source`; rows that are not `usable` can only be looked at. */
export function showRows(source: RowContext, count: number, { usable = true } = {}): void {
  rows = source;
  list.reset(count);
  $('viewport').inert = !usable;
}

/** The count line, and the empty list's message in its place when there is nothing to show. */
export function showCount(total: number, filtered: boolean): void {
  $('result-count').textContent = tCount(filtered ? 'archiveResultCount' : 'archiveTotalCount', total);
  const empty = $('empty');
  empty.hidden = total > 0;
  empty.textContent = filtered ? t('archiveNoResults') : t('archiveEmpty');
  $('viewport').hidden = total === 0;
}

/**
 * Paints the list as the archive page last read it (first-screen.ts), before the archive is open. Until the
 * archive's own rows replace them, the rows can be looked at but not used: nothing in them would reach the archive.
 */
export function showFirstScreen(first: FirstScreen): void {
  showRows(
    {
      rowAt: async (index) => first.rows[index],
      imageBlob: async () => null,
      isSelected: () => false,
      onSelect: () => {},
      onDelete: () => {},
    },
    first.rows.length,
    { usable: false },
  );
  showCount(first.total, false);
  firstRowsShown();
}

/** The reader can start typing a search as soon as there are rows to look at. */
export function firstRowsShown(): void {
  markFirstRowsPaint();
  $('query').focus();
}
