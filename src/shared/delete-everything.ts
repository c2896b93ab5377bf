import browser from 'webextension-polyfill';
import type { Archive } from '../archive/archive';
import { QUEUE_KEY } from '../saving/queue-state';
import { READING_POSITIONS_KEY } from '../reader/reading-position';
import { forgetSnapshots } from './snapshots';

/**
 * "Delete everything": the archive (articles, images, search texts) and every other trace of what was read —
 * reading positions, the batch queue's addresses, the pages handed to reader tabs. Preferences stay.
 */
export async function deleteEverything(archive: Archive): Promise<void> {
  await archive.deleteEverything();
  await browser.storage.local.remove([READING_POSITIONS_KEY, QUEUE_KEY]);
  await forgetSnapshots();
}
