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
}

const ARTICLE_TYPES = new Set([
  'newsarticle', 'article', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle',
  'backgroundnewsarticle', 'reviewnewsarticle', 'blogposting', 'liveblogposting', 'report',
]);

function typesOf(node: Record<string, unknown>): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
}

/** JSON-LD comes as one object, an array, or an @graph: walk all of them, tolerating broken blocks. */
function findArticleNode(scripts: Element[]): Record<string, unknown> | null {
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    while (queue.length) {
      const node = queue.shift();
      if (Array.isArray(node)) queue.push(...node);
      else if (node && typeof node === 'object') {
        const obj = node as Record<string, unknown>;
        if (typesOf(obj).some((t) => ARTICLE_TYPES.has(t))) return obj;
        if (Array.isArray(obj['@graph'])) queue.push(...obj['@graph']);
      }
    }
  }
  return null;
}

/** One pass over `meta`, `link` and `script` elements: cheaper than a selector per field on every DOM. */
export function readPageMeta(doc: Document): PageMeta {
  const metas = new Map<string, string>();
  for (const meta of Array.from(doc.getElementsByTagName('meta'))) {
    const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? '').toLowerCase();
    if (key && !metas.has(key)) metas.set(key, meta.getAttribute('content')?.trim() ?? '');
  }
  const canonical = Array.from(doc.getElementsByTagName('link')).find((l) => (l.getAttribute('rel') ?? '').toLowerCase() === 'canonical');
  const ldScripts = Array.from(doc.getElementsByTagName('script')).filter((s) => (s.getAttribute('type') ?? '').toLowerCase() === 'application/ld+json');
  return {
    ogType: (metas.get('og:type') ?? '').toLowerCase(),
    ogTitle: metas.get('og:title') ?? '',
    ogImage: metas.get('og:image') ?? '',
    canonical: canonical?.getAttribute('href')?.trim() ?? '',
    htmlLang: doc.documentElement?.getAttribute('lang') ?? '',
    jsonLdArticle: findArticleNode(ldScripts),
    publishedTime: metas.get('article:published_time') ?? '',
    modifiedTime: metas.get('article:modified_time') ?? '',
  };
}
