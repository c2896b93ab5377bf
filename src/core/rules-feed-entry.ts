import { stripSiteSuffix, type ArticleParts } from './article-parts';
import { childElementsOf } from './dom-children';
import type { FeedEntry } from './feed-mirror';
import { absoluteImageUrl } from './images';
import { formatOffset, parisOffsetMinutes, parseRfiDisplayDate } from './paris-time';
import { canonicalizeRfiUrl, parseRfiUrl, sectionOf } from './rfi-url';
import { normalizeSpace } from './text-measures';

/**
 * Rules for a feed-mirror entry. The feed flattens RFI's page into a fixed sequence of top-level nodes:
 * `<div>DD/MM/YYYY - HH:MM</div>`, a hero `<img>`, a `<p><strong>` lead, the body `<div>` (class
 * `t-content__body` until 2021, none after), then an author block, a share bar, and a mirror footer.
 */
const DISPLAY_DATE = /^\d{1,2}\/\d{1,2}\/\d{4}\s*-\s*\d{1,2}:\d{2}$/;
const AUTHOR_LABEL = /^作者\s*[:：]?$/;

function isoFromEpoch(ms: number): string {
  const offset = parisOffsetMinutes(ms);
  return new Date(ms + offset * 60000).toISOString().replace(/\.\d{3}Z$/, formatOffset(offset));
}

/** The body is the first `<div>` after the lead that is not the footer the mirror appends to every entry. */
function isBodyCandidate(el: Element): boolean {
  return el.tagName === 'DIV' && !/获取更多RSS/.test(el.textContent ?? '');
}

export function feedEntryParts(doc: Document, entry: FeedEntry): ArticleParts {
  const top = doc.body ? childElementsOf(doc.body) : [];
  const dateDiv = top.find((el) => el.tagName === 'DIV' && DISPLAY_DATE.test(normalizeSpace(el.textContent ?? '')));
  const afterDate = dateDiv ? top.slice(top.indexOf(dateDiv) + 1) : top;
  const heroImg = afterDate.find((el) => el.tagName === 'IMG');
  const leadP = afterDate.find((el) => el.tagName === 'P' && el.firstElementChild?.tagName === 'STRONG');
  const afterLead = leadP ? afterDate.slice(afterDate.indexOf(leadP) + 1) : afterDate;
  const body = afterLead.find(isBodyCandidate) ?? null;
  const rest = body ? afterLead.slice(afterLead.indexOf(body) + 1) : [];
  const authorLabel = rest.flatMap((el) => Array.from(el.querySelectorAll('span'))).find((s) => AUTHOR_LABEL.test(normalizeSpace(s.textContent ?? '')));
  const authors = authorLabel ? Array.from(authorLabel.parentElement?.querySelectorAll('a') ?? []).map((a) => normalizeSpace(a.textContent ?? '')) : [];
  const info = parseRfiUrl(entry.url);
  const section = info ? sectionOf(info, true) : '';
  const heroSrc = heroImg ? absoluteImageUrl(heroImg.getAttribute('src') ?? '', entry.url) : '';
  return {
    title: stripSiteSuffix(entry.title, section),
    lead: normalizeSpace(leadP?.textContent ?? ''),
    byline: authors.filter(Boolean).join('、'),
    section,
    tags: [],
    publishedAt: (dateDiv && parseRfiDisplayDate(normalizeSpace(dateDiv.textContent ?? ''))) || isoFromEpoch(entry.feedTimeMs),
    modifiedAt: '',
    heroImage: heroSrc ? { src: heroSrc, alt: normalizeSpace(heroImg?.getAttribute('alt') ?? ''), caption: '', credit: '' } : null,
    canonicalUrl: canonicalizeRfiUrl(entry.url),
    body,
  };
}
