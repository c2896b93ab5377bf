import { digestImages, type DigestReply, type DigestRequest } from '../archive/backup/image-digests';
import { errorText } from '../core/error-text';

/**
 * The import's worker: reads and hashes a backup's images while the archive page parses its `backup.json` (on two
 * cores, the two together take about as long as either). One request per worker; the page ends it after.
 */
self.addEventListener('message', async ({ data }: MessageEvent<DigestRequest>) => {
  let reply: DigestReply;
  try {
    reply = { digests: await digestImages(data.file, data.entries, new AbortController().signal) };
  } catch (err) {
    reply = { error: errorText(err) };
  }
  const inflated = 'digests' in reply ? reply.digests.flatMap((d) => ('inflated' in d && d.inflated ? [d.inflated.buffer] : [])) : [];
  (self as unknown as Worker).postMessage(reply, inflated);
});
