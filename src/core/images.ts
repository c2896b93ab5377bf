import type { ArticleImage } from './article';
import { normalizeSpace } from './text-measures';
import { parseUrl } from './rfi-url';

/** RFI's own media hosts. The reader's CSP admits images from these only, so others are dropped at extraction. */
const IMAGE_HOST = /(^|\.)rfi\.fr$/i;
/** RFI's default social card, put where a wire story has no picture of its own: not an image of the article. */
const PLACEHOLDER_IMAGE = /\/meta_og_twcards\//;

interface Candidate {
  url: string;
  width: number;
}

function parseSrcset(srcset: string | null): Candidate[] {
  if (!srcset) return [];
  return srcset
    .split(/,\s*(?=(?:https?:)?\/\/|\/)/)
    .map((part) => {
      const [url = '', descriptor = ''] = part.trim().split(/\s+/);
      const width = /^(\d+)w$/.exec(descriptor) ? parseInt(descriptor, 10) : /^(\d+(?:\.\d+)?)x$/.test(descriptor) ? parseFloat(descriptor) * 1000 : 0;
      return { url, width };
    })
    .filter((c) => c.url);
}

function usableSrc(value: string | null | undefined): string {
  const v = value?.trim() ?? '';
  // Lazy-loading placeholders (a 1×1 GIF as data: URL) and the feed's literal `Array` are not sources.
  return v && !v.startsWith('data:') && v !== 'Array' ? v : '';
}

/** The largest real source the page offers for this image: srcset, lazy-loading attributes, then src. */
export function bestImageSrc(img: Element, baseUrl: string): string {
  const candidates = [...parseSrcset(img.getAttribute('srcset')), ...parseSrcset(img.getAttribute('data-srcset'))];
  const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
  if (picture && candidates.length === 0) {
    for (const source of Array.from(picture.querySelectorAll('source'))) candidates.push(...parseSrcset(source.getAttribute('srcset')));
  }
  candidates.sort((a, b) => b.width - a.width);
  const raw =
    candidates[0]?.url || usableSrc(img.getAttribute('data-src')) || usableSrc(img.getAttribute('data-lazy-src')) || usableSrc(img.getAttribute('src'));
  return absoluteImageUrl(raw, baseUrl);
}

/** Whether a page of the extension may load this image by itself: an absolute http(s) address on an RFI host. */
export function isRfiImageSrc(src: string): boolean {
  const u = parseUrl(src);
  return Boolean(u && /^https?:$/.test(u.protocol) && IMAGE_HOST.test(u.hostname));
}

/** Absolute https URL on an RFI media host, or '' when the image must not be kept. */
export function absoluteImageUrl(raw: string, baseUrl: string): string {
  if (!raw) return '';
  const u = parseUrl(raw, baseUrl);
  if (!u || !isRfiImageSrc(u.href) || PLACEHOLDER_IMAGE.test(u.pathname)) return '';
  return u.href;
}

/** The same picture at another size has the same media id: `s.rfi.fr/media/display/<id>/w:…/p:…/file`. */
export function imageIdentity(src: string): string {
  const m = /\/media\/display\/([0-9a-f-]{20,})\//i.exec(src);
  return m ? m[1]!.toLowerCase() : src.replace(/[?#].*$/, '');
}

/** Caption and credit from a figure: RFI puts them in two spans, or marks the credit with © or a class. */
export function readFigcaption(figcaption: Element | null): { caption: string; credit: string } {
  if (!figcaption) return { caption: '', credit: '' };
  const creditEl = figcaption.querySelector('[class*="credit"], [class*="copyright"]');
  if (creditEl) {
    const credit = normalizeSpace(creditEl.textContent ?? '');
    const clone = figcaption.cloneNode(true) as Element;
    clone.querySelector('[class*="credit"], [class*="copyright"]')?.remove();
    return { caption: normalizeSpace(clone.textContent ?? ''), credit };
  }
  const spans = Array.from(figcaption.children).filter((c) => c.tagName === 'SPAN' && normalizeSpace(c.textContent ?? ''));
  if (spans.length >= 2) {
    return {
      caption: normalizeSpace(
        spans
          .slice(0, -1)
          .map((s) => s.textContent)
          .join(' '),
      ),
      credit: normalizeSpace(spans.at(-1)!.textContent ?? ''),
    };
  }
  const text = normalizeSpace(figcaption.textContent ?? '');
  const m = /^(.*?)\s*(©.*)$/.exec(text);
  return m ? { caption: m[1]!, credit: m[2]! } : { caption: text, credit: '' };
}

export function imageFromElement(img: Element, baseUrl: string): ArticleImage | null {
  const src = bestImageSrc(img, baseUrl);
  if (!src) return null;
  const { caption, credit } = readFigcaption(img.closest('figure')?.querySelector('figcaption') ?? null);
  return { src, alt: normalizeSpace(img.getAttribute('alt') ?? ''), caption, credit };
}
