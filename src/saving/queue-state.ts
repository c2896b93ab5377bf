import browser from 'webextension-polyfill';
import type { QueueState } from '../shared/messages';

/** Where the batch queue lives (storage.local): the background runs it, the popup watches it. */
export const QUEUE_KEY = 'saveQueue';
export const EMPTY_QUEUE: QueueState = { paused: false, items: [] };

export async function loadQueue(): Promise<QueueState> {
  return ((await browser.storage.local.get(QUEUE_KEY))[QUEUE_KEY] as QueueState | undefined) ?? EMPTY_QUEUE;
}
