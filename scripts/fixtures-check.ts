/**
 * A page fixture's expectation read back from its HTML with plain selectors, independently of the extractor:
 * paragraphs, headline, lead, dates, tags, byline, images and list links must be what the page shows, and every
 * `mustNotContain` string must be on the page (else the leak check it feeds proves nothing).
 */
import { JSDOM } from 'jsdom';
import type { PageCase, PageExpectation } from '../test/support/page-fixtures';
import { errorText } from '../src/core/error-text';

const norm = (s: string): string =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The widest candidate of a `srcset`-like attribute. */
function largest(img: Element | null | undefined, attr: string): string | undefined {
  const candidates = (img?.getAttribute(attr) ?? '')
    .split(',')
    .map((s) => s.trim().split(/\s+/))
    .filter((p) => p[0])
    .map(([u, w]) => ({ u: u!, w: parseInt(w ?? '') || 0 }));
  return candidates.sort((a, b) => b.w - a.w)[0]?.u;
}

interface NewsArticleLd {
  '@type'?: string;
  '@graph'?: unknown[];
  datePublished?: string;
  dateModified?: string;
  headline?: string;
  author: { name: string }[];
  keywords: string | string[];
  articleSection?: string;
  audio?: { contentUrl: string };
}

/** The first NewsArticle with dates in the page's JSON-LD, `@graph`s and arrays included. */
function newsArticleOf(doc: Document): NewsArticleLd | null {
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let queue: unknown[];
    try {
      queue = [JSON.parse(s.textContent ?? '')];
    } catch {
      continue; // reported as bad JSON
    }
    while (queue.length) {
      const node = queue.shift();
      if (Array.isArray(node)) queue.push(...(node as unknown[]));
      else if (node && typeof node === 'object') {
        const n = node as NewsArticleLd;
        if (n['@type'] === 'NewsArticle' && n.datePublished) return n;
        if (n['@graph']) queue.push(...n['@graph']);
      }
    }
  }
  return null;
}

/** The text blocks of a body container, as the README defines `paragraphs`. */
function blocksOf(container: Element): string[] {
  const clone = container.cloneNode(true) as Element;
  clone
    .querySelectorAll('.m-interstitial, .o-self-promo, .m-em-flash, script, style, figure, [data-wrapper-video-player], svg, .promo-box, .related-inline')
    .forEach((n) => n.remove());
  const out: string[] = [];
  const walk = (node: Node) => {
    for (const ch of node.childNodes) {
      if (ch.nodeType === 3) {
        const t = norm(ch.textContent ?? '');
        if (t) out.push(t);
      } else if (ch.nodeType === 1) {
        if (['p', 'h2', 'h3', 'h4', 'li'].includes((ch as Element).tagName.toLowerCase())) {
          const t = norm(ch.textContent ?? '');
          if (t) out.push(t);
        } else walk(ch);
      }
    }
  };
  walk(clone);
  return out;
}

