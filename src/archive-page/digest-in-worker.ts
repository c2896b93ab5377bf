import type { DigestReply, DigestRequest, Digester } from '../archive/backup/image-digests';

/** The import's image digests, computed in the import worker (src/import-worker/), which is ended when done or dropped. */
export const digestInWorker: Digester = (file, entries, signal) =>
  new Promise((resolve, reject) => {
    const worker = new Worker('import-worker.js');
    const end = () => worker.terminate();
    signal.addEventListener('abort', () => {
      end();
      reject(signal.reason);
    });
    worker.addEventListener('message', ({ data }: MessageEvent<DigestReply>) => {
      end();
      if ('error' in data) reject(new Error(data.error));
      else resolve(data.digests);
    });
    worker.addEventListener('error', (event) => {
      end();
      reject(new Error(`the import worker failed: ${event.message}`));
    });
    worker.postMessage({ file, entries } satisfies DigestRequest);
  });
