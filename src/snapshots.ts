import browser from 'webextension-polyfill';

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

export async function storeSnapshot(snapshot: Omit<Snapshot, 'takenAt'>): Promise<string> {
  const id = crypto.randomUUID();
  const ids = [...(((await browser.storage.session.get(INDEX))[INDEX] as string[] | undefined) ?? []), id];
  const dropped = ids.splice(0, Math.max(0, ids.length - KEEP));
  if (dropped.length) await browser.storage.session.remove(dropped.map((old) => PREFIX + old));
  await browser.storage.session.set({ [PREFIX + id]: { ...snapshot, takenAt: Date.now() } satisfies Snapshot, [INDEX]: ids });
  return id;
}

export async function loadSnapshot(id: string): Promise<Snapshot | null> {
  const stored = await browser.storage.session.get(PREFIX + id);
  return (stored[PREFIX + id] as Snapshot | undefined) ?? null;
}

/** Drops every page handed to a reader: their HTML says what was read. */
export async function forgetSnapshots(): Promise<void> {
  const ids = ((await browser.storage.session.get(INDEX))[INDEX] as string[] | undefined) ?? [];
  await browser.storage.session.remove([INDEX, ...ids.map((id) => PREFIX + id)]);
}
