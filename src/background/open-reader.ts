import browser from 'webextension-polyfill';
import { fetchArticlePage } from '../fetch-page';
import { sendToTab } from '../messages';
import { storeSnapshot } from '../snapshots';

async function openReaderFor(snapshotId: string, besideTab?: browser.Tabs.Tab): Promise<void> {
  await browser.tabs.create({
    url: browser.runtime.getURL(`reader.html?snapshot=${encodeURIComponent(snapshotId)}`),
    index: besideTab?.index !== undefined ? besideTab.index + 1 : undefined,
    openerTabId: besideTab?.id,
  });
}

/** The reader opens beside the article, from the page as the user sees it now. */
export async function openReaderForTab(tabId: number): Promise<void> {
  const tab = await browser.tabs.get(tabId);
  const page = await sendToTab(tabId, 'page/snapshot', {});
  const id = await storeSnapshot(page);
  await openReaderFor(id, tab);
}

/** A link opened in the reader without visiting it first. */
export async function openReaderForLink(url: string, besideTab?: browser.Tabs.Tab): Promise<void> {
  const id = await storeSnapshot(await fetchArticlePage(url));
  await openReaderFor(id, besideTab);
}
