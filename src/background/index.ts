import browser from 'webextension-polyfill';
import { listen, type BackgroundProtocol } from '../messages';
import { openReaderForLink, openReaderForTab } from './open-reader';
import { forgetTab, loadReport, saveReport, showReport } from './tab-state';

const MENU_OPEN_LINK = 'open-link-in-reader';
const ARTICLE_LINKS = ['*://*.rfi.fr/cn/*', '*://*.rfi.fr/tw/*'];

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Only this extension's own pages and its content scripts may talk to the background. */
const fromUs = (sender: browser.Runtime.MessageSender) => sender.id === browser.runtime.id;

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
      if (target === undefined) return { ok: false, error: 'No tab to read.' };
      try {
        await openReaderForTab(target);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  },
  fromUs,
);

browser.commands.onCommand.addListener(async (command) => {
  const tabId = await activeTabId();
  if (tabId === undefined) return;
  if (command === 'open-reader' && (await loadReport(tabId))?.isArticle) await openReaderForTab(tabId);
});

browser.runtime.onInstalled.addListener(() => {
  browser.contextMenus.create({
    id: MENU_OPEN_LINK,
    title: browser.i18n.getMessage('menuOpenLinkInReader'),
    contexts: ['link'],
    targetUrlPatterns: ARTICLE_LINKS,
  });
});

browser.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId === MENU_OPEN_LINK && info.linkUrl) await openReaderForLink(info.linkUrl, tab);
});

browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
// Every navigation starts as "not an article"; the content script, present only on RFI's Chinese pages,
// reports otherwise once the page has loaded.
browser.tabs.onUpdated.addListener(async (tabId, change) => {
  if (change.status === 'loading') {
    await forgetTab(tabId);
    await showReport(tabId, null);
  }
});
