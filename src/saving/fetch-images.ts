import { looksLikeSvg, sniffImageType, type ImageType } from '../core/image-sniff';
import { isRfiImageSrc } from '../core/images';
import { errorText } from '../core/error-text';

/** An image the extension fetched for saving, or why it could not be. Never an exception. */
export type FetchedImage = { src: string; bytes: Uint8Array; type: ImageType } | { src: string; missing: string };

export interface FetchImagesOptions {
  fetch?: typeof fetch;
  /** Per image, headers and body together. */
  timeoutMs?: number;
  /** Requests in flight at once: RFI answers crawlers with HTTP 429, so stay gentle. */
  concurrency?: number;
  maxBytes?: number;
}

export const IMAGE_FETCH_DEFAULTS = { timeoutMs: 20_000, concurrency: 3, maxBytes: 15 * 1024 * 1024 } as const;

/** Fetches each distinct source once, a few at a time; the result follows the order of `srcs`. */
export async function fetchImages(srcs: string[], options: FetchImagesOptions = {}): Promise<FetchedImage[]> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? IMAGE_FETCH_DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? IMAGE_FETCH_DEFAULTS.maxBytes;
  const concurrency = Math.max(1, options.concurrency ?? IMAGE_FETCH_DEFAULTS.concurrency);
  const unique = [...new Set(srcs)];
  const results = new Map<string, FetchedImage>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const src = unique[next++]!;
      results.set(src, await fetchOne(src, doFetch, timeoutMs, maxBytes));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  return unique.map((src) => results.get(src)!);
}

async function fetchOne(src: string, doFetch: typeof fetch, timeoutMs: number, maxBytes: number): Promise<FetchedImage> {
  // Extraction keeps only RFI's images; an article sent by another context is held to the same rule here.
  if (!isRfiImageSrc(src)) return { src, missing: "not an image on RFI's hosts" };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The race also ends a fetch that ignores its abort signal.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError());
    }, timeoutMs);
  });
  try {
    return await Promise.race([download(src, doFetch, controller.signal, maxBytes), timeout]);
  } catch (err) {
    if (err instanceof TimeoutError) return { src, missing: `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}` };
    return { src, missing: `network error: ${errorText(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {}

async function download(src: string, doFetch: typeof fetch, signal: AbortSignal, maxBytes: number): Promise<FetchedImage> {
  // No cookies and no referrer: the image host learns nothing about the reader it does not need.
  const response = await doFetch(src, { signal, credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!response.ok) return { src, missing: `HTTP ${response.status}` };
  const declaredType = (response.headers.get('content-type') ?? '').toLowerCase();
  if (!declaredType.startsWith('image/')) return { src, missing: `not an image (${declaredType || 'no content type'})` };
  if (declaredType.startsWith('image/svg')) return { src, missing: 'SVG refused: it can carry script' };
  const declaredLength = Number(response.headers.get('content-length'));
  if (declaredLength > maxBytes) return { src, missing: `too large (${declaredLength} bytes, limit ${maxBytes})` };
  const bytes = await readCapped(response, maxBytes);
  if (!bytes) return { src, missing: `too large (over ${maxBytes} bytes)` };
  if (looksLikeSvg(bytes)) return { src, missing: 'SVG refused: it can carry script' };
  const type = sniffImageType(bytes);
  if (!type) return { src, missing: 'not an image (unrecognised bytes)' };
  return { src, bytes, type };
}

/** The body, or null as soon as it passes `maxBytes` (a missing or lying content-length is not trusted). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.length > maxBytes ? null : whole;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
