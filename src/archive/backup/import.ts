import { importStep, packsOf, readBackup, storedImage, type CheckedBackup } from './read';
import { ImportError } from '../errors';
import type { Digester } from './image-digests';
import { packOf, putPack } from '../image-packs';
import { asTheOnlyImport, beginImport, endImport, rollBackImport, stageImages } from './import-journal';
import { prepareRecord, type PreparedArticle } from '../prepare';
import { isStoredRef, rowOf, type SavedArticle, type StoredImage } from '../records';
import { putRecord, putSearchText } from '../record-writes';
import type { ArchiveDb } from '../schema';
import { addIfAbsent, RequestBatch, writeTransaction, type WriteTx } from '../transaction';
import { errorText } from '../../core/error-text';

export interface ImportReport {
  /** Articles that were not in the archive. */
  added: number;
  /** Articles already there that the backup made newer (or gave an earlier first-save time). */
  updated: number;
  /** Articles already there and at least as new. */
  unchanged: number;
  /** Images written that the archive did not hold yet. */
  images: number;
}

/**
 * New articles per transaction. Small transactions are cheaper per article than one large one (Chromium logs how
 * to undo a large one as it goes), and the browser writes one while the page prepares the next.
 */
const ARTICLES_PER_WRITE = 100;

/**
 * Everything is read and checked before anything is written: a refused file throws an ImportError and the archive
 * is not touched. Merging keeps one record per URL: the newer `updatedAt` wins and the earliest `savedAt` is kept.
 * The writes (images, then new articles, then updates of articles already here) are journaled, so an import that
 * does not finish is taken back whole (import-journal.ts).
 */
export async function importBackup(db: ArchiveDb, input: Blob | Uint8Array, win: Window | undefined, digest?: Digester): Promise<ImportReport> {
  const ahead = new Map<SavedArticle, PreparedArticle>();
  const backup = await readBackup(
    input,
    digest,
    (manifest, imagesRead) => void importStep('ahead', () => prepareAhead(manifest.articles, preparer(manifest.articles, win), ahead, imagesRead)),
  );
  const { articles } = backup.manifest;
  const prepareOne = preparer(articles, win);
  const prepare = (a: SavedArticle): PreparedArticle => {
    const prepared = ahead.get(a);
    ahead.delete(a);
    return prepared ?? prepareOne(a);
  };
  return asTheOnlyImport(async () => {
    const plan = await importStep('plan', () => planMerge(db, articles));
    const staged = [...new Set([...plan.added, ...plan.newer].flatMap((a) => a.images.filter(isStoredRef).map((r) => r.hash)))].filter(
      (hash) => !plan.storedImages.has(hash),
    );
    try {
      await beginImport(db, { images: staged, added: plan.added.map(({ url, updatedAt }) => ({ url, updatedAt })) });
      const added = await stageAndAdd(
        () =>
          stageImages(
            db,
            packsOf(
              staged.map((h) => backup.images.get(h)!),
              backup.file,
            ),
          ),
        (signal) => writeAdded(db, plan.added, prepare, signal),
      );
      const newer = plan.newer.map(prepare);
      const rest = [...added.skipped, ...newer, ...plan.earlier.map((a) => ({ backup: a }))];
      // Strict: once it has committed, the import is on disk, journal closed.
      const merged = await importStep('merge', () =>
        writeTransaction(db, (tx) => merge(tx, rest, imageFrom(backup), { staged, taken: added.taken }, plan.imagesBefore), { durability: 'strict' }),
      );
      return { ...merged, added: merged.added + added.written, unchanged: merged.unchanged + plan.unchanged };
    } catch (err) {
      await rollBackImport(db).catch(() => {});
      throw err;
    }
  });
}

const imageFrom =
  (backup: CheckedBackup) =>
  (hash: string): StoredImage =>
    storedImage(backup.images.get(hash)!, backup.file);

