import browser from 'webextension-polyfill';
import type { TabReport } from '../core/detect';
import type { ReadingPositions } from '../reader/reading-position';
import type { QueueState } from '../saving/queue-state';
import type { SnapshotEntry } from './snapshots';

/**
 * Every value the extension keeps in `storage.local` (kept across restarts and updates) and `storage.session`
 * (gone when the browser closes), under its key, with its type. The key names are those of earlier versions:
 * renaming one would lose what users have stored. Each value is cast here, once, from what storage returns; the
 * owner of a value that a hand or an older version could have written (the settings) checks it as it reads.
 */
export interface LocalStore {
  /** Reader and page preferences (shared/settings.ts normalizes them). */
  settings: Record<string, unknown>;
  /** The "save all" queue (saving/save-queue.ts runs it, the popup watches it). */
  saveQueue: QueueState;
  /** Where the reader left each article (reader/reading-position.ts). */
  readingPositions: ReadingPositions;
}

export interface SessionStore {
  /** The ids of the pages handed to reader tabs, oldest first (shared/snapshots.ts). */
  snapshots: string[];
  /** One page handed to a reader tab, or why there is none. */
  [snapshot: `snapshot:${string}`]: SnapshotEntry;
  /** What the content script reported of a tab (background/tab-state.ts). */
  [tab: `tab:${number}`]: TabReport;
}

/** What each local value is when nothing is stored. */
const LOCAL_EMPTY: LocalStore = {
  settings: {},
  saveQueue: { paused: false, items: [] },
  readingPositions: {},
};

export async function readLocal<K extends keyof LocalStore>(key: K): Promise<LocalStore[K]> {
  return ((await browser.storage.local.get(key))[key] as LocalStore[K] | undefined) ?? LOCAL_EMPTY[key];
}

export async function writeLocal<K extends keyof LocalStore>(key: K, value: LocalStore[K]): Promise<void> {
  await browser.storage.local.set({ [key]: value });
}

export async function removeLocal(keys: (keyof LocalStore)[]): Promise<void> {
  await browser.storage.local.remove(keys);
}

/** Calls `listener` with the new value whenever any context writes `key`. Returns an unsubscribe function. */
export function onLocalChange<K extends keyof LocalStore>(key: K, listener: (value: LocalStore[K]) => void): () => void {
  const handle = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
    if (area === 'local' && key in changes) listener((changes[key]!.newValue as LocalStore[K] | undefined) ?? LOCAL_EMPTY[key]);
  };
  browser.storage.onChanged.addListener(handle);
  return () => browser.storage.onChanged.removeListener(handle);
}

export async function readSession<K extends SessionKey>(key: K): Promise<SessionStore[K] | null> {
  return ((await browser.storage.session.get(key))[key] as SessionStore[K] | undefined) ?? null;
}

type SessionKey = keyof SessionStore & string;
/** One key of session storage with a value of its type. */
type SessionEntry = { [K in SessionKey]: [K, SessionStore[K]] }[SessionKey];

/** Writes every entry in one call: a reader of one never finds the other missing. */
export async function writeSession(...entries: SessionEntry[]): Promise<void> {
  await browser.storage.session.set(Object.fromEntries(entries));
}

export async function removeSession(keys: SessionKey[]): Promise<void> {
  await browser.storage.session.remove(keys);
}

/** Calls `listener` once `key` is written in session storage, with its value. Returns an unsubscribe function. */
export function onSessionWrite<K extends SessionKey>(key: K, listener: (value: SessionStore[K]) => void): () => void {
  const handle = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
    const value = changes[key]?.newValue as SessionStore[K] | undefined;
    if (area === 'session' && value) listener(value);
  };
  browser.storage.onChanged.addListener(handle);
  return () => browser.storage.onChanged.removeListener(handle);
}
