import { openArchive, type Archive, type UndoToken } from '../archive/archive';
import { FIRST_SCREEN_ROWS, keepFirstScreen, writeStamp } from '../archive/first-screen';
import { announceArchiveChange, onArchiveChange, type ArchiveChange } from '../shared/archive-events';
import { sayError, shownNumber, t, tCount } from '../shared/i18n';
import { syncCheckboxes, type RowContext } from './article-row';
import { BackupPanel } from './backup-panel';
import { indexInWorker } from './index-in-worker';
import { firstRowsShown, list, showCount, showRows } from './list-view';
import { MirrorPanel } from './mirror-panel';
import { setUpResetDialog } from './reset-dialog';
import { Results, type ResultQuery } from './results';
import { showStorage } from './storage-info';
import { UndoBar } from './undo-bar';

const SEARCH_DEBOUNCE_MS = 150;
/** Saves from a batch arrive in bursts: one refresh for each burst. */
const CHANGE_DEBOUNCE_MS = 300;
const DAY_MS = 86_400_000;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// Opened as soon as this part of the page has loaded; controls used earlier wait for it.
const opening = openArchive({ indexer: indexInWorker() });
let archive: Archive;
let results: Results | null = null;
/** How many articles the current query selects, once counted. */
let total = 0;
/** Only the newest query may show its results. */
let generation = 0;
const selection = new Set<string>();
/** Changes this page announced: its own listener hears them too, and must not refresh for them. */
const ownChanges = new Set<string>();

/** The list's rows drawn from a query's results. */
function rowsOf(current: Results): RowContext {
  return {
    rowAt: (i) => current.rowAt(i),
    imageBlob: (hash) => archive.imageBlob(hash),
    isSelected: (url) => selection.has(url),
    onSelect: (url, selected) => {
      if (selected) selection.add(url);
      else selection.delete(url);
      showSelection();
    },
    onDelete: (url) => void deleteArticles([url]),
  };
}

const undoBar = new UndoBar($('undo-bar'), $('undo-text'), $<HTMLButtonElement>('undo'), restore, $('query'));

const backup = new BackupPanel(
  {
    download: $<HTMLButtonElement>('backup-download'),
    reminderButton: $<HTMLButtonElement>('backup-reminder-button'),
    file: $<HTMLInputElement>('import-file'),
    status: $('backup-status'),
    error: $('backup-error'),
    reminder: $('backup-reminder'),
    reminderText: $('backup-reminder-text'),
  },
  () => archive,
  () => {
    announce({ type: 'imported' });
    void refreshAll();
  },
);

const mirror = new MirrorPanel(
  {
    files: $<HTMLInputElement>('mirror-files'),
    folder: $<HTMLInputElement>('mirror-folder'),
    progress: $('mirror-progress'),
    bar: $<HTMLProgressElement>('mirror-bar'),
    cancel: $<HTMLButtonElement>('mirror-cancel'),
    progressText: $('mirror-progress-text'),
    timeLeft: $('mirror-time-left'),
    status: $('mirror-status'),
    counts: $('mirror-counts'),
    countList: $('mirror-count-list'),
    error: $('mirror-error'),
    interrupted: $('mirror-interrupted'),
    interruptedText: $('mirror-interrupted-text'),
    dismiss: $<HTMLButtonElement>('mirror-dismiss'),
  },
  () => archive,
  (done) => {
    // Other pages reload their search index whole for an import: once, at its end.
    if (done) announce({ type: 'imported' });
    void refreshAll();
  },
);

function announce(change: ArchiveChange): void {
  ownChanges.add(JSON.stringify(change));
  announceArchiveChange(change);
}

/** The option value for articles that have no section ('' already means "all sections"). */
const NO_SECTION = '\u0000none';

/** `<input type=date>` values are local days: from the start of the first to the end of the last. */
function currentQuery(): ResultQuery {
  const section = $<HTMLSelectElement>('section').value;
  const from = $<HTMLInputElement>('from').valueAsDate;
  const to = $<HTMLInputElement>('to').valueAsDate;
  const localMidnight = (utcDay: Date) => new Date(utcDay.getUTCFullYear(), utcDay.getUTCMonth(), utcDay.getUTCDate()).getTime();
  return {
    text: $<HTMLInputElement>('query').value,
    filter: {
      ...(section ? { section: section === NO_SECTION ? '' : section } : {}),
      ...(from ? { from: localMidnight(from) } : {}),
      ...(to ? { to: localMidnight(to) + DAY_MS - 1 } : {}),
    },
  };
}

/**
 * Shows the query's first rows, then (without holding them up) its count. Resolves once the rows are shown, with
 * the count still to come.
 */
async function runQuery(options: { toTop: boolean }): Promise<{ counted: Promise<void> }> {
  const mine = ++generation;
  const query = currentQuery();
  // Taken before the archive is read: a write meanwhile makes what is read unfit to keep as the first screen.
  const stamp = writeStamp();
  const next = await Results.run(await opening, query);
  if (mine !== generation) return { counted: Promise.resolve() };
  results = next;
  if (options.toTop) {
    selection.clear();
    list.scrollToTop();
  }
  showRows(rowsOf(next), next.known);
  $('viewport').hidden = next.known === 0;
  $('archive').setAttribute('aria-busy', 'false');
  const filtered = next.searching || Object.keys(query.filter).length > 0;
  const counted = next.total.then(async (n) => {
    if (mine !== generation) return;
    total = n;
    list.resize(n);
    showCount(n, filtered);
    showSelection();
    if (!filtered) keepFirstScreen(stamp, { total: n, rows: await next.firstRows(FIRST_SCREEN_ROWS) });
  });
  return { counted };
}