function articleProblems(doc: Document, html: string, e: PageExpectation): string[] {
  const bad: string[] = [];
  // The changed-layout pages: the Next.js-like shell (.text) and RFI's markup with its containers renamed (.t-story__text).
  const container = doc.querySelector('.t-content__body') ?? doc.querySelector('.text, .t-story__text');
  if (!container) return ['no body container'];
  const blocks = blocksOf(container);
  const paragraphs = (e.paragraphs ?? []).map(norm);
  for (let i = 0; i < Math.max(blocks.length, paragraphs.length); i++) {
    if (blocks[i] !== paragraphs[i]) bad.push(`paragraph ${i}: the page has ${JSON.stringify(blocks[i])}, expected ${JSON.stringify(paragraphs[i])}`);
  }
  const h1 = norm(doc.querySelector('h1')?.textContent ?? '');
  if (h1 !== e.title) bad.push(`h1 ${h1}`);
  const lead = norm((doc.querySelector('.t-content__chapo') ?? doc.querySelector('.standfirst'))?.textContent ?? '');
  if (lead !== e.lead) bad.push(`lead ${lead}`);
  const ld = newsArticleOf(doc);
  if (!ld) bad.push('no NewsArticle');
  else {
    if (ld.datePublished !== e.publishedAt) bad.push('datePublished');
    if (ld.dateModified !== e.modifiedAt) bad.push('dateModified');
    if (ld.headline !== e.title) bad.push('headline');
    if (ld.author[0]?.name !== e.byline) bad.push('author');
    const keywords = Array.isArray(ld.keywords) ? ld.keywords : ld.keywords.split(',');
    if (!same(keywords, e.tags)) bad.push(`keywords ${keywords}`);
    if (ld.articleSection !== e.section) bad.push('section');
    if (e.audio && ld.audio?.contentUrl !== e.audio.contentUrl) bad.push('audio');
  }
  const time = doc.querySelector('time[datetime]');
  if (time && time.getAttribute('datetime') !== e.publishedAt) bad.push('time datetime');
  if (doc.querySelector('meta[property="article:published_time"]')?.getAttribute('content') !== e.publishedAt) bad.push('article:published_time');
  if (doc.documentElement.lang !== e.lang) bad.push('lang');
  const tags = [...doc.querySelectorAll('.m-tags-list a, .topics a')].map((a) => norm(a.textContent ?? ''));
  if (tags.length && !same(tags, e.tags)) bad.push(`tags ${tags}`);
  const byline = doc.querySelector('a.m-from-author__name');
  if (byline && norm(byline.textContent ?? '') !== e.byline) bad.push('byline');

  const hero = doc.querySelector('.t-content__main-media img') ?? doc.querySelector('.media img');
  const heroSrc = hero && (largest(hero, 'srcset') ?? hero.getAttribute('src'));
  if (heroSrc !== e.heroImage?.src) bad.push(`hero src ${heroSrc}`);
  if (hero && hero.getAttribute('alt') !== e.heroImage?.alt) bad.push('hero alt');
  const legend = [...doc.querySelectorAll('.t-content__main-media figcaption .a-media-legend')].map((s) => norm(s.textContent ?? ''));
  if (legend.length && (legend[0] !== e.heroImage?.caption || legend[1] !== e.heroImage?.credit)) bad.push(`hero caption ${legend}`);
  const figures = [...container.querySelectorAll('figure.m-item-image')];
  if (figures.length !== (e.images ?? []).length) bad.push('image count');
  figures.forEach((f, i) => {
    const img = f.querySelector('img');
    const src = largest(img, 'srcset') ?? largest(img, 'data-srcset');
    const want = e.images?.[i];
    const l = [...f.querySelectorAll('figcaption .a-media-legend')].map((x) => norm(x.textContent ?? ''));
    if (src !== want?.src || img?.getAttribute('alt') !== want?.alt || l[0] !== want?.caption || l[1] !== want?.credit) bad.push(`image ${i} ${src} ${l}`);
  });
  for (const alt of [e.heroImage, ...(e.images ?? [])].flatMap((i) => i?.acceptAlso ?? [])) if (!html.includes(alt)) bad.push(`acceptAlso missing ${alt}`);

  const wanted = [e.title, e.lead, ...(e.paragraphs ?? [])].join('\n');
  for (const m of e.mustNotContain ?? []) {
    if (!html.includes(m) && !doc.documentElement.textContent?.includes(m)) bad.push(`mustNotContain not present in page: ${m}`);
    if (wanted.includes(m)) bad.push(`mustNotContain inside expected text: ${m}`);
  }
  for (const o of e.optional ?? []) if (!doc.body.textContent?.includes(o)) bad.push(`optional absent ${o}`);
  return bad;
}

function listingProblems(doc: Document, e: PageExpectation): string[] {
  const bad: string[] = [];
  const inAside = (a: Element) => a.closest('aside[data-org-type="aside-content--highlighted"], aside[data-org-type="aside-content--sponsors"]');
  const links = [...doc.querySelectorAll<HTMLAnchorElement>('.article__title a')];
  const main = links.filter((a) => !inAside(a)).map((a) => a.href);
  const side = links.filter((a) => inAside(a)).map((a) => a.href);
  if (!same(main, e.articleLinks)) bad.push(`articleLinks ${JSON.stringify(main)}`);
  if (!same(side, e.asideLinks ?? [])) bad.push(`asideLinks ${JSON.stringify(side)}`);
  if (doc.querySelector('meta[property="og:type"]')?.getAttribute('content') !== 'website') bad.push('og:type');
  if (doc.title !== e.title) bad.push(`title ${doc.title}`);
  return bad;
}

function otherEditionProblems(doc: Document, e: PageExpectation): string[] {
  const body = doc.querySelector('.t-content__body')?.cloneNode(true) as Element | undefined;
  if (!body) return ['no body container'];
  body.querySelectorAll('.m-interstitial, .o-self-promo, .a-read-more').forEach((n) => n.remove());
  const ps = [...body.querySelectorAll('p, h2')].map((p) => norm(p.textContent ?? '')).filter(Boolean);
  const bad = same(ps, e.referenceParagraphs) ? [] : [`reference paragraphs ${JSON.stringify(ps)}`];
  for (const m of e.referenceMustNotContain ?? []) if (!doc.body.textContent?.includes(m)) bad.push(`referenceMustNotContain absent ${m}`);
  return bad;
}

/** What the page's HTML contradicts in `expect` (the case's own, or one about to be written). */
export function selectorProblems(c: PageCase, expect: PageExpectation = c.expect): string[] {
  const doc = new JSDOM(c.html, { url: c.url }).window.document;
  const bad: string[] = [];
  for (const s of doc.querySelectorAll('script[type="application/ld+json"], script[type="application/json"]')) {
    try {
      JSON.parse(s.textContent ?? '');
    } catch (err) {
      bad.push(`bad JSON in script: ${errorText(err)}`);
    }
  }
  if (expect.kind === 'article') return [...bad, ...articleProblems(doc, c.html, expect)];
  if (expect.articleLinks) return [...bad, ...listingProblems(doc, expect)];
  if (expect.kind === 'rfi-other-language') return [...bad, ...otherEditionProblems(doc, expect)];
  return bad;
}
