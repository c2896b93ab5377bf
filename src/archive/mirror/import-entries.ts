import { extractSnapshot, type HtmlParser } from '../../core/extract';
import type { Archive } from '../archive';
import { articleKeyOf, type PreparedArticle } from '../prepare';
import { errorText } from '../../core/error-text';
import { countsNow, emptyCounts, EXAMPLES_PER_REASON, type MirrorCounts, type SkipExample } from './mirror-counts';
import type { MirrorSource } from './mirror-files';
import { mirrorRecord } from './mirror-record';
import { sortFile, type Candidate, type SkipReason } from './sort-entry';

export interface MirrorImportOptions {
  archive: Pick<Archive, 'rows' | 'addNew'>;
  /** DOMParser in a page, jsdom in Node. */
  parse: HtmlParser;
  /** The DOM that sanitizes. */
  window: Window;
  /** The import's time (epoch ms), each article's update time. */
  now: () => number;
  /** Lets the page paint and answer input; awaited whenever the import has run `sliceMs` without a break. */
  pause: () => Promise<void>;
  /** Monotonic milliseconds, for the slices. */
  clock?: () => number;
  sliceMs?: number;
  /** Articles per write: one transaction each. */
  batchSize?: number;
  signal?: AbortSignal;
  /** After each file is sorted or extracted. Called often: a page shows it at its own pace. */
  onProgress?: (counts: MirrorCounts) => void;
  /** After each batch has been committed (the counts include it); a failure here ends the import as a write's would. */
  onWritten?: (counts: MirrorCounts) => Promise<void> | void;
}

export interface MirrorReport extends MirrorCounts {
  /** `cancelled`: the signal stopped it; `failed`: a write or a read did (`error`); both keep every batch committed. */
  outcome: 'done' | 'cancelled' | 'failed';
  error?: unknown;
}

/**
 * The import proper: sorts every file by its header, asks the archive about the RFI Chinese ones a run at a time,
 * extracts those it does not have (the page's own `extractSnapshot`, the save's sanitizing and record), and writes
 * them in batches, each batch one transaction: whatever stops the import, the archive holds whole batches only.
 * One write is in flight while the next batch is extracted.
 */
export async function importMirror(source: MirrorSource, options: MirrorImportOptions): Promise<MirrorReport> {
  const { archive, parse, window, now, pause, signal } = options;
  const clock = options.clock ?? (() => performance.now());
  // A page in Chromium takes a timer turn every second slice or so: 20 ms slices keep its waits near 50 ms.
  const sliceMs = options.sliceMs ?? 20;
  const batchSize = options.batchSize ?? 150;
  const counts = emptyCounts(source.total, source.otherFiles);
  const seen = new Set<string>();
  let pending: PreparedArticle[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  let sliceStart = clock();

  const progress = () => options.onProgress?.(countsNow(counts));
  const breathe = async () => {
    if (clock() - sliceStart < sliceMs) return;
    await pause();
    sliceStart = clock();
  };
  const write = async (batch: PreparedArticle[]) => {
    try {
      const added = await archive.addNew(batch);
      counts.added += added.length;
      // Saved meanwhile by the reader or the background's queue: the archive's own copy stays.
      counts.alreadyHere += batch.length - added.length;
      counts.done += batch.length;
      await options.onWritten?.(countsNow(counts));
    } catch (error) {
      failure ??= { error };
    }
  };
  const flush = async () => {
    // The write before this one first: at most one is in flight.
    await writing;
    const batch = pending;
    pending = [];
    if (batch.length && !failure) writing = write(batch);
  };
  const settle = (what: 'alreadyHere' | 'repeated') => {
    counts[what]++;
    counts.done++;
  };
  const skip = (reason: SkipReason, example: SkipExample) => {
    counts.skipped[reason]++;
    counts.done++;
    if (counts.examples[reason].length < EXAMPLES_PER_REASON) counts.examples[reason].push(example);
  };

  const extract = (c: Candidate) => {
    const result = extractSnapshot({ html: c.text, url: '' }, parse, window);
    if (!result.ok) return skip('refused', { name: c.name, detail: result.reason });
    const key = articleKeyOf(result.article);
    // The address the archive would file the article under is the one the header gave, canonical: anything else
    // would be a second key for one article.
    if (key !== c.key) return skip('refused', { name: c.name });
    pending.push(mirrorRecord(result.article, key, c.entry.feedTimeMs, now(), window));
  };

  let readFailure: { error: unknown } | null = null;
  try {
    outer: for await (const run of source.runs()) {
      const candidates: Candidate[] = [];
      for (const file of run) {
        const sorted = sortFile(file);
        if ('skip' in sorted) skip(sorted.skip, { name: file.name, ...(sorted.detail ? { detail: sorted.detail } : {}) });
        else if (seen.has(sorted.key)) settle('repeated');
        else {
          seen.add(sorted.key);
          candidates.push(sorted);
        }
      }
      progress();
      const here = candidates.length ? await archive.rows(candidates.map((c) => c.key)) : [];
      for (const [i, c] of candidates.entries()) {
        if (signal?.aborted || failure) break outer;
        if (here[i]) {
          settle('alreadyHere');
          continue;
        }
        await breathe();
        try {
          extract(c);
        } catch (err) {
          // A page that breaks the extractor is that entry's loss: it says nothing of the others.
          skip('broken', { name: c.name, detail: errorText(err) });
        }
        progress();
        if (pending.length >= batchSize) await flush();
      }
      if (signal?.aborted || failure) break;
      await breathe();
    }
  } catch (error) {
    // The chosen file could no longer be read (moved, changed): what was extracted from it is still whole.
    readFailure = { error };
  }
  // What was extracted is written, cancelled or not: the batch is whole either way.
  await flush();
  await writing;
  progress();
  const stopped = failure ?? readFailure;
  if (stopped) return { ...countsNow(counts), outcome: 'failed', error: stopped.error };
  return { ...countsNow(counts), outcome: signal?.aborted ? 'cancelled' : 'done' };
}
