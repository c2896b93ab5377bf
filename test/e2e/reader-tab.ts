import { SEND_IN_PAGE } from './extension-pages';
import type { Session, Tab } from './session';

/** The reader has shown its article (or its notice). */
export const READER_RENDERED = `document.querySelector('main').getAttribute('aria-busy') === 'false' && !!document.querySelector('main article h1')`;

/** From an extension page: open the reader on the (only) rfi.fr tab, as the popup does. */
const OPEN_READER = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const [tab] = await api.tabs.query({ url: '*://www.rfi.fr/*' });
  return (${SEND_IN_PAGE})('reader/open', { tabId: tab.id });
})()`;

/**
 * Opens `pageUrl`, then the reader on it from a helper extension page (itself a reader with nothing to show),
 * and returns both tabs, the reader in front. `beforeReader` runs in the helper first (stored settings, say).
 */
export async function openReaderOn(session: Session, pageUrl: string, beforeReader = ''): Promise<{ reader: Tab; helper: Tab }> {
  await session.openPage(pageUrl);
  const helper = await session.openExtensionPage('reader.html');
  if (beforeReader) await helper.run(beforeReader);
  // The background's refusal, if any, is thrown here with its sentence.
  const reader = await session.newTabFrom(() => helper.run(OPEN_READER), `${session.origin}/reader.html?snapshot=`);
  await reader.bringToFront();
  return { reader, helper };
}
