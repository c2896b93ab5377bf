/**
 * An import of thousands of entries takes minutes, and the page or the browser may close meanwhile. It writes in
 * whole batches, so the archive is never half-written, and nothing has to be taken back: what was imported stays,
 * and choosing the same files again goes on (what the archive holds is skipped by address). What is lost is the
 * reader's knowledge that it stopped: so a running import keeps a note in the archive's `meta` store, brought up
 * to date after each batch and removed when it ends, and holds a lock for as long as it runs. A note with no lock
 * held is one left by an import that no longer runs: the archive page says how far it got.
 */
export interface MirrorImportNote {
  /** What the reader chose, as the page named it then (a ZIP's name, a folder's, a number of files). */
  chosen: string;
  startedAt: number;
  /** The last batch committed. */
  updatedAt: number;
  total: number;
  done: number;
  added: number;
}

export interface NoteKeeper {
  mirrorImportNote(): Promise<MirrorImportNote | null>;
  keepMirrorImportNote(note: MirrorImportNote | null): Promise<void>;
}

/** Held by a running import; free when none runs in any page of the extension. Not the backup import's lock: both may run. */
export const MIRROR_IMPORT_LOCK = 'rfi-reader-mirror-import';

export type Locks = Pick<LockManager, 'request' | 'query'>;

const browserLocks = (): Locks | undefined => globalThis.navigator?.locks;

/** Runs `work` as the only mirror import; `busy` (without running it) when another page's import runs. */
export async function asTheOnlyMirrorImport<T>(work: () => Promise<T>, locks = browserLocks()): Promise<{ busy: false; result: T } | { busy: true }> {
  if (!locks) return { busy: false, result: await work() };
  return locks.request(MIRROR_IMPORT_LOCK, { ifAvailable: true }, async (lock) =>
    lock ? { busy: false as const, result: await work() } : { busy: true as const },
  );
}

/** The note of an import that stopped without ending (its page or browser closed), or null. */
export async function interruptedMirrorImport(keeper: NoteKeeper, locks = browserLocks()): Promise<MirrorImportNote | null> {
  const note = await keeper.mirrorImportNote();
  if (!note || !locks) return note;
  // Asked, not taken: taking the lock even for a moment could turn away an import just starting in another tab.
  const { held = [] } = await locks.query();
  return held.some((l) => l.name === MIRROR_IMPORT_LOCK) ? null : note;
}