interface MergePlan {
  /** New here. */
  added: SavedArticle[];
  /** Newer than the version here. */
  newer: SavedArticle[];
  /** As new as the version here or older, but first saved earlier. */
  earlier: SavedArticle[];
  unchanged: number;
  storedImages: Set<string>;
  imagesBefore: number;
}

/** What the archive wants of the backup, read before any write. */
async function planMerge(db: ArchiveDb, articles: SavedArticle[]): Promise<MergePlan> {
  const tx = db.transaction(['articles', 'images']);
  const [known, storedImages, imagesBefore] = await Promise.all([
    tx.objectStore('articles').getAllKeys(),
    tx.objectStore('images').getAllKeys(),
    tx.objectStore('images').count(),
  ]);
  const here = new Set(known);
  const existing = await Promise.all(articles.map((a) => (here.has(a.url) ? tx.objectStore('articles').get(a.url) : undefined)));
  await tx.done;
  const plan: MergePlan = { added: [], newer: [], earlier: [], unchanged: 0, storedImages: new Set(storedImages), imagesBefore };
  articles.forEach((a, i) => {
    const mine = existing[i];
    if (!mine) plan.added.push(a);
    else if (a.updatedAt > mine.updatedAt) plan.newer.push(a);
    else if (a.savedAt < mine.savedAt) plan.earlier.push(a);
    else plan.unchanged++;
  });
  return plan;
}

/**
 * The images and the new articles, written side by side: they are different stores, so the browser copies the
 * images' bytes while the page sanitizes the articles and the database takes them in (at 10,000 articles in
 * Chromium, one after the other took 7.5 s + 25.6 s, side by side 24 s). If one fails the other is stopped, and
 * both have settled before the failure is thrown: the roll-back that follows must not race a write still under way.
 */
async function stageAndAdd<T>(stage: () => Promise<void>, add: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const halt = (err: unknown): never => {
    stop.abort();
    throw err;
  };
  const [staging, adding] = await Promise.allSettled([importStep('stage', stage).catch(halt), importStep('add', () => add(stop.signal)).catch(halt)]);
  // Stopped, the adding ends early without failing: a failure of the staging is reported whatever the adding did.
  if (staging.status === 'rejected') throw staging.reason;
  if (adding.status === 'rejected') throw adding.reason;
  return adding.value;
}

/** Prepares an article of the backup for writing; one that cannot be sanitized refuses the whole backup. */
function preparer(articles: SavedArticle[], win: Window | undefined) {
  return (a: SavedArticle): PreparedArticle => {
    try {
      // Its images are staged (or already here): only a merge that needs them after all takes them, from `imageOf`.
      return prepareRecord(a, [], win);
    } catch (err) {
      throw new ImportError(`Backup refused: articles[${articles.indexOf(a)}].article.contentHtml could not be sanitized (${errorText(err)}).`);
    }
  };
}

/** Longest the page's thread is held by the preparing ahead before it lets other tasks run. */
const AHEAD_SLICE_MS = 10;

/**
 * Prepares (sanitizes) the articles in order until `stop`. The page does this while a worker still reads the
 * backup's images: where that takes longer than the manifest (in Firefox, 11-13 s against 5-6 s at 10,000 articles)
 * the page's thread would otherwise be idle. The first failure ends it: the import meets that article in its turn.
 */
async function prepareAhead(
  articles: SavedArticle[],
  prepare: (a: SavedArticle) => PreparedArticle,
  into: Map<SavedArticle, PreparedArticle>,
  stop: AbortSignal,
) {
  let at = 0;
  while (at < articles.length) {
    // Images already read by now stop it before it starts.
    await nextTask();
    const sliceEnd = performance.now() + AHEAD_SLICE_MS;
    while (at < articles.length && performance.now() < sliceEnd) {
      if (stop.aborted) return;
      const a = articles[at++]!;
      try {
        into.set(a, prepare(a));
      } catch {
        return;
      }
    }
  }
}

