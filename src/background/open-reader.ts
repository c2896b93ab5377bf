import browser from 'webextension-polyfill';
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

/**
 * A link opened in the reader without visiting it first: fetched once, with the user's own cookies, like a
 * normal visit (RFI refuses generic fetchers and rate-limits crawlers).
 */
export async function openReaderForLink(url: string, besideTab?: browser.Tabs.Tab): Promise<void> {
  const response = await fetch(url, { credentials: 'include', redirect: 'follow' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const id = await storeSnapshot({ html: await response.text(), url: response.url || url });
  await openReaderFor(id, besideTab);
}
