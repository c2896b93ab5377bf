import type { Archive } from '../archive/archive';
import { forgetSnapshots } from './snapshots';
import { removeLocal } from './storage';

/**
 * "Delete everything": the archive (articles, images, search texts) and every other trace of what was read —
 * reading positions, the batch queue's addresses, the pages handed to reader tabs. Preferences stay.
 */
export async function deleteEverything(archive: Archive): Promise<void> {
  await archive.deleteEverything();
  await removeLocal(['readingPositions', 'saveQueue']);
  await forgetSnapshots();
}
