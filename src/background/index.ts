import browser from 'webextension-polyfill';
import { fromThisExtension, listen, sendToTab, type ArgsOf, type BackgroundProtocol } from '../shared/messages';
import type { SaveReport } from '../saving/save-page';
import { runInDom } from './dom-context';
import { openReaderForLink, openReaderForTab } from './open-reader';
import { controlQueue, enqueue, pump, resumeQueue, type QueueWorker } from '../saving/save-queue';
import { forgetTab, loadReport, saveReport, showReport, showSaved } from './tab-state';
import { message, MessageError, messageOf } from '../core/message';

const MENU_OPEN_LINK = 'open-link-in-reader';
const MENU_SAVE_LINK = 'save-link-offline';
const ARTICLE_LINKS = ['*://*.rfi.fr/cn/*', '*://*.rfi.fr/tw/*'];

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** What to save: what a page asks for, or a link not yet visited (a context menu, the queue). */
type SaveSource = ArgsOf<BackgroundProtocol, 'archive/save'> | { url: string };

/** The page's HTML comes from where the article is; the work that needs a DOM happens where there is one. */
async function saveFrom(source: SaveSource): Promise<SaveReport> {
  try {
    return await runInDom('dom/save', 'tabId' in source ? await sendToTab(source.tabId, 'page/snapshot', {}) : source);
  } catch (error) {
    return { ok: false, url: '', error: messageOf(error), full: false };
  }
}

const saveUrl = (url: string) => saveFrom({ url });
const queueWorker: QueueWorker = { isSaved: (url) => runInDom('dom/is-saved', { url }), save: saveUrl };

listen<BackgroundProtocol>(
  {
    'tab/report': async (report, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return;
      await saveReport(tabId, report);
      await showReport(tabId, report);
    },
    'tab/state': ({ tabId }) => loadReport(tabId),
    'reader/open': async ({ tabId }, sender) => {
      const target = tabId ?? sender.tab?.id;
      if (target === undefined) throw new MessageError(message('errorNoTab'));
      await openReaderForTab(target);
    },
    'archive/save': (source) => saveFrom(source),
    'archive/fill-images': (args) => runInDom('dom/fill-images', args),
    'archive/save-all': async ({ tabId }) => {
      const { urls } = await sendToTab(tabId, 'page/article-links', {});
      const queued = await enqueue(urls);
      void pump(queueWorker);
      return { queued };
    },
    'queue/control': ({ action }) => controlQueue(action, queueWorker),
  },
  fromThisExtension,
);

browser.commands.onCommand.addListener(async (command) => {
  const tabId = await activeTabId();
  if (tabId === undefined || !(await loadReport(tabId))?.isArticle) return;
  if (command === 'open-reader') await openReaderForTab(tabId);
  if (command === 'save-offline') await showSaved(tabId, await saveFrom({ tabId }));
});

browser.runtime.onInstalled.addListener(({ reason }) => {
  // First install only: the settings page says how to start and asks the one privacy question (the in-page button).
  if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('options.html?installed') });
  for (const [id, key] of [
    [MENU_OPEN_LINK, 'menuOpenLinkInReader'],
    [MENU_SAVE_LINK, 'menuSaveLinkOffline'],
  ] as const) {
    browser.contextMenus.create({ id, title: browser.i18n.getMessage(key), contexts: ['link'], targetUrlPatterns: ARTICLE_LINKS });
  }
});

browser.contextMenus.onClicked.addListener(async (info, tab) => {
  if (!info.linkUrl) return;
  if (info.menuItemId === MENU_OPEN_LINK) await openReaderForLink(info.linkUrl, tab);
  if (info.menuItemId === MENU_SAVE_LINK) {
    const report = await saveUrl(info.linkUrl);
    if (tab?.id !== undefined) await showSaved(tab.id, report);
  }
});

// A fresh background has no save running, whatever the queue says: a browser closed, an update or a stopped
// worker half-way through "save all" carries on where it stopped.
void resumeQueue(queueWorker);

browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
// Every navigation starts as "not an article"; the content script, present only on RFI's Chinese pages,
// reports otherwise once the page has loaded.
browser.tabs.onUpdated.addListener(async (tabId, change) => {
  if (change.status === 'loading') {
    await forgetTab(tabId);
    await showReport(tabId, null);
  }
});
