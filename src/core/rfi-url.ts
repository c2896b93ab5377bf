/** What an rfi.fr URL says by itself, before the page is consulted. */
export interface RfiUrlInfo {
  /** First path segment: `cn`, `tw`, `fr`, `en`… ('' for the site root). */
  edition: string;
  /** Decoded path segments after the edition, the date segment excluded. */
  sections: string[];
  /** `YYYYMMDD` from an article's `YYYYMMDD-slug` segment, or null. */
  date: string | null;
  slug: string;
}

const RFI_HOST = /(^|\.)rfi\.fr$/i;
/** Hosts under rfi.fr that serve media or other products, never article pages. */
const NON_PAGE_HOSTS = /^(s|static|scd|mediaf|media|savoirs|musique|players?)\.rfi\.fr$/i;
/** Technical folders that hold articles without naming a section (AFP wires live under `/cn/contenu/`). */
const TECHNICAL_FOLDERS = new Set(['contenu']);

export function parseUrl(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A stray `%` in a hand-typed URL must not stop detection: keep the raw text.
    return segment;
  }
}

function isRfiPageHost(hostname: string): boolean {
  return RFI_HOST.test(hostname) && !NON_PAGE_HOSTS.test(hostname);
}

/** Null when the URL is not an rfi.fr page. Percent-encoded and decoded Chinese segments give the same answer. */
export function parseRfiUrl(url: string): RfiUrlInfo | null {
  const u = parseUrl(url);
  if (!u || !/^https?:$/.test(u.protocol) || !isRfiPageHost(u.hostname)) return null;
  const segments = u.pathname.split('/').filter(Boolean).map(decodeSegment);
  const edition = (segments.shift() ?? '').toLowerCase();
  let date: string | null = null;
  let slug = '';
  const sections: string[] = [];
  for (const segment of segments) {
    const m = /^(\d{8})-(.+)$/.exec(segment);
    if (m && isPlausibleDate(m[1]!)) {
      date = m[1]!;
      slug = m[2]!;
    } else if (!TECHNICAL_FOLDERS.has(segment)) {
      sections.push(segment);
    }
  }
  return { edition, sections, date, slug };
}

function isPlausibleDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * One spelling per article, so that the archive keys a page the same whether it was reached by `http://`,
 * a doubled slash, decoded Chinese or a tracking query: https, www host, single slashes, no query or hash.
 */
export function canonicalizeRfiUrl(url: string): string {
  const u = parseUrl(url);
  if (!u) return url;
  if (!RFI_HOST.test(u.hostname)) {
    u.hash = '';
    return u.href;
  }
  u.protocol = 'https:';
  if (u.hostname.toLowerCase() === 'rfi.fr') u.hostname = 'www.rfi.fr';
  const path = u.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => encodeURIComponent(decodeSegment(s)))
    .join('/');
  const trailing = u.pathname.endsWith('/') && path ? '/' : '';
  u.pathname = `/${path}${trailing}`;
  u.search = '';
  u.hash = '';
  return u.href;
}

/**
 * The section a reader would name: the deepest named folder (`法国风土人情` rather than `专栏检索`). An article
 * URL without a date segment (AFP wires: `/cn/<slug>`) ends in its slug, which is not a section.
 */
export function sectionOf(info: RfiUrlInfo, isArticle: boolean): string {
  const folders = isArticle && !info.date ? info.sections.slice(0, -1) : info.sections;
  return folders.at(-1) ?? '';
}
