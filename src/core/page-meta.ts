/** Metadata a page declares about itself: the confirmations detection asks for and extraction reads. */
export interface PageMeta {
  ogType: string;
  ogTitle: string;
  ogImage: string;
  description: string;
  canonical: string;
  htmlLang: string;
  /** The first JSON-LD object whose @type is an article type, if any. */
  jsonLdArticle: Record<string, unknown> | null;
}

const ARTICLE_TYPES = new Set([
  'newsarticle', 'article', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle',
  'backgroundnewsarticle', 'reviewnewsarticle', 'blogposting', 'liveblogposting', 'report',
]);

function metaContent(doc: Document, selector: string): string {
  return doc.querySelector(selector)?.getAttribute('content')?.trim() ?? '';
}

function typesOf(node: Record<string, unknown>): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
}

/** JSON-LD comes as one object, an array, or an @graph: walk all of them, tolerating broken blocks. */
function findArticleNode(doc: Document): Record<string, unknown> | null {
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
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

export function readPageMeta(doc: Document): PageMeta {
  return {
    ogType: metaContent(doc, 'meta[property="og:type"]').toLowerCase(),
    ogTitle: metaContent(doc, 'meta[property="og:title"]'),
    ogImage: metaContent(doc, 'meta[property="og:image"]'),
    description: metaContent(doc, 'meta[name="description"]') || metaContent(doc, 'meta[property="og:description"]'),
    canonical: doc.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() ?? '',
    htmlLang: doc.documentElement?.getAttribute('lang') ?? '',
    jsonLdArticle: findArticleNode(doc),
  };
}
