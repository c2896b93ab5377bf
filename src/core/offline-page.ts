/**
 * RFI's offline fallback: when the network fails, RFI's service worker answers any address, article addresses
 * included, with a page of its own that says the reader appears to be offline. At an article address it would
 * pass for an article (the URL carries a date), so it is told apart by what it says, in RFI's languages. Only
 * its sentence is known ("You appear to be offline…"); the French and Chinese forms are RFI's usual wording.
 */
const OFFLINE_SENTENCE =
  /you appear to be offline|vous (?:semblez|êtes) (?:être )?hors ligne|您似乎(?:已|处于)?离线|您似乎(?:已|處於)?離線|网络连接已断开|網路連線已中斷/i;

/** The page's text is read no further than this: a fallback page says it in its first lines. */
const READ_CHARS = 4_000;

/** Whether `doc` is such a page: its first visible text says the reader is offline. */
export function isOfflineFallback(doc: Document): boolean {
  const body = doc.body;
  if (!body) return false;
  const walker = doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  let text = '';
  for (let node = walker.nextNode(); node && text.length < READ_CHARS; node = walker.nextNode()) {
    const parent = node.parentElement?.localName;
    if (parent !== 'script' && parent !== 'style') text += `${node.nodeValue ?? ''} `;
  }
  return OFFLINE_SENTENCE.test(text.replace(/\s+/g, ' '));
}
