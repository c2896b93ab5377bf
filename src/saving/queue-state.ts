import type { Message } from '../core/message';
import { readLocal } from '../shared/storage';

export interface QueueItem {
  url: string;
  /** `skipped`: the archive already held the article, so its page was not fetched again. */
  state: 'waiting' | 'saving' | 'saved' | 'skipped' | 'failed';
  error?: Message;
}

/** What the popup can do to the batch queue: `clear` empties its list, `retry` queues its failures again. */
export type QueueAction = 'pause' | 'resume' | 'clear' | 'retry';

/** The batch queue ("save all articles on this page"), kept in storage.local so a restarted browser resumes it. */
export interface QueueState {
  paused: boolean;
  items: QueueItem[];
}

/** The queue as the background left it (storage.local): the background runs it, the popup watches it. */
export const loadQueue = (): Promise<QueueState> => readLocal('saveQueue');