/** Resolves in a task of its own, after whatever is queued (the worker's reply among them); unlike a timer, not slowed down in a background tab. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** Transactions of new articles given to the browser before the page waits for the first of them. */
const WRITES_AHEAD = 2;

/**
 * The new articles, a transaction per few, prepared (sanitized, folded) while the ones before are written. One
 * saved here meanwhile by another page is skipped, for the last transaction to merge.
 */
async function writeAdded(db: ArchiveDb, added: SavedArticle[], prepare: (a: SavedArticle) => PreparedArticle, signal: AbortSignal) {
  let written = 0;
  const skipped: PreparedArticle[] = [];
  const taken = new Set<string>();
  const writing: Promise<void>[] = [];
  for (let at = 0; at < added.length; at += ARTICLES_PER_WRITE) {
    // The staging failed: the import is taken back once the writes under way have settled.
    if (signal.aborted) break;
    const prepared = added.slice(at, at + ARTICLES_PER_WRITE).map(prepare);
    if (writing.length >= WRITES_AHEAD) await writing.shift();
    const write = writeTransaction(
      db,
      async (tx) => {
        const batch = new RequestBatch();
        for (const p of prepared) {
          // Added only if absent: asking first cost a round trip per article.
          batch.add(
            addIfAbsent(tx.objectStore('articles'), p.record).then((isNew) => {
              if (!isNew) return void skipped.push(p);
              batch.add(tx.objectStore('rows').put(rowOf(p.record)));
              batch.add(putSearchText(tx, p.search, true));
              written++;
              p.record.imageHashes.forEach((h) => taken.add(h));
            }),
          );
        }
        await batch.done();
      },
      { stores: ['articles', 'rows', 'search', 'docs', 'meta'], durability: 'relaxed' },
    );
    // Failures are awaited in turn below; none goes unheard meanwhile.
    write.catch(() => {});
    writing.push(write);
  }
  for (const write of writing) await write;
  return { written, skipped, taken };
}

/** An article of the backup for the last transaction: prepared when it may be written whole. */
type ToMerge = PreparedArticle | { backup: SavedArticle };

/**
 * The last transaction: articles already here (updated, or given their earlier first-save time), decided again
 * against what the archive holds now; it puts back any image of the import a deletion elsewhere took meanwhile,
 * drops the staged images no article took, and closes the journal.
 */
async function merge(
  tx: WriteTx,
  articles: ToMerge[],
  imageOf: (hash: string) => StoredImage,
  images: { staged: string[]; taken: Set<string> },
  imagesBefore: number,
) {
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, images: 0 };
  const { staged, taken } = images;
  for (const item of articles) {
    const backup = 'backup' in item ? item.backup : item.record;
    const existing = await tx.objectStore('articles').get(backup.url);
    const savedAt = Math.min(existing?.savedAt ?? Infinity, backup.savedAt);
    if ('record' in item && (!existing || item.record.updatedAt > existing.updatedAt)) {
      await putRecord(tx, { ...item.record, savedAt }, item.record.imageHashes.map(imageOf), item.search, existing);
      item.record.imageHashes.forEach((h) => taken.add(h));
      if (existing) report.updated++;
      else report.added++;
    } else if (existing && savedAt < existing.savedAt) {
      const search = (await tx.objectStore('search').get(existing.url))!;
      await putRecord(tx, { ...existing, savedAt }, [], search, existing);
      report.updated++;
    } else {
      report.unchanged++;
    }
  }
  // An image the new articles use may have been dropped meanwhile by a deletion elsewhere (before they were written,
  // no article here used it): it goes in again.
  const stored = new Set(await tx.objectStore('images').getAllKeys());
  await putPack(tx, packOf([...taken].filter((hash) => !stored.has(hash)).map(imageOf)));
  await endImport(
    tx,
    staged.filter((hash) => !taken.has(hash)),
  );
  // Net count: an update can also drop images that only the older version used.
  report.images = Math.max(0, (await tx.objectStore('images').count()) - imagesBefore);
  return report;
}
