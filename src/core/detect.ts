import type { Lang } from './article';
import { INPUT_LIMITS } from './input-limits';
import { langOfEdition, normalizeLang } from './lang';
import { message, type Message } from './message';
import { isOfflineFallback } from './offline-page';
import { readPageMeta, type PageMeta } from './page-meta';
import { parseRfiUrl, parseUrl, type RfiUrlInfo } from './rfi-url';

export type PageKind =
  | 'article' // an RFI Chinese article: ours
  | 'rfi-non-article' // home, section, tag, programme, video or podcast listing
  | 'rfi-other-language' // an rfi.fr page in another edition (fr, en, es…)
  | 'other-site'
  | 'no-content'; // empty or unreadable document

export interface Detection {
  kind: PageKind;
  isArticle: boolean;
  lang: Lang | null;
  /** One sentence for the popup and the CLI: why the page is, or is not, ours. */
  reason: Message;
  /** Whether the URL alone looks like an article (a `YYYYMMDD-slug` segment): used to warn of layout changes. */
  urlSaysArticle: boolean;
  source: 'page' | 'feed-mirror';
}

export interface DetectInput {
  doc: Document;
  url: string;
  /** True for a feed-mirror entry: the feed carries articles only, so metadata is not expected. */
  fromFeed?: boolean;
  /** Passed in when the caller already read it, so the page is not walked twice. */
  meta?: PageMeta;
}

function refuse(kind: Exclude<PageKind, 'article'>, reason: Message, input: DetectInput, info: RfiUrlInfo | null, lang: Lang | null = null): Detection {
  return { kind, isArticle: false, lang, reason, urlSaysArticle: Boolean(info?.date), source: input.fromFeed ? 'feed-mirror' : 'page' };
}

/** Elements whose text is not shown: their subtrees are skipped whole. */
const UNSHOWN = new Set(['script', 'style', 'noscript', 'template']);

/**
 * Stops at the first visible character: the whole text of a large page is not needed to know it has some. One
 * walk that skips the unshown subtrees, rather than a `closest()` per text node, which costs the depth each time
 * (quadratic under a deep `<noscript>`, which is markup wherever scripting is off: DOMParser, jsdom). A page
 * with no text in its first `emptyPageNodes` nodes is taken as not empty: the rest of detection decides.
 */
function hasReadableContent(doc: Document): boolean {
  const body = doc.body;
  if (!body) return false;
  let node: Node | null = body.firstChild;
  for (let seen = 0; node && seen < INPUT_LIMITS.emptyPageNodes; seen++) {
    if (node.nodeType === 3 && /\S/.test(node.nodeValue ?? '')) return true;
    if (node.nodeType === 1 && node.firstChild && !UNSHOWN.has((node as Element).localName)) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== body && !node.nextSibling) node = node.parentNode;
    node = node && node !== body ? node.nextSibling : null;
  }
  return node !== null;
}

/**
 * Why the address alone rules a page out (not a web address, not RFI, another edition), or null when it could be
 * an RFI Chinese page. The popup says it for tabs the content script never runs in.
 */
export function refusalByAddress(url: string): { kind: 'other-site' | 'rfi-other-language'; reason: Message } | null {
  if (!url.trim()) return { kind: 'other-site', reason: message('reasonNoAddress') };
  const parsed = parseUrl(url);
  if (!parsed) return { kind: 'other-site', reason: message('reasonNotWebAddress', url) };
  const info = parseRfiUrl(url);
  if (!info) return { kind: 'other-site', reason: message('reasonNotRfi', parsed.hostname || parsed.protocol) };
  if (!langOfEdition(info.edition))
    return { kind: 'rfi-other-language', reason: info.edition ? message('reasonOtherEdition', info.edition) : message('reasonSiteRoot') };
  return null;
}

export function detect(input: DetectInput): Detection {
  const { doc, url } = input;
  const byAddress = refusalByAddress(url);
  if (byAddress) return refuse(byAddress.kind, byAddress.reason, input, parseRfiUrl(url));
  const info = parseRfiUrl(url)!;
  const editionLang = langOfEdition(info.edition)!;
  if (!hasReadableContent(doc)) return refuse('no-content', message('reasonEmpty'), input, info, editionLang);

  const meta = input.meta ?? readPageMeta(doc);
  const lang = normalizeLang(meta.htmlLang) ?? editionLang;
  const source = input.fromFeed ? 'feed-mirror' : 'page';
  // Named as the page names them: technical terms, the same in every language.
  const signals: string[] = [];
  if (info.date) signals.push(`URL ${info.date}`);
  if (meta.jsonLdArticle) signals.push(`JSON-LD ${meta.jsonLdType}`);
  if (meta.ogType === 'article') signals.push('og:type article');
  if (input.fromFeed) signals.push('feed');
  // Only the address says "article": the page itself may be RFI's offline fallback served in its place.
  const urlOnly = !meta.jsonLdArticle && meta.ogType !== 'article' && !input.fromFeed;
  if (urlOnly && isOfflineFallback(doc)) return refuse('no-content', message('reasonOfflinePage'), input, info, lang);

  if (signals.length > 0) {
    return { kind: 'article', isArticle: true, lang, reason: message('reasonArticle', signals.join(', ')), urlSaysArticle: Boolean(info.date), source };
  }
  const where = info.sections.length ? `/${info.edition}/${info.sections.join('/')}/` : `/${info.edition}/`;
  return refuse('rfi-non-article', message('reasonNotArticle', where, meta.ogType || '—'), input, info, lang);
}

/** What the content script reports of its tab: all the background and popup need to know, nothing more. */
export interface TabReport {
  kind: PageKind;
  isArticle: boolean;
  reason: Message;
  title: string;
  url: string;
}
