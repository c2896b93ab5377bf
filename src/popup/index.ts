import browser from 'webextension-polyfill';
import { lengthText } from '../shared/article-length-text';
import { refusalByAddress } from '../core/detect';
import { extractSnapshot, parseWithDomParser, type ExtractResult } from '../core/extract';
import { messageOf } from '../core/message';
import { localizePage, say, t, tCount } from '../shared/i18n';
import { sendToBackground, sendToTab } from '../shared/messages';
import { describeSave, savedOn } from '../shared/save-report-text';
import { loadQueue, type QueueAction, type QueueItem, type QueueState } from '../saving/queue-state';
import { onLocalChange } from '../shared/storage';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function showError(text: string): void {
  $('error').hidden = false;
  $('error').textContent = text;
}

/**
 * The popup reads the page itself (a few milliseconds) to show what the reader and the archive would get; a save
 * from here sends what it read.
 */
async function readTab(tabId: number): Promise<ExtractResult> {
  const page = await sendToTab(tabId, 'page/snapshot', {});
  return extractSnapshot(page, parseWithDomParser, window);
}

async function showArticle(tabId: number, title: string): Promise<void> {
  $('article').hidden = false;
  $('title').textContent = title;
  const open = $<HTMLButtonElement>('open-reader');
  open.focus();
  open.addEventListener('click', async () => {
    try {
      await sendToBackground('reader/open', { tabId });
      window.close();
    } catch (error) {
      showError(say(messageOf(error)));
    }
  });

  const result = await readTab(tabId);
  if (!result.ok) {
    $('save').hidden = true;
    showError(say(result.reason));
    return;
  }
  const { article } = result;
  $('title').textContent = article.title;
  $('facts').textContent = [article.section, lengthText(article)].filter(Boolean).join(' · ');
  const { openArchive } = await import('../archive/archive');
  const archive = await openArchive();
  const saved = await archive.get(article.canonicalUrl);
  const save = $<HTMLButtonElement>('save');
  const state = $('saved-state');
  if (saved) {
    state.textContent = savedOn(saved.updatedAt);
    save.textContent = t('popupSaveAgain');
  }
  const saveNow = async (): Promise<boolean> => {
    save.disabled = true;
    state.textContent = t('popupSaving');
    const report = await sendToBackground('archive/save', { article });
    state.textContent = describeSave(report);
    save.disabled = false;
    if (report.ok) save.textContent = t('popupSaveAgain');
    return report.ok;
  };
  save.addEventListener('click', () => void saveNow());
  showExport(async (format) => {
    // Exports come from the archive, so the images go with the text: an article not saved yet is saved first.
    if (!(await archive.has(article.canonicalUrl)) && !(await saveNow())) return;
    const { exportSaved } = await import('../downloads/export-saved');
    await exportSaved(archive, [article.canonicalUrl], format);
  });
}

const EXPORT_CHOICES = [
  ['epub', 'EPUB'],
  ['html', 'HTML'],
  ['markdown', 'Markdown'],
] as const;

function showExport(run: (format: (typeof EXPORT_CHOICES)[number][0]) => Promise<void>): void {
  const group = $('export');
  group.hidden = false;
  for (const [format, label] of EXPORT_CHOICES) {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: label });
    button.dataset['format'] = format;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await run(format);
      } catch (error) {
        showError(say(messageOf(error)));
      } finally {
        button.disabled = false;
      }
    });
    group.querySelector('.row')!.append(button);
  }
}

function showQueue(queue: QueueState): void {
  const count = (state: QueueItem['state']) => queue.items.filter((item) => item.state === state).length;
  const left = count('waiting') + count('saving');
  const [saved, failed, skipped] = [count('saved'), count('failed'), count('skipped')];
  const focused = document.activeElement;
  $('queue').hidden = queue.items.length === 0;
  $('queue-label').textContent = [
    left ? t('popupQueue', String(saved), String(failed), String(left)) : t('popupQueueDone', String(saved), String(failed)),
    skipped ? t('popupQueueSkipped', String(skipped)) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const control = (id: string, action: QueueAction) => {
    $(id).onclick = async () => showQueue(await sendToBackground('queue/control', { action }));
  };
  const toggle = $<HTMLButtonElement>('queue-toggle');
  toggle.hidden = left === 0;
  toggle.textContent = t(queue.paused ? 'popupQueueResume' : 'popupQueuePause');
  control('queue-toggle', queue.paused ? 'resume' : 'pause');
  $('queue-retry').hidden = failed === 0;
  control('queue-retry', 'retry');
  control('queue-clear', 'clear');
  // A button that hid itself (retry with nothing left to retry, clear) must not drop the keyboard user to the page's top.
  if (focused instanceof HTMLElement && $('queue').contains(focused) && focused.getClientRects().length === 0) {
    ($('queue').hidden ? $('open-archive') : $('queue-clear')).focus();
  }
}

function showListing(tabId: number): void {
  $('listing').hidden = false;
  const button = $<HTMLButtonElement>('save-all');
  button.focus();
  button.addEventListener('click', async () => {
    button.disabled = true;
    const { queued } = await sendToBackground('archive/save-all', { tabId });
    button.textContent = tCount('popupQueued', queued);
  });
}

async function main(): Promise<void> {
  localizePage();
  showQueue(await loadQueue());
  onLocalChange('saveQueue', showQueue);
  // The popup acts on the active tab. `?tab=<id>` opens the same page for a given tab in a tab of its own, where
  // the active tab would be itself: that is how tests drive it, since headless browsers show no popups.
  const forTab = Number(new URLSearchParams(location.search).get('tab'));
  const [tab] = forTab ? [await browser.tabs.get(forTab)] : await browser.tabs.query({ active: true, currentWindow: true });
  const report = tab?.id !== undefined ? await sendToBackground('tab/state', { tabId: tab.id }) : null;
  if (tab?.id !== undefined && report?.isArticle) return showArticle(tab.id, report.title);
  if (tab?.id !== undefined && report?.kind === 'rfi-non-article') return showListing(tab.id);
  $('not-article').hidden = false;
  // The content script runs on RFI's Chinese pages only: elsewhere the address says why (when the browser tells it).
  const reason = report?.reason ?? (tab?.url ? refusalByAddress(tab.url)?.reason : undefined);
  $('reason').textContent = reason ? say(reason) : t('popupNotRfiPage');
  $('open-archive').focus();
}

main().catch((error: unknown) => showError(say(messageOf(error))));
