import type { Archive } from '../archive/archive';
import type { MirrorReport } from '../archive/mirror/import-entries';
import type { MirrorCounts, SkipExample, TimeLeft } from '../archive/mirror/mirror-counts';
import type { ChosenFile } from '../archive/mirror/mirror-files';
import { say, sayError, shownNumber, t, tCount } from '../shared/i18n';

export interface MirrorPanelElements {
  files: HTMLInputElement;
  folder: HTMLInputElement;
  progress: HTMLElement;
  bar: HTMLProgressElement;
  cancel: HTMLButtonElement;
  progressText: HTMLElement;
  timeLeft: HTMLElement;
  status: HTMLElement;
  counts: HTMLElement;
  countList: HTMLElement;
  error: HTMLElement;
  interrupted: HTMLElement;
  interruptedText: HTMLElement;
  dismiss: HTMLButtonElement;
}

/** Progress is redrawn at most this often: an entry takes a few milliseconds, a redraw each would be most of the work. */
const SHOW_EVERY_MS = 250;
/** The list takes in what was imported this often while the import runs, and once at its end. */
const LIST_EVERY_MS = 3_000;

/**
 * Lets the page paint and answer input between slices of the import: a message to itself, queued behind whatever
 * else the page has to do (a search, the list's reads). Not a timer: a hidden tab's timers run once a second at
 * best (once a minute after a while in Chromium), which would make an import in the background crawl. Not
 * `scheduler.yield()` either: its continuations go before other tasks, and the page's timers and database reads
 * waited up to 0.4 s behind the import (Chromium).
 */
function pauseForPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** What the reader chose, in a few words for the note an interrupted import leaves. */
function chosenName(files: File[]): string {
  const folder = files[0]?.webkitRelativePath.split('/')[0];
  if (folder) return folder;
  return files.length === 1 ? files[0]!.name : tCount('mirrorChosenFiles', files.length);
}

/** One reason's line: the count, then the names of its first files (and why, for a damaged or refused one). */
function countLine(key: Parameters<typeof tCount>[0], count: number, examples: SkipExample[]): HTMLLIElement {
  const li = document.createElement('li');
  const text = document.createElement('span');
  text.className = 'count';
  text.textContent = tCount(key, count);
  li.append(text);
  if (examples.length) {
    const list = document.createElement('ul');
    list.className = 'examples muted';
    for (const { name, detail } of examples) {
      const item = document.createElement('li');
      item.textContent = detail ? `${name} — ${typeof detail === 'string' ? detail : say(detail)}` : name;
      list.append(item);
    }
    li.append(list);
  }
  return li;
}

/** The archive page's import of feed-mirror entries: the inputs, progress, cancel, the counts, an unfinished import. */
export class MirrorPanel {
  private running: AbortController | null = null;

  constructor(
    private readonly el: MirrorPanelElements,
    private readonly archive: () => Archive,
    /** Called while an import writes (`done` false) and once after it (true): the list must show what it added. */
    private readonly changed: (done: boolean) => void,
  ) {
    el.files.addEventListener('change', () => void this.importChosen(el.files));
    el.folder.addEventListener('change', () => void this.importChosen(el.folder));
    el.cancel.addEventListener('click', () => this.running?.abort());
    el.dismiss.addEventListener('click', () => void this.dismissInterrupted());
  }

  /** Tells of an import that a closed page or browser stopped, if there was one. */
  async showInterrupted(): Promise<void> {
    const { interruptedMirrorImport } = await import('../archive/mirror/import-note');
    const note = await interruptedMirrorImport(this.archive());
    if (this.running) return;
    this.el.interrupted.hidden = !note;
    if (note) {
      const numbers = [note.done, note.total, note.added].map(shownNumber);
      this.el.interruptedText.textContent = t('mirrorInterrupted', note.chosen, ...numbers);
    }
  }

  private async dismissInterrupted(): Promise<void> {
    this.el.interrupted.hidden = true;
    await this.archive().keepMirrorImportNote(null);
  }

