import browser from 'webextension-polyfill';
import { fetchArticlePage } from '../saving/fetch-page';
import { sendToTab } from '../shared/messages';
import { storeSnapshot } from '../shared/snapshots';
import { messageOf } from '../core/message';

async function openReaderFor(snapshotId: string, besideTab?: browser.Tabs.Tab): Promise<void> {
  await browser.tabs.create({
    url: browser.runtime.getURL(`reader.html?snapshot=${encodeURIComponent(snapshotId)}`),
    index: besideTab?.index !== undefined ? besideTab.index + 1 : undefined,
    openerTabId: besideTab?.id,
  });
}

/**
 * Opens the reader tab at once and hands it the page when it is read: a new tab's own start-up is most of the
 * wait, so the two overlap. If the page cannot be read, the tab is told why (and so is the caller).
 */
async function openReaderWhile(read: () => Promise<{ html: string; url: string }>, besideTab?: browser.Tabs.Tab): Promise<void> {
  const id = crypto.randomUUID();
  const opening = openReaderFor(id, besideTab);
  try {
    await storeSnapshot(await read(), id);
  } catch (error) {
    await storeSnapshot({ error: messageOf(error) }, id);
    throw error;
  } finally {
    await opening;
  }
}

/** The reader opens beside the article, from the page as the user sees it now. */
export async function openReaderForTab(tabId: number): Promise<void> {
  const tab = await browser.tabs.get(tabId);
  await openReaderWhile(() => sendToTab(tabId, 'page/snapshot', {}), tab);
}

/** A link opened in the reader without visiting it first: the tab says it is loading while the page is fetched. */
export async function openReaderForLink(url: string, besideTab?: browser.Tabs.Tab): Promise<void> {
  await openReaderWhile(() => fetchArticlePage(url), besideTab);
}
