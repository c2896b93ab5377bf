import type { Archive } from '../archive';
import { importMirror, type MirrorImportOptions, type MirrorReport } from './import-entries';
import { asTheOnlyMirrorImport, type Locks, type MirrorImportNote, type NoteKeeper } from './import-note';
import { emptyCounts, type MirrorCounts } from './mirror-counts';
import { openChosen, type ChosenFile } from './mirror-files';

export interface MirrorRunOptions extends Omit<MirrorImportOptions, 'archive'> {
  archive: Pick<Archive, 'rows' | 'addNew' | 'indexPending'> & NoteKeeper;
  /** What the reader chose, named for the note (a ZIP's name, a folder's, a number of files). */
  chosen: string;
  /** Once the chosen files are open: how many there are to go through. */
  onOpened?: (counts: MirrorCounts) => void;
  /** The Web Locks of the page (tests pass their own). */
  locks?: Locks;
}

/**
 * Opens what the reader chose (a ZIP that cannot be opened throws MirrorZipError, before anything is written) and
 * imports it as the only mirror import, its note kept in the archive while it runs. `busy`: another page's import
 * runs, and nothing was done.
 */
export async function runMirrorImport(files: ChosenFile[], options: MirrorRunOptions): Promise<{ busy: true } | { busy: false; result: MirrorReport }> {
  const { archive, chosen, now } = options;
  return asTheOnlyMirrorImport(async () => {
    const source = await openChosen(files, options.pause);
    const first = emptyCounts(source.total, source.otherFiles);
    options.onOpened?.(first);
    const startedAt = now();
    const note = (c: MirrorCounts): MirrorImportNote => ({ chosen, startedAt, updatedAt: now(), total: c.total, done: c.done, added: c.added });
    await archive.keepMirrorImportNote(note(first));
    try {
      return await importMirror(source, {
        ...options,
        onWritten: async (counts) => {
          await archive.keepMirrorImportNote(note(counts));
          await options.onWritten?.(counts);
        },
      });
    } finally {
      // What the import wrote goes into the search index now (addNew indexed whole segments only); until then, and
      // if this fails, its texts are pending, which searches read.
      await archive.indexPending().catch(() => {});
      // Ended, whichever way, in this page: it says so itself. A failure to remove the note only means the next
      // page tells of an import that stopped, which it did.
      await archive.keepMirrorImportNote(null).catch(() => {});
    }
  }, options.locks);
}
