import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchImages } from '../../src/saving/fetch-images';
import { sniffImageType } from '../../src/core/image-sniff';
import { jpegBytes } from '../support/archive';

const IMG = (name: string) => `https://s.rfi.fr/media/display/x/w:640/p:16x9/${name}`;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function image(bytes: Uint8Array<ArrayBuffer>, type = 'image/jpeg', headers: Record<string, string> = {}): Response {
  return new Response(bytes, { headers: { 'content-type': type, ...headers } });
}

/** A fetch that answers from a table of handlers by URL, recording the options it was called with. */
function fakeFetch(routes: Record<string, (signal: AbortSignal) => Response | Promise<Response>>) {
  const calls: RequestInit[] = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push(init);
    const route = routes[String(input)];
    if (!route) return new Response('not found', { status: 404 });
    return route(init.signal!);
  }) as typeof fetch;
  return { fn, calls };
}

/** Never answers; rejects only when aborted, as a real fetch does. */
const hang = (signal: AbortSignal) => new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

test('good images come back as bytes with the type their bytes show, in the order asked, each source once', async () => {
  const jpeg = jpegBytes(1, 2048);
  const { fn, calls } = fakeFetch({ [IMG('a.jpg')]: () => image(jpeg), [IMG('b.png')]: () => image(PNG, 'image/jpeg') });
  const out = await fetchImages([IMG('b.png'), IMG('a.jpg'), IMG('b.png')], { fetch: fn });
  assert.deepEqual(out, [
    { src: IMG('b.png'), bytes: PNG, type: 'image/png' },
    { src: IMG('a.jpg'), bytes: jpeg, type: 'image/jpeg' },
  ]);
  assert.equal(calls.length, 2);
  // No cookies and no referrer go to the image host.
  assert.equal(calls[0]!.credentials, 'omit');
  assert.equal(calls[0]!.referrerPolicy, 'no-referrer');
});

test('each failure becomes a missing image with its reason, never an exception', async () => {
  const svg = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const { fn, calls } = fakeFetch({
    [IMG('html.jpg')]: () => image(new TextEncoder().encode('<html>error</html>'), 'text/html'),
    [IMG('garbage.jpg')]: () => image(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])),
    [IMG('svg.svg')]: () => image(svg, 'image/svg+xml'),
    [IMG('svg-as-jpeg.jpg')]: () => image(svg, 'image/jpeg'),
    [IMG('declared-big.jpg')]: () => image(jpegBytes(2, 100), 'image/jpeg', { 'content-length': '999999999' }),
    [IMG('big.jpg')]: () => image(jpegBytes(3, 5000)),
    [IMG('network.jpg')]: () => Promise.reject(new TypeError('Failed to fetch')),
  });
  const srcs = ['missing.jpg', 'html.jpg', 'garbage.jpg', 'svg.svg', 'svg-as-jpeg.jpg', 'declared-big.jpg', 'big.jpg', 'network.jpg'].map(IMG);
  const out = await fetchImages([...srcs, 'javascript:alert(1)', 'https://tracker.example/pixel.jpg'], { fetch: fn, maxBytes: 4096 });
  const reasons = out.map((r) => ('missing' in r ? r.missing : 'saved'));
  assert.deepEqual(reasons, [
    'HTTP 404',
    'not an image (text/html)',
    'not an image (unrecognised bytes)',
    'SVG refused: it can carry script',
    'SVG refused: it can carry script',
    'too large (999999999 bytes, limit 4096)',
    'too large (over 4096 bytes)',
    'network error: Failed to fetch',
    "not an image on RFI's hosts",
    "not an image on RFI's hosts",
  ]);
  assert.equal(calls.length, srcs.length, 'neither the javascript: address nor the foreign host was requested');
});

test('a server that hangs, before answering or in the middle of the body, times out', async () => {
  const endless = () => new Response(new ReadableStream({ start: (c) => c.enqueue(jpegBytes(4, 16)) }), { headers: { 'content-type': 'image/jpeg' } });
  // A fetch that ignores its abort signal must time out too.
  const deaf = () => new Promise<Response>(() => undefined);
  const { fn } = fakeFetch({ [IMG('hang.jpg')]: hang, [IMG('slow-body.jpg')]: endless, [IMG('deaf.jpg')]: deaf, [IMG('ok.jpg')]: () => image(jpegBytes(5)) });
  const started = Date.now();
  const out = await fetchImages([IMG('hang.jpg'), IMG('slow-body.jpg'), IMG('deaf.jpg'), IMG('ok.jpg')], { fetch: fn, timeoutMs: 150, concurrency: 4 });
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(
    out.map((r) => ('missing' in r ? r.missing : 'saved')),
    ['no answer within 150 ms', 'no answer within 150 ms', 'no answer within 150 ms', 'saved'],
  );
});

test('no more requests than the concurrency limit are ever in flight', async () => {
  let inFlight = 0;
  let peak = 0;
  const slow = async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
    inFlight--;
    return image(jpegBytes(6));
  };
  const srcs = Array.from({ length: 25 }, (_, i) => IMG(`${i}.jpg`));
  const { fn } = fakeFetch(Object.fromEntries(srcs.map((s) => [s, slow])));
  const out = await fetchImages(srcs, { fetch: fn, concurrency: 3 });
  assert.equal(out.filter((r) => 'bytes' in r).length, 25);
  assert.equal(peak, 3);
});

test('magic bytes name jpeg, png, gif, webp and avif, and nothing else', () => {
  const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
  const avif = new Uint8Array(24);
  avif.set([0, 0, 0, 24]);
  avif.set(ascii('ftypmif1'), 4);
  avif.set(ascii('\0\0\0\0miafavif'), 12);
  assert.equal(sniffImageType(jpegBytes(0)), 'image/jpeg');
  assert.equal(sniffImageType(PNG), 'image/png');
  assert.equal(sniffImageType(ascii('GIF89a......')), 'image/gif');
  assert.equal(sniffImageType(ascii('RIFF\x10\0\0\0WEBPVP8 ')), 'image/webp');
  assert.equal(sniffImageType(avif), 'image/avif');
  assert.equal(sniffImageType(ascii('\0\0\0\x18ftypmp42\0\0\0\0isommp42')), null);
  assert.equal(sniffImageType(ascii('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  assert.equal(sniffImageType(new Uint8Array([0xff, 0xd8])), null);
});
