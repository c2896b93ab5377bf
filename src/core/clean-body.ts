import type { ArticleImage, Lang } from './article';
import { imageFromElement, imageIdentity } from './images';
import { parseUrl } from './rfi-url';
import { normalizeSpace } from './text-measures';

/**
 * Everything inside an article body that is not the article: RFI's share bar, self-promotion, ads, "read also"
 * interstitials, players, and anything interactive or executable. Exported so tests and the benchmark can
 * look for leaks with the same list.
 */
export const JUNK_SELECTORS = [
  'script', 'style', 'noscript', 'template', 'link', 'meta', 'form', 'input', 'button', 'select', 'textarea',
  'label', 'iframe', 'frame', 'frameset', 'object', 'embed', 'canvas', 'dialog', 'svg', 'math', 'video', 'audio',
  // share controls
  '[data-root-share]', 'share-button', 'share-modal', '.t-content__shares', '[class*="share"]', '[data-share]',
  // newsletter and app promotion
  '[data-selfpromo-newsletter]', '[data-selfpromo-app]', '[class*="self-promo"]', '[class*="newsletter"]',
  // advertising
  '[data-tms-ad-type]', '[data-tms-ad-report]', '[class*="o-ads"]', '[class*="advert"]', '[id^="google_ads"]', '[data-ad]',
  // interstitials, read-more gates, related rails, comments, the article's own chrome
  '.m-interstitial', '.a-read-more', '[data-readmore-unlocker]', '.m-em-flash', 'aside', '[class*="related"]',
  '[class*="comment"]', '#comments', '.t-content__dates', '.t-content__authors', '[class*="tags"]', 'nav', 'footer',
  'header',
].join(',');

/** Where a link goes to share the page rather than to read something. */
const SHARE_HREF =
  /^(?:whatsapp:|mailto:.*[?&]body=|https?:\/\/(?:[\w-]+\.)?(?:facebook\.com\/(?:dialog\/share|sharer)|(?:twitter|x)\.com\/(?:intent|share)|(?:web|api)\.whatsapp\.com\/send|wa\.me\/|t\.me\/share|telegram\.me\/share|social-plugins\.line\.me|lineit\.line\.me|line\.me\/R\/msg|service\.weibo\.com\/share|linkedin\.com\/(?:share|shareArticle)|reddit\.com\/submit|rfi\.my\/|feedx\.\w+))/i;
/** "Read also" paragraphs that an editor typed by hand, in both scripts. */
const READ_ALSO = /^(延伸阅读|延伸閱讀|相关阅读|相關閱讀|另请阅读|另請閱讀|阅读更多|閱讀更多|同一主题|同一主題)\s*[:：]?/;
const AD_LABEL = /^(广告|廣告)$/;
const BLOCK_TAGS = new Set(['P', 'DIV', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'FIGURE', 'TABLE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'HR', 'DL', 'SECTION', 'ARTICLE']);
const CONTAINER_TAGS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'PICTURE', 'FONT', 'CENTER']);
const KEEP_EMPTY = new Set(['IMG', 'HR', 'BR', 'TD', 'TH']);

export interface CleanContext {
  baseUrl: string;
  lang: Lang;
  /** The hero's media id, so a poster or repeat of it in the body is not shown twice. */
  heroIdentity: string | null;
}

function videoLabel(lang: Lang, host: string): string {
  return `${lang === 'zh-Hant' ? '觀看影片' : '观看视频'}（${host}）`;
}

function audioLabel(lang: Lang): string {
  return lang === 'zh-Hant' ? '收聽音訊' : '收听音频';
}

/** The page a viewer would open for an embedded player: YouTube embeds become watch pages. */
function originalMediaUrl(el: Element, baseUrl: string): string {
  const id = el.getAttribute('video-id');
  const raw = el.getAttribute('source') ?? el.getAttribute('src') ?? el.getAttribute('data-src') ?? el.querySelector('source[src]')?.getAttribute('src') ?? '';
  const embed = /youtube(?:-nocookie)?\.com\/embed\/([\w-]{6,})/.exec(raw);
  if (embed || (id && /youtube/i.test(el.getAttribute('video-type') ?? el.tagName))) return `https://www.youtube.com/watch?v=${embed?.[1] ?? id}`;
  const u = parseUrl(raw, baseUrl);
  return u && /^https?:$/.test(u.protocol) ? u.href : '';
}

function linkParagraph(doc: Document, href: string, label: string): HTMLParagraphElement {
  const p = doc.createElement('p');
  const a = doc.createElement('a');
  a.setAttribute('href', href);
  a.textContent = `▶ ${label}`;
  p.append(a);
  return p;
}

/** Players phone home as soon as they load: each becomes a plain link to the original, or goes if it has none. */
function replaceEmbeds(root: Element, ctx: CleanContext): void {
  const doc = root.ownerDocument;
  const players = Array.from(root.querySelectorAll('[data-wrapper-video-player], youtube-player, iframe, video, audio'));
  for (const el of players) {
    if (!root.contains(el)) continue;
    const wrapper = el.closest('[data-wrapper-video-player]') ?? el;
    const media = wrapper.matches('youtube-player, iframe, video, audio') ? wrapper : wrapper.querySelector('youtube-player, iframe, video, audio');
    const href = media ? originalMediaUrl(media, ctx.baseUrl) : '';
    if (!href) {
      wrapper.remove();
      continue;
    }
    const host = new URL(href).hostname.replace(/^www\./, '');
    const label = media?.tagName === 'AUDIO' ? audioLabel(ctx.lang) : videoLabel(ctx.lang, host.startsWith('youtube') ? 'YouTube' : host);
    wrapper.replaceWith(linkParagraph(doc, href, label));
  }
}

