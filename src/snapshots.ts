import browser from 'webextension-polyfill';

/** A page's HTML handed from a tab (or a fetch) to the reader page, which extracts it where a DOM exists. */
export interface Snapshot {
  html: string;
  url: string;
  takenAt: number;
}

const PREFIX = 'snapshot:';
/** Session storage is small (10 MB in Chrome): keep the latest few snapshots so a reader tab can be reloaded. */
const KEEP = 8;

export async function storeSnapshot(snapshot: Omit<Snapshot, 'takenAt'>): Promise<string> {
  const id = crypto.randomUUID();
  const all = await browser.storage.session.get(null);
  const old = Object.entries(all)
    .filter(([k]) => k.startsWith(PREFIX))
    .sort(([, a], [, b]) => (b as Snapshot).takenAt - (a as Snapshot).takenAt)
    .slice(KEEP - 1)
    .map(([k]) => k);
  if (old.length) await browser.storage.session.remove(old);
  await browser.storage.session.set({ [PREFIX + id]: { ...snapshot, takenAt: Date.now() } satisfies Snapshot });
  return id;
}

export async function loadSnapshot(id: string): Promise<Snapshot | null> {
  const stored = await browser.storage.session.get(PREFIX + id);
  return (stored[PREFIX + id] as Snapshot | undefined) ?? null;
}
