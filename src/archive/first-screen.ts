import type { ArchiveRow } from './records';
import { DB_VERSION } from './schema';

/**
 * The archive list's first screen (its newest rows and the article count), kept in the extension's localStorage so
 * that the archive page paints it before IndexedDB is even open: at 10,000 articles, opening the database and
 * reading the first rows took Chromium some 50 ms of a first paint of 280.
 *
 * It must never show what the archive no longer holds, so every write that can change the list turns the write
 * stamp, before it starts and once it has ended, and the copy is trusted only while the stamp it was taken under is
 * still the current one. The archive page keeps what it reads of the list, and a save keeps the list as it leaves
 * it, so the next page usually opens on a copy; the page then replaces it with the archive's own rows. localStorage
 * is shared by every page of the extension (the background's and the offscreen document's included), which all
 * write the archive; contexts without it (service workers, Node) write nothing here and find no copy.
 */

/** The row shape belongs to the schema: another version starts without a copy. */
const SCREEN_KEY = `rfi-reader:archive-first-screen:v${DB_VERSION}`;
const STAMP_KEY = 'rfi-reader:archive-write-stamp';

/** Enough rows for the tallest window the list fills at once (84 px each). */
export const FIRST_SCREEN_ROWS = 40;

export interface FirstScreen {
  /** Articles in the archive. */
  total: number;
  /** The newest saved first, at most FIRST_SCREEN_ROWS. */
  rows: ArchiveRow[];
}

/** The stamp a copy is taken under: read it before reading the rows. */
export type WriteStamp = string | null;

interface Kept extends FirstScreen {
  stamp: WriteStamp;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage turned off for the extension: the page reads the archive every time.
    return null;
  }
}

/** Called by every write that can change the list, before it starts and once it has ended (or failed). */
export function listChanging(): void {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(STAMP_KEY, crypto.randomUUID());
  } catch {
    // A full localStorage cannot keep the new stamp; removing the copy is what matters.
  }
  store.removeItem(SCREEN_KEY);
}

export function writeStamp(): WriteStamp {
  return storage()?.getItem(STAMP_KEY) ?? null;
}

/** Keeps `screen`, read after `stamp` was taken, unless the archive has been written since. */
export function keepFirstScreen(stamp: WriteStamp, screen: FirstScreen): void {
  const store = storage();
  if (!store || store.getItem(STAMP_KEY) !== stamp) return;
  const kept: Kept = { stamp, total: screen.total, rows: screen.rows.slice(0, FIRST_SCREEN_ROWS) };
  try {
    store.setItem(SCREEN_KEY, JSON.stringify(kept));
  } catch {
    // Full: the list is read from the archive next time, as it would be without the copy.
  }
}

/** Reads the first screen through `read` and keeps it, unless the archive is written meanwhile; no read without localStorage. */
export async function refreshFirstScreen(read: () => Promise<FirstScreen>): Promise<void> {
  if (!storage()) return;
  const stamp = writeStamp();
  keepFirstScreen(stamp, await read());
}

/** The kept first screen, if it is still the archive's; null otherwise (and for anything unreadable). */
export function cachedFirstScreen(): FirstScreen | null {
  const store = storage();
  const raw = store?.getItem(SCREEN_KEY);
  if (!store || !raw) return null;
  let kept: unknown;
  try {
    kept = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isKept(kept) || kept.stamp !== store.getItem(STAMP_KEY)) return null;
  return { total: kept.total, rows: kept.rows };
}

function isKept(value: unknown): value is Kept {
  if (typeof value !== 'object' || value === null) return false;
  const { stamp, total, rows } = value as Partial<Kept>;
  return (stamp === null || typeof stamp === 'string') && Number.isSafeInteger(total) && Array.isArray(rows) && rows.length <= total! && rows.every(isRow);
}

function isRow(row: unknown): row is ArchiveRow {
  if (typeof row !== 'object' || row === null) return false;
  const r = row as Record<keyof ArchiveRow, unknown>;
  return (
    typeof r.url === 'string' &&
    typeof r.title === 'string' &&
    typeof r.lang === 'string' &&
    typeof r.section === 'string' &&
    typeof r.publishedAt === 'string' &&
    typeof r.order === 'number' &&
    typeof r.savedAt === 'number' &&
    typeof r.bytes === 'number' &&
    (r.thumb === null || typeof r.thumb === 'string')
  );
}