function removeShareLinks(root: Element): void {
  for (const a of Array.from(root.querySelectorAll('a[href]'))) {
    if (SHARE_HREF.test(a.getAttribute('href') ?? '')) a.remove();
  }
  // An ad slot whose attributes were lost still shows its label: remove the label and every wrapper that holds
  // nothing else.
  for (const label of Array.from(root.querySelectorAll('span, div'))) {
    if (!root.contains(label) || !AD_LABEL.test(normalizeSpace(label.textContent ?? ''))) continue;
    let slot: Element = label;
    while (slot.parentElement && slot.parentElement !== root && AD_LABEL.test(normalizeSpace(slot.parentElement.textContent ?? ''))) slot = slot.parentElement;
    slot.remove();
  }
  for (const p of Array.from(root.querySelectorAll('p'))) {
    if (READ_ALSO.test(normalizeSpace(p.textContent ?? ''))) p.remove();
  }
}

/** Figures reduced to one image, its caption and its credit, with the largest real source resolved. */
function normalizeImages(root: Element, ctx: CleanContext): ArticleImage[] {
  const doc = root.ownerDocument;
  const images: ArticleImage[] = [];
  const seen = new Set<string>(ctx.heroIdentity ? [ctx.heroIdentity] : []);
  for (const img of Array.from(root.querySelectorAll('img'))) {
    if (!root.contains(img)) continue;
    const figure = img.closest('figure');
    const target = figure && root.contains(figure) ? figure : img;
    const info = imageFromElement(img, ctx.baseUrl);
    const tiny = ['width', 'height'].some((d) => /^[01](px)?$/.test(img.getAttribute(d) ?? ''));
    if (!info || tiny || seen.has(imageIdentity(info.src))) {
      target.remove();
      continue;
    }
    seen.add(imageIdentity(info.src));
    images.push(info);
    const out = doc.createElement('figure');
    const clean = doc.createElement('img');
    clean.setAttribute('src', info.src);
    clean.setAttribute('alt', info.alt);
    out.append(clean);
    if (info.caption || info.credit) {
      const caption = doc.createElement('figcaption');
      caption.append(info.caption);
      if (info.credit) {
        const small = doc.createElement('small');
        small.textContent = info.credit;
        caption.append(info.caption ? ' ' : '', small);
      }
      out.append(caption);
    }
    // A figure wrapped in a link (RFI links photos to the French original) is unwrapped: the figure is content.
    const link = target.parentElement?.closest('a');
    (link && root.contains(link) ? link : target).replaceWith(out);
  }
  return images;
}

function absolutizeLinks(root: Element, baseUrl: string): void {
  for (const a of Array.from(root.querySelectorAll('a'))) {
    const u = parseUrl(a.getAttribute('href') ?? '', baseUrl);
    if (u && /^https?:$/.test(u.protocol)) a.setAttribute('href', u.href);
    else a.removeAttribute('href');
  }
}

function hasBlockChild(el: Element): boolean {
  return Array.from(el.children).some((c) => BLOCK_TAGS.has(c.tagName));
}

/** Layout wrappers carry nothing for a reader: unwrap them, and turn a wrapper that holds bare text into a paragraph. */
function flattenContainers(root: Element): void {
  const doc = root.ownerDocument;
  const containers = Array.from(root.querySelectorAll('div, section, article, main, picture, font, center')).reverse();
  for (const el of containers) {
    if (!CONTAINER_TAGS.has(el.tagName)) continue;
    if (!hasBlockChild(el) && normalizeSpace(el.textContent ?? '') && el.tagName !== 'PICTURE') {
      const p = doc.createElement('p');
      p.append(...Array.from(el.childNodes));
      el.replaceWith(p);
    } else {
      el.replaceWith(...Array.from(el.childNodes));
    }
  }
  for (const h1 of Array.from(root.querySelectorAll('h1'))) {
    const h2 = doc.createElement('h2');
    h2.append(...Array.from(h1.childNodes));
    h1.replaceWith(h2);
  }
}

function removeEmpty(root: Element): void {
  for (const el of Array.from(root.querySelectorAll('*')).reverse()) {
    if (KEEP_EMPTY.has(el.tagName) || el.querySelector('img')) continue;
    if (!normalizeSpace(el.textContent ?? '')) el.remove();
  }
  // A <br> left first or last in a paragraph only adds a blank line.
  for (const br of Array.from(root.querySelectorAll('br'))) {
    if (!br.previousSibling || !br.nextSibling) br.remove();
  }
}

/** Cleans the body in place (it must be a copy) and returns the images it kept, in order. */
export function cleanBody(root: Element, ctx: CleanContext): ArticleImage[] {
  replaceEmbeds(root, ctx);
  for (const el of Array.from(root.querySelectorAll(JUNK_SELECTORS))) el.remove();
  removeShareLinks(root);
  const images = normalizeImages(root, ctx);
  absolutizeLinks(root, ctx.baseUrl);
  flattenContainers(root);
  removeEmpty(root);
  return images;
}