  private async importChosen(input: HTMLInputElement): Promise<void> {
    const files = Array.from(input.files ?? []);
    // Lets the same files be chosen again, to go on after a cancel.
    input.value = '';
    if (!files.length || this.running) return;
    const stop = (this.running = new AbortController());
    this.setBusy(true);
    this.say(t('mirrorOpening'));
    const seen: { counts: MirrorCounts | null } = { counts: null };
    try {
      // The extractor and its libraries load with the first import, not with the list.
      const [{ runMirrorImport }, { TimeLeft }, { parseWithDomParser }] = await Promise.all([
        import('../archive/mirror/run-import'),
        import('../archive/mirror/mirror-counts'),
        import('../core/extract'),
      ]);
      const eta = new TimeLeft();
      let shownAt = -Infinity;
      let listedAt = performance.now();
      const run = await runMirrorImport(files as ChosenFile[], {
        archive: this.archive(),
        chosen: chosenName(files),
        parse: parseWithDomParser,
        window,
        now: Date.now,
        pause: pauseForPage,
        signal: stop.signal,
        onOpened: (counts) => {
          this.el.interrupted.hidden = true;
          this.el.progress.hidden = false;
          this.say('');
          this.showProgress(counts, eta);
        },
        onProgress: (counts) => {
          seen.counts = counts;
          if (performance.now() - shownAt < SHOW_EVERY_MS) return;
          shownAt = performance.now();
          this.showProgress(counts, eta);
        },
        onWritten: (counts) => {
          seen.counts = counts;
          if (performance.now() - listedAt < LIST_EVERY_MS) return;
          listedAt = performance.now();
          this.changed(false);
        },
      });
      if (run.busy) this.fail(t('mirrorBusy'));
      else this.showOutcome(run.result);
    } catch (err) {
      const { MirrorZipError } = await import('../archive/mirror/mirror-files');
      if (err instanceof MirrorZipError) this.fail(t('mirrorZipUnreadable', err.fileName, err.reason));
      else this.fail(t('mirrorFailed', sayError(err), shownNumber(seen.counts?.added ?? 0)));
    } finally {
      this.running = null;
      this.el.progress.hidden = true;
      this.setBusy(false);
    }
    if (seen.counts) this.changed(true);
  }

  private showProgress(counts: MirrorCounts, eta: TimeLeft): void {
    this.el.bar.max = Math.max(1, counts.total);
    this.el.bar.value = counts.done;
    this.el.progressText.textContent = t('mirrorProgress', ...[counts.done, counts.total, counts.added].map(shownNumber));
    const left = eta.update(performance.now(), counts.done, counts.total);
    const minutes = left === null ? 0 : Math.round(left / 60_000);
    this.el.timeLeft.textContent = left === null ? t('mirrorTimeLeftUnknown') : minutes < 1 ? t('mirrorTimeLeftSoon') : tCount('mirrorTimeLeft', minutes);
    this.showCounts(counts);
  }

  private showOutcome(report: MirrorReport): void {
    this.showCounts(report);
    if (report.outcome === 'done') this.say(tCount('mirrorDone', report.added));
    else if (report.outcome === 'cancelled') this.say(tCount('mirrorCancelled', report.added));
    else this.fail(t('mirrorFailed', sayError(report.error), shownNumber(report.added)));
  }

  /** What was not added, by reason (the reasons with none left out), with the first files skipped for each. */
  private showCounts(c: MirrorCounts): void {
    const lines: [Parameters<typeof tCount>[0], number, SkipExample[]][] = [
      ['mirrorCountAlreadyHere', c.alreadyHere, []],
      ['mirrorCountRepeated', c.repeated, []],
      ['mirrorCountOtherOutlet', c.skipped.otherOutlet, c.examples.otherOutlet],
      // Files named otherwise were never read: for the reader they are not entries either.
      ['mirrorCountNotEntry', c.skipped.notEntry + c.otherFiles, c.examples.notEntry],
      ['mirrorCountBroken', c.skipped.broken, c.examples.broken],
      ['mirrorCountRefused', c.skipped.refused, c.examples.refused],
    ];
    const shown = lines.filter(([, n]) => n > 0);
    this.el.countList.replaceChildren(...shown.map(([key, n, examples]) => countLine(key, n, examples)));
    this.el.counts.hidden = shown.length === 0;
  }

  private setBusy(busy: boolean): void {
    this.el.files.disabled = busy;
    this.el.folder.disabled = busy;
  }

  private say(text: string): void {
    this.el.error.hidden = true;
    this.el.status.textContent = text;
  }

  private fail(text: string): void {
    this.el.status.textContent = '';
    this.el.error.hidden = false;
    this.el.error.textContent = text;
  }
}