function showSelection(): void {
  const count = total;
  $('selected-count').textContent = t('archiveSelectedCount', shownNumber(selection.size));
  const all = $<HTMLInputElement>('select-all');
  all.checked = count > 0 && selection.size >= count;
  all.indeterminate = selection.size > 0 && selection.size < count;
  all.disabled = count === 0;
  $<HTMLButtonElement>('delete-selected').disabled = selection.size === 0;
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#export-group button'))) button.disabled = selection.size === 0;
}

async function showSections(): Promise<void> {
  const select = $<HTMLSelectElement>('section');
  const chosen = select.value;
  const sections = await archive.sections();
  select.replaceChildren(select.options[0]!);
  for (const { section, count } of sections) {
    select.add(new Option(`${section || t('archiveNoSection')} (${count})`, section || NO_SECTION));
  }
  select.value = Array.from(select.options).some((o) => o.value === chosen) ? chosen : '';
}

/** Everything that depends on the archive's content, e.g. after an import or another page's change. */
async function refreshAll(): Promise<void> {
  await showSections();
  await (
    await runQuery({ toTop: false })
  ).counted;
  await backup.showReminder();
  void showStorage($('storage-usage'), $('storage-persisted'), await archive.count());
}

async function deleteArticles(urls: string[]): Promise<void> {
  const token = await archive.delete(urls);
  for (const url of urls) selection.delete(url);
  announce({ type: 'deleted', urls: token.deleted.map((d) => d.record.url) });
  undoBar.offer(token);
  $('undo').focus();
  await refreshAll();
}

async function restore(token: UndoToken): Promise<void> {
  try {
    await archive.restore(token);
  } catch (err) {
    $('result-count').textContent = t('archiveUndoFailed', sayError(err));
    return;
  }
  for (const { record } of token.deleted) announce({ type: 'saved', url: record.url });
  await refreshAll();
}

async function resetEverything(): Promise<void> {
  const { deleteEverything } = await import('../shared/delete-everything');
  await deleteEverything(archive);
  undoBar.hide();
  selection.clear();
  announce({ type: 'reset' });
  await refreshAll();
  $('backup-status').textContent = t('archiveResetDone');
}

/**
 * Saves, deletes and imports made elsewhere (the background's queue, another archive tab) reach this page as
 * announcements: the next search reads the index again, and the list is redrawn.
 */
function listenForChanges(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onArchiveChange((change) => {
    if (ownChanges.delete(JSON.stringify(change))) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      (await opening).syncSearch();
      await refreshAll();
    }, CHANGE_DEBOUNCE_MS);
  });
}

function wireControls(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The index loads (seconds, at 10,000 articles) while the reader types, a word through an input method above all.
  for (const type of ['keydown', 'compositionstart'])
    $('query').addEventListener(
      type,
      () =>
        void opening.then(
          (opened) => opened.prepareSearch(),
          () => {},
        ),
      { once: true },
    );
  $('query').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void runQuery({ toTop: true }), SEARCH_DEBOUNCE_MS);
  });
  for (const id of ['section', 'from', 'to']) $(id).addEventListener('change', () => void runQuery({ toTop: true }));
  $<HTMLInputElement>('select-all').addEventListener('change', async (event) => {
    const box = event.target as HTMLInputElement;
    selection.clear();
    if (box.checked && results) for (const url of await results.allUrls()) selection.add(url);
    syncCheckboxes($('list'), (url) => selection.has(url));
    showSelection();
  });
  $('delete-selected').addEventListener('click', () => void deleteArticles([...selection]));
  $('export-group').addEventListener('click', async (event) => {
    const format = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-format]')?.dataset['format'];
    if (!format || !selection.size) return;
    const status = $('result-count');
    try {
      status.textContent = t('archiveExportWorking');
      // The exporters (with their ZIP writer and sanitizer) load on the first export, not with the list.
      const { exportSaved, isExportFormat } = await import('../downloads/export-saved');
      if (!isExportFormat(format)) return;
      const count = await exportSaved(archive, [...selection], format);
      status.textContent = tCount('archiveExportDone', count);
    } catch (err) {
      status.textContent = t('archiveExportFailed', sayError(err));
    }
  });
  setUpResetDialog($<HTMLButtonElement>('delete-everything'), $<HTMLDialogElement>('reset-dialog'), resetEverything);
}

/** Runs the page, once its first screen (index.ts), if there was one to show, is painted. */
export async function start({ firstScreenShown }: { firstScreenShown: boolean }): Promise<void> {
  wireControls();
  listenForChanges();
  try {
    archive = await opening;
    // The first rows first: their count, the sections, the reminder and the storage figures follow.
    const { counted } = await runQuery({ toTop: true });
    if (!firstScreenShown) firstRowsShown();
    await counted;
  } catch (err) {
    $('archive').setAttribute('aria-busy', 'false');
    // Not the first screen either: it would pass for what the archive holds.
    $('viewport').hidden = true;
    $('result-count').textContent = t('archiveOpenFailed', sayError(err));
    return;
  }
  void showSections();
  void backup.showReminder();
  void showStorage($('storage-usage'), $('storage-persisted'), total);
  // Telling of an unfinished import is worth a try, not a failure of the page.
  void mirror.showInterrupted().catch(() => {});
  // Texts saves left pending (or an upgrade: every text of an older archive) go into the index while the page is
  // open; searches read them meanwhile. A failure leaves them pending, still found.
  void archive.indexSavedTexts().catch(() => {});
}
