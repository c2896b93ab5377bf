import { parseFeedEntry, type FeedEntry } from '../../core/feed-mirror';
import { archiveKeyOf } from '../prepare';
import type { MirrorFile } from './mirror-files';

/**
 * Why a file is not imported, as the reader is told: from another outlet (or another edition of RFI), not an entry
 * at all (a README, a script, a saved page), damaged or unreadable, or an RFI Chinese entry that extraction refuses
 * (no text, too large).
 */
export type SkipReason = 'otherOutlet' | 'notEntry' | 'broken' | 'refused';

export const SKIP_REASONS: readonly SkipReason[] = ['otherOutlet', 'notEntry', 'broken', 'refused'];

/** An RFI Chinese entry, with the archive key its address gives: what the archive is asked about before extracting. */
export interface Candidate {
  name: string;
  text: string;
  entry: FeedEntry;
  key: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A file not imported: why, and (`detail`) what there is to say of it, in English, for a damaged one. */
export interface Skipped {
  skip: SkipReason;
  detail?: string;
}

/** Only the header is read here: cheap enough for the files of a whole repository, most of them not RFI's. */
export function sortFile(file: MirrorFile): Candidate | Skipped {
  if ('unreadable' in file) return { skip: 'broken', detail: file.unreadable };
  let text: string;
  try {
    text = UTF8.decode(file.bytes);
  } catch {
    // Every mirror writes UTF-8: anything else is damage (or another kind of file under an entry's name).
    return { skip: 'broken', detail: 'not UTF-8 text' };
  }
  const entry = parseFeedEntry(text);
  if (!entry) return { skip: 'notEntry' };
  const key = archiveKeyOf(entry.url);
  return key ? { name: file.name, text, entry, key } : { skip: 'otherOutlet' };
}
