import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mock, test, type TestContext } from 'node:test';
import { IMAGE_FETCH_DEFAULTS } from '../../src/saving/fetch-images';
import { parseHtml } from '../../src/cli/parse-html';
import { savePage } from '../../src/saving/save-page';
import type { SaveReport } from '../../src/saving/save-page';
import { abortingAtPut, dumpStores, fetchedFor, freshArchive, jpegBytes, variant, withFullDisk } from '../support/archive';
import { SEEDS } from '../support/corpus';

const seedText = readFileSync(join(SEEDS, '000_252142d8092668fd.txt'), 'utf8');
const faults = new Map<string, number>();
const injected = (kind: string) => faults.set(kind, (faults.get(kind) ?? 0) + 1);

/** An archive that already holds an article, so that "as before" is not just "empty". */
async function archiveWithOne() {
  const made = await freshArchive();
  await made.archive.save(variant(1), fetchedFor(variant(1), 1));
  return { ...made, before: await dumpStores(made.idb) };
}

/** Every image host answers with `image`; the page itself is given, so only images go over the "network". */
const imagesFrom = (image: (signal: AbortSignal) => Promise<Response> | Response) =>
  (async (_input: RequestInfo | URL, init: RequestInit = {}) => image(init.signal!)) as typeof fetch;

const save = (archive: Awaited<ReturnType<typeof freshArchive>>['archive'], fetchImpl: typeof fetch) =>
  savePage({ url: 'https://www.rfi.fr/cn/', html: seedText }, { archive, parse: parseHtml, fetch: fetchImpl });

/** The new article is all there: record, search text, and the bytes of every image the record says it stored. */
async function assertWhole(idb: IDBFactory, report: SaveReport, previous: Record<string, unknown[]>): Promise<void> {
  assert.ok(report.ok, JSON.stringify(report));
  const now = await dumpStores(idb);
  const record = (now.articles as { url: string; images: { hash?: string }[] }[]).find((r) => r.url === report.url);
  assert.ok(record, 'the record is stored');
  assert.ok(
    (now.search as { url: string }[]).some((s) => s.url === report.url),
    'its search text is stored',
  );
  const hashes = new Set((now.images as { hash: string }[]).map((i) => i.hash));
  for (const ref of record.images) if (ref.hash) assert.ok(hashes.has(ref.hash), `image ${ref.hash} is stored`);
  assert.equal(record.images.filter((r) => r.hash).length, report.imagesSaved);
  // What was there before is still there, unchanged.
  for (const store of ['articles', 'images', 'search'] as const) {
    for (const row of previous[store]!)
      assert.ok(
        now[store]!.some((r) => JSON.stringify(r) === JSON.stringify(row)),
        `${store} kept`,
      );
  }
}

test('an image server that hangs is given up after the time limit; the article is saved whole without the images', async (t: TestContext) => {
  const { archive, idb, before } = await archiveWithOne();
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let settled: SaveReport | undefined;
    const saving = save(
      archive,
      imagesFrom((signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))),
    ).then((r) => (settled = r));
    // Fake IndexedDB runs on setImmediate, which is real: only the fetch time limit is moved by hand.
    while (!settled) {
      await new Promise((r) => setImmediate(r));
      mock.timers.tick(IMAGE_FETCH_DEFAULTS.timeoutMs);
    }
    await saving;
    injected('image server hangs');
    assert.ok(settled.ok && settled.imagesMissing.length > 0);
    assert.ok(
      settled.imagesMissing.every((m) => m.reason === 'no answer within 20 s'),
      JSON.stringify(settled.imagesMissing),
    );
    await assertWhole(idb, settled, before);
  } finally {
    mock.timers.reset();
  }
  t.diagnostic(`faults injected: ${JSON.stringify(Object.fromEntries(faults))}`);
});

test('garbage, an HTML error page sent with 200, and a 50 MB body are refused as images; the article is saved whole', async (t: TestContext) => {
  const html = () => new TextEncoder().encode('<!doctype html><title>500</title><h1>Internal Server Error</h1>');
  let chunksRead = 0;
  const fiftyMegabytes = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull: (c) => {
          if (chunksRead++ === 0) c.enqueue(jpegBytes(1, 1024 * 1024));
          else if (chunksRead <= 50) c.enqueue(new Uint8Array(1024 * 1024));
          else c.close();
        },
      }),
      { headers: { 'content-type': 'image/jpeg' } },
    );
  const cases: [string, () => Response, RegExp][] = [
    [
      'garbage bytes',
      () =>
        new Response(
          Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff),
          { headers: { 'content-type': 'image/jpeg' } },
        ),
      /^not an image \(unrecognised bytes\)$/,
    ],
    ['HTML error page, 200, text/html', () => new Response(html(), { headers: { 'content-type': 'text/html' } }), /^not an image \(text\/html\)$/],
    ['HTML error page, 200, image/jpeg', () => new Response(html(), { headers: { 'content-type': 'image/jpeg' } }), /^not an image \(unrecognised bytes\)$/],
    ['50 MB body', fiftyMegabytes, /^too large \(over 15728640 bytes\)$/],
  ];
  for (const [kind, respond, reason] of cases) {
    const { archive, idb, before } = await archiveWithOne();
    chunksRead = 0;
    const report = await save(archive, imagesFrom(respond));
    injected(kind);
    assert.ok(report.ok && report.imagesMissing.length > 0, `${kind}: ${JSON.stringify(report)}`);
    for (const m of report.imagesMissing) assert.match(m.reason, reason, kind);
    await assertWhole(idb, report, before);
    if (kind === '50 MB body') assert.ok(chunksRead <= 17, `the body was read no further than the limit (${chunksRead} MB)`);
  }
  t.diagnostic(`faults injected: ${JSON.stringify(Object.fromEntries(faults))}`);
});

const goodImages = imagesFrom(() => new Response(jpegBytes(5, 2048), { headers: { 'content-type': 'image/jpeg' } }));

test('the quota exhausted half-way through a save leaves the archive exactly as it was', async (t: TestContext) => {
  for (const how of ['request fails', 'put throws'] as const) {
    const { archive, idb, before } = await archiveWithOne();
    const report = await withFullDisk(how, () => save(archive, goodImages));
    injected(`quota exhausted (${how})`);
    assert.ok(!report.ok && report.full, `${how}: ${JSON.stringify(report)}`);
    assert.deepEqual(await dumpStores(idb), before, how);
    // Space freed: the same save then goes through whole.
    await assertWhole(idb, await save(archive, goodImages), before);
  }
  t.diagnostic(`faults injected: ${JSON.stringify(Object.fromEntries(faults))}`);
});

test('a save cut off at each of its writes (the browser closed mid-save) leaves the archive as it was', async (t: TestContext) => {
  const counting = await archiveWithOne();
  const { puts: writes } = await abortingAtPut(0, () => save(counting.archive, goodImages));
  assert.ok(writes >= 3, `a save writes the images, the record and the search text (${writes} puts)`);
  for (let n = 1; n <= writes; n++) {
    const { archive, idb, before } = await archiveWithOne();
    const { result } = await abortingAtPut(n, () => save(archive, goodImages));
    injected('transaction aborted mid-write');
    assert.ok(!result.ok, `aborted at put ${n}: ${JSON.stringify(result)}`);
    assert.deepEqual(await dumpStores(idb), before, `aborted at put ${n} of ${writes}`);
  }
  t.diagnostic(`faults injected: ${JSON.stringify(Object.fromEntries(faults))}`);
});
