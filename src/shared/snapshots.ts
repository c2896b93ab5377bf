import browser from 'webextension-polyfill';
import type { Message } from '../core/message';

/** A page's HTML handed from a tab (or a fetch) to the reader page, which extracts it where a DOM exists. */
export interface Snapshot {
  html: string;
  url: string;
  takenAt: number;
}

const PREFIX = 'snapshot:';
/** The ids in store, oldest first: pruning reads this short list, not every snapshot in session storage. */
const INDEX = 'snapshots';
/** Session storage is small (10 MB in Chrome): keep the latest few snapshots so a reader tab can be reloaded. */
const KEEP = 8;

/** What a reader tab finds under its id: the page, or why it could not be had. */
export type SnapshotEntry = Snapshot | { error: Message; takenAt: number };

const isPage = (entry: SnapshotEntry): entry is Snapshot => 'html' in entry;

/** Stores a page (or the reason there is none) under `id`, which a reader tab may already be waiting for. */
export async function storeSnapshot(snapshot: Omit<Snapshot, 'takenAt'> | { error: Message }, id: string = crypto.randomUUID()): Promise<string> {
  const ids = [...(((await browser.storage.session.get(INDEX))[INDEX] as string[] | undefined) ?? []), id];
  const dropped = ids.splice(0, Math.max(0, ids.length - KEEP));
  if (dropped.length) await browser.storage.session.remove(dropped.map((old) => PREFIX + old));
  await browser.storage.session.set({ [PREFIX + id]: { ...snapshot, takenAt: Date.now() } satisfies SnapshotEntry, [INDEX]: ids });
  return id;
}

async function loadEntry(id: string): Promise<SnapshotEntry | null> {
  const stored = await browser.storage.session.get(PREFIX + id);
  return (stored[PREFIX + id] as SnapshotEntry | undefined) ?? null;
}

export async function loadSnapshot(id: string): Promise<Snapshot | null> {
  const entry = await loadEntry(id);
  return entry && isPage(entry) ? entry : null;
}

/**
 * The entry under `id`, as soon as it is there: the reader tab is opened while the page is still being read (or
 * fetched), so that the tab's own start-up and the reading overlap. Null if nothing comes within `ms`.
 */
export function waitForSnapshot(id: string, ms: number): Promise<SnapshotEntry | null> {
  const key = PREFIX + id;
  return new Promise((resolve) => {
    const listener = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      const entry = changes[key]?.newValue as SnapshotEntry | undefined;
      if (area === 'session' && entry) done(entry);
    };
    const timer = setTimeout(() => done(null), ms);
    function done(entry: SnapshotEntry | null): void {
      clearTimeout(timer);
      browser.storage.onChanged.removeListener(listener);
      resolve(entry);
    }
    browser.storage.onChanged.addListener(listener);
    // Already there: a reloaded reader tab, or a page stored before this tab started listening.
    void loadEntry(id).then((entry) => entry && done(entry));
  });
}

/** Drops every page handed to a reader: their HTML says what was read. */
export async function forgetSnapshots(): Promise<void> {
  const ids = ((await browser.storage.session.get(INDEX))[INDEX] as string[] | undefined) ?? [];
  await browser.storage.session.remove([INDEX, ...ids.map((id) => PREFIX + id)]);
}
