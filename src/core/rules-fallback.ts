import type { ArticleImage } from './article';
import type { ArticleParts } from './article-parts';
import { bestImageSrc, imageIdentity, readFigcaption } from './images';
import type { PageMeta } from './page-meta';
import { normalizeSpace } from './text-measures';

/**
 * When RFI's rules find no body (a redesign renamed the containers), the generic reader finds the text but knows
 * nothing of the lead or the hero's caption and credit. A page still shows them, under class names nobody can
 * guess: they are found by what they say (the lead is the description the page declares, shown as text) and by
 * where they stand (a caption beside the hero image). Nothing is made up: what the page does not show stays empty.
 */
export function completeFallbackParts(doc: Document, url: string, meta: PageMeta, parts: ArticleParts): ArticleParts {
  return { ...parts, lead: parts.lead || shownDescription(doc, meta), heroImage: parts.heroImage && withNearbyCaption(doc, url, parts.heroImage) };
}

/** Characters of element text read while looking for the lead, at most: a hostile page cannot make it quadratic. */
const READ_BUDGET = 1_000_000;
/** Ancestors tried as the lead's element (a `<p>` whose text starts inside a link or an emphasis). */
const MAX_CLIMB = 3;
/** A description this short is a label, not a lead. */
const MIN_LEAD = 10;
const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE']);

function declaredDescriptions(doc: Document, meta: PageMeta): string[] {
  const ld = meta.jsonLdArticle?.['description'];
  const metaContent = (selector: string) => doc.querySelector(selector)?.getAttribute('content') ?? '';
  const all = [typeof ld === 'string' ? ld : '', metaContent('meta[property="og:description"]'), metaContent('meta[name="description"]')];
  return [...new Set(all.map(normalizeSpace).filter((d) => d.length >= MIN_LEAD))];
}

/**
 * The description the page declares, if an element of the page shows exactly that text: one walk over the text
 * nodes, reading an element's whole text only where a text node starts like a description.
 */
function shownDescription(doc: Document, meta: PageMeta): string {
  const descriptions = declaredDescriptions(doc, meta);
  if (!doc.body || descriptions.length === 0) return '';
  const longest = Math.max(...descriptions.map((d) => d.length));
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  let budget = READ_BUDGET;
  for (let node = walker.nextNode(); node && budget > 0; node = walker.nextNode()) {
    const start = normalizeSpace(node.nodeValue ?? '');
    const parent = node.parentElement;
    if (!start || !parent || NOT_TEXT.has(parent.tagName) || !descriptions.some((d) => d.startsWith(start))) continue;
    let el: Element | null = parent;
    for (let level = 0; el && el !== doc.body && level < MAX_CLIMB; level++, el = el.parentElement) {
      const raw = el.textContent ?? '';
      budget -= raw.length;
      const text = normalizeSpace(raw);
      if (descriptions.includes(text)) return text;
      if (text.length > longest) break;
    }
  }
  return '';
}

/** Class fragments a caption goes by, in RFI's markup (`m-figure__caption`) and elsewhere. */
const CAPTION = 'figcaption, [class*="caption"], [class*="legend"]';

/**
 * The hero's caption and credit when its image stands outside a `<figure>`: the caption block nearest the image,
 * in a container that holds no other image (so another picture's caption is never taken).
 */
function withNearbyCaption(doc: Document, url: string, hero: ArticleImage): ArticleImage {
  if (hero.caption || hero.credit || !doc.body) return hero;
  const id = imageIdentity(hero.src);
  const img = Array.from(doc.body.getElementsByTagName('img')).find((candidate) => imageIdentity(bestImageSrc(candidate, url)) === id);
  let el = img?.parentElement ?? null;
  for (let level = 0; img && el && el !== doc.body && level < MAX_CLIMB; level++, el = el.parentElement) {
    if (el.getElementsByTagName('img').length > 1) break;
    const caption = Array.from(el.querySelectorAll(CAPTION)).find((c) => !c.contains(img) && normalizeSpace(c.textContent ?? ''));
    if (caption) return { ...hero, ...readFigcaption(outermostCaption(caption, el, img)) };
  }
  return hero;
}

/** RFI marks the caption and the credit each as a legend inside one figcaption: the whole figcaption is read. */
function outermostCaption(caption: Element, within: Element, img: Element): Element {
  let outer = caption;
  for (let up = caption.parentElement; up && up !== within && !up.contains(img); up = up.parentElement) if (up.matches(CAPTION)) outer = up;
  return outer;
}
