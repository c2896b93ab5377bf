import browser from 'webextension-polyfill';
import { detect } from '../core/detect';
import { listen, sendToBackground, type ContentProtocol } from '../messages';
import { articleLinksOf } from './article-links';
import { addReaderButton } from './reader-button';
import { loadSettings } from '../settings';

/**
 * Runs on every RFI Chinese page, so it stays small: detection only. The extractor lives in the reader page,
 * which receives the page's HTML and does the work there.
 */
async function main(): Promise<void> {
  const detection = detect({ doc: document, url: location.href });
  await sendToBackground('tab/report', { kind: detection.kind, isArticle: detection.isArticle, reason: detection.reason, title: document.title, url: location.href });
  if (detection.isArticle && (await loadSettings()).inPageButton) {
    addReaderButton(browser.i18n.getMessage('readerButton'), () => void sendToBackground('reader/open', {}));
  }
}

listen<ContentProtocol>({
  'page/snapshot': () => ({ html: document.documentElement.outerHTML, url: location.href }),
  'page/article-links': () => ({ urls: articleLinksOf(document) }),
});

void main();
