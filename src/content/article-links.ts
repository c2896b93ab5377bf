import { langOfEdition } from '../core/lang';
import { canonicalizeRfiUrl, parseRfiUrl } from '../core/rfi-url';

/**
 * The RFI Chinese articles a listing page links to, in page order, each once. The URL says it all: an article
 * has a `YYYYMMDD-slug` segment, so nothing is fetched to decide.
 */
export function articleLinksOf(doc: Document): string[] {
  const urls = new Set<string>();
  for (const a of Array.from(doc.querySelectorAll<HTMLAnchorElement>('a[href]'))) {
    const info = parseRfiUrl(a.href);
    if (info?.date && langOfEdition(info.edition)) urls.add(canonicalizeRfiUrl(a.href));
  }
  return [...urls];
}
