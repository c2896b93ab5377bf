import { openDB } from 'idb';
import { errorText } from '../core/error-text';
import { DB_NAME, DB_VERSION, type ArchiveSchema } from '../archive/schema';
import { indexPending, type IndexReply, type IndexRequest } from '../archive/search/build';

/**
 * The archive page's search indexer: folds pending texts and writes their segments (search/build.ts) beside the page,
 * so that an import's sanitizing on the page and the indexing of what it has written share the machine's cores.
 * The page opened (and upgraded) the database first; this worker only opens it at that version.
 */
const opening = openDB<ArchiveSchema>(DB_NAME, DB_VERSION, {
  upgrade: (_db, _old, _new, tx) => tx.abort(),
  blocking: () => void opening.then((db) => db.close()),
});

self.addEventListener('message', async ({ data }: MessageEvent<IndexRequest>) => {
  let reply: IndexReply;
  try {
    await indexPending(await opening, { minimum: data.minimum, wait: data.minimum <= 1 });
    reply = { id: data.id, done: true };
  } catch (err) {
    reply = { id: data.id, error: errorText(err) };
  }
  (self as unknown as Worker).postMessage(reply);
});
