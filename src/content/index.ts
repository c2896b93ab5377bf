import browser from 'webextension-polyfill';
import { detect } from '../core/detect';
import { listen, sendToBackground, type ContentProtocol } from '../shared/messages';
import { articleLinksOf } from './article-links';
import { addReaderButton } from './reader-button';
import { loadSettings } from '../shared/settings';

/**
 * Runs on every RFI Chinese page, so it stays small: detection only. The extractor lives in the reader page,
 * which receives the page's HTML and does the work there.
 */
async function main(): Promise<void> {
  const detection = detect({ doc: document, url: location.href });
  await sendToBackground('tab/report', {
    kind: detection.kind,
    isArticle: detection.isArticle,
    reason: detection.reason,
    title: document.title,
    url: location.href,
  });
  if (detection.isArticle && (await loadSettings()).inPageButton) {
    addReaderButton(browser.i18n.getMessage('readerButton'), () => void sendToBackground('reader/open', {}));
  }
}

/** What extraction never reads, dropped from the copy: a live page's icons, styles and code, most of its tags. */
const UNREAD = 'svg, style, script:not([type*="json" i])';

/**
 * The page as the extension will parse it, without its `<noscript>` elements: this document (scripting on) read
 * their content as text, the extension's inert parser (scripting off) would read the same text as markup, and a
 * crafted one then swallows the rest of the article or smuggles markup past this page's own parse. Without what
 * extraction never reads either (JSON-LD and the audio player's JSON stay): the size limits count what is left.
 */
function snapshotHtml(): string {
  // The copy lives in a document with no browsing context: a copy inside the page's own would load every image
  // it holds, from a content script the page's security policy does not restrain.
  const root = document.implementation.createHTMLDocument('').importNode(document.documentElement, true);
  for (const el of Array.from(root.getElementsByTagName('noscript'))) el.remove();
  for (const el of Array.from(root.querySelectorAll(UNREAD))) el.remove();
  return root.outerHTML;
}

listen<ContentProtocol>({
  'page/snapshot': () => ({ html: snapshotHtml(), url: location.href }),
  'page/article-links': () => ({ urls: articleLinksOf(document) }),
});

void main();
