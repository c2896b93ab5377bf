import { t } from '../shared/i18n';

/** Whole kilobytes, at least 1: the size column of the list. */
export function formatKb(bytes: number): string {
  return t('archiveSizeKb', String(Math.max(1, Math.round(bytes / 1024))));
}

/** Storage figures: MB with one decimal below 10 MB, whole MB above (GB from 10 GB). */
export function formatBytes(bytes: number): string {
  const mb = bytes / 1024 ** 2;
  if (mb >= 10 * 1024) return `${(mb / 1024).toFixed(0)} GB`;
  return mb >= 10 ? `${mb.toFixed(0)} MB` : `${mb.toFixed(1)} MB`;
}

/** `YYYY-MM-DD` of the local day, as in the backup file's name. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
