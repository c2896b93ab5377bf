import browser from 'webextension-polyfill';
import type { QueueItem, QueueState, SaveReport } from '../messages';
import { oneAtATime } from '../one-at-a-time';
import { loadQueue, QUEUE_KEY } from '../queue-state';
import { messageOf } from '../core/message';

/**
 * "Save all articles on this page": a queue in storage.local, so a worker stopped by Chrome or a browser closed
 * half-way resumes where it was. Two saves at a time: gentle on RFI and on slow connections.
 */
const CONCURRENCY = 2;
/** Finished items kept for the user to see; older ones are dropped when new ones arrive. */
const KEEP_FINISHED = 200;

let running = 0;

/** Two workers finishing together must not overwrite each other's result. */
const update = oneAtATime(async (change: (queue: QueueState) => QueueState): Promise<QueueState> => {
  const queue = change(await loadQueue());
  await browser.storage.local.set({ [QUEUE_KEY]: queue });
  return queue;
});

const finished = (item: QueueItem) => item.state === 'saved' || item.state === 'failed';

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

function setItem(url: string, item: QueueItem): Promise<QueueState> {
  return update((queue) => ({ ...queue, items: queue.items.map((old) => (old.url === url ? item : old)) }));
}

/** Starts workers until the concurrency limit is reached or nothing is waiting. */
export async function pump(save: (url: string) => Promise<SaveReport>): Promise<void> {
  while (running < CONCURRENCY) {
    let next: QueueItem | undefined;
    await update((queue) => {
      next = queue.paused ? undefined : queue.items.find((item) => item.state === 'waiting');
      return next ? { ...queue, items: queue.items.map((item) => (item === next ? { ...item, state: 'saving' } : item)) } : queue;
    });
    if (!next) return;
    running++;
    const { url } = next;
    void save(url)
      .then((report) => setItem(url, report.ok ? { url, state: 'saved' } : { url, state: 'failed', error: report.error }))
      .catch((error: unknown) => setItem(url, { url, state: 'failed', error: messageOf(error) }))
      .finally(() => {
        running--;
        void pump(save);
      });
  }
}

/** After a restart nothing is saving any more: what was interrupted waits again. */
export async function resumeQueue(save: (url: string) => Promise<SaveReport>): Promise<void> {
  if (running === 0) await update((queue) => ({ ...queue, items: queue.items.map((item) => (item.state === 'saving' ? { ...item, state: 'waiting' } : item)) }));
  await pump(save);
}

export async function controlQueue(action: 'pause' | 'resume', save: (url: string) => Promise<SaveReport>): Promise<QueueState> {
  const queue = await update((q) => ({ ...q, paused: action === 'pause' }));
  if (action === 'resume') await pump(save);
  return queue;
}
