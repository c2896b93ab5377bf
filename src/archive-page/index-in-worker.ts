import type { Indexer } from '../archive/archive';
import type { IndexReply, IndexRequest } from '../archive/search/build';

/**
 * Runs the archive's indexing in the index worker (src/index-worker/), started on the first request and kept for the
 * page's life: a page that imports asks for it after every batch.
 */
export function indexInWorker(): Indexer {
  let worker: Worker | null = null;
  let next = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    worker?.terminate();
    worker = null;
  };
  const started = (): Worker => {
    if (worker) return worker;
    worker = new Worker('index-worker.js');
    worker.addEventListener('message', ({ data }: MessageEvent<IndexReply>) => {
      const w = waiting.get(data.id);
      waiting.delete(data.id);
      if ('error' in data) w?.reject(new Error(data.error));
      else w?.resolve();
    });
    worker.addEventListener('error', (event) => failAll(new Error(`the index worker failed: ${event.message}`)));
    return worker;
  };
  return (minimum) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      started().postMessage({ id, minimum } satisfies IndexRequest);
    });
}
