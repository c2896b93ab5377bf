import { listOf } from './dom-children';
import { INPUT_LIMITS } from './input-limits';

/** Metadata a page declares about itself: the confirmations detection asks for and extraction reads. */
export interface PageMeta {
  ogType: string;
  ogTitle: string;
  ogImage: string;
  canonical: string;
  htmlLang: string;
  publishedTime: string;
  modifiedTime: string;
  /** The first JSON-LD object whose @type is an article type, if any. */
  jsonLdArticle: Record<string, unknown> | null;
  /** The article type it declares, as written (`NewsArticle`); '' without one. */
  jsonLdType: string;
}

const ARTICLE_TYPES = new Set([
  'newsarticle',
  'article',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'opinionnewsarticle',
  'backgroundnewsarticle',
  'reviewnewsarticle',
  'blogposting',
  'liveblogposting',
  'report',
]);

function articleTypeOf(node: Record<string, unknown>): string | null {
  const t = node['@type'];
  for (const x of Array.isArray(t) ? t : [t]) if (typeof x === 'string' && ARTICLE_TYPES.has(x.toLowerCase())) return x;
  return null;
}

const isJsonObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/**
 * JSON-LD comes as one object, an array, or an @graph: walk all of them breadth-first, tolerating broken blocks.
 * The page writes this JSON, so the walk is bounded (see INPUT_LIMITS): an index into the queue rather than
 * `shift()` (which moves the whole queue, quadratic on a big array), and items pushed one at a time up to the cap
 * rather than spread (which overflows the stack beyond about 120,000 of them).
 */
function findArticleNode(scripts: Element[]): { node: Record<string, unknown>; type: string } | null {
  let chars = 0;
  let room = INPUT_LIMITS.jsonLdValues;
  for (const script of scripts) {
    // Measured before it is read: the megabyte of a block that is skipped is never copied out of the page.
    if (chars + textLength(script) > INPUT_LIMITS.jsonLdChars) continue;
    const text = script.textContent ?? '';
    if (chars + text.length > INPUT_LIMITS.jsonLdChars) continue;
    chars += text.length;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    room--;
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i];
      let children: unknown = node;
      if (isJsonObject(node)) {
        const type = articleTypeOf(node);
        if (type) return { node, type };
        children = node['@graph'];
      }
      if (!Array.isArray(children)) continue;
      for (let j = 0; j < children.length && room > 0; j++, room--) queue.push(children[j]);
    }
    if (room <= 0) return null;
  }
  return null;
}

/** The characters of an element's own text nodes (a `<script>` has no other), without reading them. */
function textLength(el: Element): number {
  let n = 0;
  for (let child = el.firstChild; child; child = child.nextSibling) if (child.nodeType === 3) n += (child as Text).length;
  return n;
}

/**
 * One pass over the first `metaElements` of the `meta`, `link` and `script` elements: cheaper than a selector per
 * field on every DOM (jsdom's selector engine costs microseconds an element). Thousands more are not looked at:
 * each is an object made for the content script, which Firefox wraps again.
 */
export function readPageMeta(doc: Document): PageMeta {
  const metas = new Map<string, string>();
  for (const meta of listOf(doc.getElementsByTagName('meta'), INPUT_LIMITS.metaElements)) {
    const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? '').toLowerCase();
    if (key && !metas.has(key)) metas.set(key, meta.getAttribute('content')?.trim() ?? '');
  }
  const canonical = listOf(doc.getElementsByTagName('link'), INPUT_LIMITS.metaElements).find(
    (l) => (l.getAttribute('rel') ?? '').toLowerCase() === 'canonical',
  );
  const ldScripts: Element[] = [];
  for (const script of listOf(doc.getElementsByTagName('script'), INPUT_LIMITS.metaElements)) {
    if ((script.getAttribute('type') ?? '').toLowerCase() === 'application/ld+json' && ldScripts.push(script) === INPUT_LIMITS.jsonLdBlocks) break;
  }
  const found = findArticleNode(ldScripts);
  return {
    ogType: (metas.get('og:type') ?? '').toLowerCase(),
    ogTitle: metas.get('og:title') ?? '',
    ogImage: metas.get('og:image') ?? '',
    canonical: canonical?.getAttribute('href')?.trim() ?? '',
    htmlLang: doc.documentElement?.getAttribute('lang') ?? '',
    jsonLdArticle: found?.node ?? null,
    jsonLdType: found?.type ?? '',
    publishedTime: metas.get('article:published_time') ?? '',
    modifiedTime: metas.get('article:modified_time') ?? '',
  };
}
