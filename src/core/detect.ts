import type { Lang } from './article';
import { INPUT_LIMITS } from './input-limits';
import { langOfEdition, normalizeLang } from './lang';
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
  reason: string;
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

function refuse(kind: Exclude<PageKind, 'article'>, reason: string, input: DetectInput, info: RfiUrlInfo | null, lang: Lang | null = null): Detection {
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

export function detect(input: DetectInput): Detection {
  const { doc, url } = input;
  const parsed = parseUrl(url);
  if (!parsed) return refuse('other-site', `Not a web address: ${url}`, input, null);
  const info = parseRfiUrl(url);
  if (!info) return refuse('other-site', `Not an RFI page: ${parsed.hostname || parsed.protocol} is not rfi.fr.`, input, null);

  const editionLang = langOfEdition(info.edition);
  if (!editionLang) {
    const edition = info.edition ? `the /${info.edition}/ edition` : 'the site root';
    return refuse('rfi-other-language', `An RFI page in ${edition}, not RFI's Chinese service (/cn/ or /tw/).`, input, info);
  }
  if (!hasReadableContent(doc)) return refuse('no-content', 'The page is empty: there is no text to read.', input, info, editionLang);

  const meta = input.meta ?? readPageMeta(doc);
  const lang = normalizeLang(meta.htmlLang) ?? editionLang;
  const source = input.fromFeed ? 'feed-mirror' : 'page';
  const signals: string[] = [];
  if (info.date) signals.push(`the URL carries the date ${info.date}`);
  if (meta.jsonLdArticle) signals.push(`JSON-LD declares ${meta.jsonLdType}`);
  if (meta.ogType === 'article') signals.push('og:type is article');
  if (input.fromFeed) signals.push('it is a feed entry');

  if (signals.length > 0) {
    return { kind: 'article', isArticle: true, lang, reason: `An RFI Chinese article: ${signals.join(', ')}.`, urlSaysArticle: Boolean(info.date), source };
  }
  const where = info.sections.length ? `/${info.edition}/${info.sections.join('/')}/` : `/${info.edition}/`;
  const og = meta.ogType ? `og:type is ${meta.ogType}` : 'no og:type';
  return refuse('rfi-non-article', `An RFI Chinese page that is not an article (${where}: no date in the URL, ${og}, no NewsArticle metadata).`, input, info, lang);
}
