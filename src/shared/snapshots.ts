import { onSessionWrite, readSession, removeSession, writeSession } from './storage';
import type { Message } from '../core/message';

/** A page's HTML handed from a tab (or a fetch) to the reader page, which extracts it where a DOM exists. */
export interface Snapshot {
  html: string;
  url: string;
  takenAt: number;
}

const key = (id: string) => `snapshot:${id}` as const;
/** Session storage is small (10 MB in Chrome): keep the latest few snapshots so a reader tab can be reloaded. */
const KEEP = 8;

/** What a reader tab finds under its id: the page, or why it could not be had. */
export type SnapshotEntry = Snapshot | { error: Message; takenAt: number };

/** Stores a page (or the reason there is none) under `id`, which a reader tab may already be waiting for. */
export async function storeSnapshot(snapshot: Omit<Snapshot, 'takenAt'> | { error: Message }, id: string = crypto.randomUUID()): Promise<string> {
  // The list of ids, oldest first: pruning reads it, not every snapshot in session storage.
  const ids = [...((await readSession('snapshots')) ?? []), id];
  const dropped = ids.splice(0, Math.max(0, ids.length - KEEP));
  if (dropped.length) await removeSession(dropped.map(key));
  await writeSession([key(id), { ...snapshot, takenAt: Date.now() }], ['snapshots', ids]);
  return id;
}

/**
 * The entry under `id`, as soon as it is there: the reader tab is opened while the page is still being read (or
 * fetched), so that the tab's own start-up and the reading overlap. Null if nothing comes within `ms`.
 */
export function waitForSnapshot(id: string, ms: number): Promise<SnapshotEntry | null> {
  return new Promise((resolve) => {
    const stopListening = onSessionWrite(key(id), (entry) => done(entry));
    const timer = setTimeout(() => done(null), ms);
    function done(entry: SnapshotEntry | null): void {
      clearTimeout(timer);
      stopListening();
      resolve(entry);
    }
    // Already there: a reloaded reader tab, or a page stored before this tab started listening.
    void readSession(key(id)).then((entry) => entry && done(entry));
  });
}

/** Drops every page handed to a reader: their HTML says what was read. */
export async function forgetSnapshots(): Promise<void> {
  const ids = (await readSession('snapshots')) ?? [];
  await removeSession(['snapshots', ...ids.map(key)]);
}
