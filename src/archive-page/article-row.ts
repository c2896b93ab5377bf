import type { ArchiveRow } from '../archive/records';
import { t } from '../shared/i18n';
import { publicationDay, savedDay } from '../shared/shown-dates';
import { formatKb } from './format';

export interface RowContext {
  rowAt: (index: number) => Promise<ArchiveRow | undefined>;
  imageBlob: (hash: string) => Promise<Blob | null>;
  isSelected: (url: string) => boolean;
  onSelect: (url: string, selected: boolean) => void;
  onDelete: (url: string) => void;
}

/** Rows that have left the list: a late record or image must not fill them (nor leak an object URL). */
const released = new WeakSet<HTMLElement>();
const objectUrls = new WeakMap<HTMLElement, string>();

/** Where the reader opens a saved article (offline, from the archive). */
export function readerUrlFor(url: string): string {
  return `reader.html?saved=${encodeURIComponent(url)}`;
}

/** A row that fills itself when its record arrives. Text goes in as text: titles are untrusted. */
export function createRow(index: number, ctx: RowContext): HTMLLIElement {
  const row = document.createElement('li');
  row.className = 'item';
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  checkbox.disabled = true;
  const thumb = document.createElement('img');
  thumb.className = 'thumb';
  thumb.alt = '';
  const info = document.createElement('div');
  info.className = 'info';
  const title = document.createElement('a');
  title.className = 'title';
  title.target = '_blank';
  const meta = document.createElement('p');
  meta.className = 'meta';
  info.append(title, meta);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'delete';
  remove.textContent = t('archiveDelete');
  remove.disabled = true;
  row.append(checkbox, thumb, info, remove);

  void ctx.rowAt(index).then((item) => {
    if (released.has(row)) return;
    if (!item) {
      row.classList.add('gone');
      title.textContent = t('archiveRowGone');
      return;
    }
    row.dataset['url'] = item.url;
    title.textContent = item.title;
    title.href = readerUrlFor(item.url);
    title.lang = item.lang;
    meta.textContent = [
      item.section,
      item.publishedAt && t('archivePublished', publicationDay(item.publishedAt)),
      t('archiveSaved', savedDay(item.savedAt)),
      formatKb(item.bytes),
    ]
      .filter(Boolean)
      .join(' · ');
    checkbox.disabled = false;
    checkbox.checked = ctx.isSelected(item.url);
    checkbox.setAttribute('aria-label', t('archiveSelectOne', item.title));
    checkbox.addEventListener('change', () => ctx.onSelect(item.url, checkbox.checked));
    remove.disabled = false;
    remove.setAttribute('aria-label', t('archiveDeleteOne', item.title));
    remove.addEventListener('click', () => ctx.onDelete(item.url));
    if (item.thumb) void showThumbnail(row, thumb, item.thumb, ctx);
  });
  return row;
}

/** The row's stored image from the archive, as a blob: URL that `releaseRow` revokes. */
async function showThumbnail(row: HTMLElement, img: HTMLImageElement, hash: string, ctx: RowContext): Promise<void> {
  const blob = await ctx.imageBlob(hash);
  if (!blob || released.has(row)) return;
  const url = URL.createObjectURL(blob);
  objectUrls.set(row, url);
  img.src = url;
}

export function releaseRow(row: HTMLElement): void {
  released.add(row);
  const url = objectUrls.get(row);
  if (url) URL.revokeObjectURL(url);
}

/** Ticks the boxes of the rows in view to match the selection (after "select all" or a cleared selection). */
export function syncCheckboxes(list: HTMLElement, isSelected: (url: string) => boolean): void {
  for (const row of Array.from(list.querySelectorAll<HTMLElement>('li[data-url]'))) {
    const box = row.querySelector<HTMLInputElement>('input[type=checkbox]');
    if (box) box.checked = isSelected(row.dataset['url']!);
  }
}
