import type { SaveReport } from './save-page';
import { oneAtATime } from '../shared/one-at-a-time';
import { messageOf } from '../core/message';
import { writeLocal } from '../shared/storage';
import { loadQueue, type QueueAction, type QueueItem, type QueueState } from './queue-state';

/**
 * "Save all articles on this page": a queue in storage.local, so a worker stopped by Chrome or a browser closed
 * half-way resumes where it was. Two saves at a time: gentle on RFI and on slow connections.
 */
const CONCURRENCY = 2;
/** Finished items kept for the user to see; older ones are dropped when new ones arrive. */
const KEEP_FINISHED = 200;

/** How the queue reaches the archive: asks whether an article is there already, and saves one. */
export interface QueueWorker {
  isSaved: (url: string) => Promise<boolean>;
  save: (url: string) => Promise<SaveReport>;
}

let running = 0;

/** Two workers finishing together must not overwrite each other's result. */
const update = oneAtATime(async (change: (queue: QueueState) => QueueState): Promise<QueueState> => {
  const queue = change(await loadQueue());
  await writeLocal('saveQueue', queue);
  return queue;
});

const finished = (item: QueueItem) => item.state === 'saved' || item.state === 'skipped' || item.state === 'failed';

/** Items run oldest first, so the oldest finished ones are dropped first. */
function trimFinished(items: QueueItem[]): QueueItem[] {
  let drop = Math.max(0, items.filter(finished).length - KEEP_FINISHED);
  return items.filter((item) => !(finished(item) && drop-- > 0));
}

/** Adds the URLs not already waiting; returns how many were added. */
export async function enqueue(urls: string[]): Promise<number> {
  let added = 0;
  await update((queue) => {
    const pending = new Set(queue.items.filter((item) => !finished(item)).map((item) => item.url));
    const fresh = [...new Set(urls)].filter((url) => !pending.has(url));
    added = fresh.length;
    const others = queue.items.filter((item) => !fresh.includes(item.url));
    return { ...queue, items: trimFinished([...others, ...fresh.map((url): QueueItem => ({ url, state: 'waiting' }))]) };
  });
  return added;
}

/** An item cleared from the list meanwhile stays gone: its late result is not brought back. */
function setItem(url: string, item: QueueItem): Promise<QueueState> {
  return update((queue) => ({ ...queue, items: queue.items.map((old) => (old.url === url ? item : old)) }));
}

/**
 * One item: the archive is asked first, so what is already saved costs no request to RFI (on a slow connection,
 * "save all" pressed again must not fetch every page a second time). If the archive cannot answer, the page is
 * fetched: a needless request is better than an article left out.
 */
async function run(url: string, worker: QueueWorker): Promise<QueueItem> {
  if (await worker.isSaved(url).catch(() => false)) return { url, state: 'skipped' };
  const report = await worker.save(url);
  return report.ok ? { url, state: 'saved' } : { url, state: 'failed', error: report.error };
}

/** Starts workers until the concurrency limit is reached or nothing is waiting. */
export async function pump(worker: QueueWorker): Promise<void> {
  while (running < CONCURRENCY) {
    let next: QueueItem | undefined;
    await update((queue) => {
      next = queue.paused ? undefined : queue.items.find((item) => item.state === 'waiting');
      return next ? { ...queue, items: queue.items.map((item) => (item === next ? { ...item, state: 'saving' } : item)) } : queue;
    });
    if (!next) return;
    running++;
    const { url } = next;
    void run(url, worker)
      .catch((error: unknown): QueueItem => ({ url, state: 'failed', error: messageOf(error) }))
      .then((item) => setItem(url, item))
      .finally(() => {
        running--;
        void pump(worker);
      });
  }
}

/** After a restart nothing is saving any more: what was interrupted waits again. */
export async function resumeQueue(worker: QueueWorker): Promise<void> {
  if (running === 0)
    await update((queue) => ({ ...queue, items: queue.items.map((item) => (item.state === 'saving' ? { ...item, state: 'waiting' } : item)) }));
  await pump(worker);
}

const CHANGES: Record<QueueAction, (queue: QueueState) => QueueState> = {
  pause: (queue) => ({ ...queue, paused: true }),
  resume: (queue) => ({ ...queue, paused: false }),
  // Saves already under way still finish into the archive (a fetch half-done is not worth throwing away), but
  // nothing else starts and the list is empty: the next "save all" begins afresh, not paused.
  clear: () => ({ paused: false, items: [] }),
  // Only the failures go again; what was saved or skipped stays as it is.
  retry: (queue) => ({ ...queue, items: queue.items.map((item): QueueItem => (item.state === 'failed' ? { url: item.url, state: 'waiting' } : item)) }),
};

export async function controlQueue(action: QueueAction, worker: QueueWorker): Promise<QueueState> {
  const queue = await update(CHANGES[action]);
  if (!queue.paused) await pump(worker);
  return queue;
}
