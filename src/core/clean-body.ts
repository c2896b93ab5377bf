import type { ArticleImage, Lang } from './article';
import { tightenCjkSpacingIn } from './cjk-punctuation';
import { childElementsOf, childNodesOf } from './dom-children';
import { imageFromElement, imageIdentity } from './images';
import { parseUrl } from './rfi-url';
import { normalizeSpace } from './text-measures';

/**
 * Everything inside an article body that is not the article: RFI's share bar, self-promotion, ads, "read also"
 * interstitials, players, and anything interactive or executable. The checks are plain tag, attribute and
 * class tests made in one walk, not a selector list: on jsdom a long selector costs more than the whole walk.
 */
const JUNK_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'LINK', 'META', 'FORM', 'INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'LABEL',
  'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'CANVAS', 'DIALOG', 'SVG', 'MATH', 'ASIDE', 'NAV', 'FOOTER', 'HEADER',
  'SHARE-BUTTON', 'SHARE-MODAL', 'BASE', 'TITLE',
]);
/** RFI's markers for share widgets, promos, ad slots and the read-more gate's button. */
const JUNK_ATTRIBUTES = [
  'data-root-share', 'data-share', 'data-selfpromo-newsletter', 'data-selfpromo-app', 'data-tms-ad-type',
  'data-tms-ad-report', 'data-ad', 'data-readmore-unlocker',
];
/** Class fragments of RFI's design system (and common ones) for the same blocks, related rails and comments. */
const JUNK_CLASS = /share|self-promo|newsletter|o-ads|advert|related|comment|tags|m-interstitial|a-read-more|m-em-flash|t-content__dates|m-pub-dates|t-content__authors/i;
/** Players phone home as soon as they load: each becomes a plain link to the original. */
const PLAYER_TAGS = new Set(['IFRAME', 'VIDEO', 'AUDIO', 'YOUTUBE-PLAYER']);

/** Where a link goes to share the page rather than to read something. */
export const SHARE_HREF =
  /^(?:whatsapp:|mailto:.*[?&]body=|https?:\/\/(?:[\w-]+\.)?(?:facebook\.com\/(?:dialog\/share|sharer)|(?:twitter|x)\.com\/(?:intent|share)|(?:web|api)\.whatsapp\.com\/send|wa\.me\/|t\.me\/share|telegram\.me\/share|social-plugins\.line\.me|lineit\.line\.me|line\.me\/R\/msg|service\.weibo\.com\/share|linkedin\.com\/(?:share|shareArticle)|reddit\.com\/submit|rfi\.my\/|feedx\.\w+))/i;
/** "Read also" paragraphs that an editor typed by hand, in both scripts. */
const READ_ALSO = /^(延伸阅读|延伸閱讀|相关阅读|相關閱讀|另请阅读|另請閱讀|阅读更多|閱讀更多|同一主题|同一主題)\s*[:：]?/;
/** Labels left behind by an ad slot or a share bar whose attributes were lost. */
const CHROME_LABEL = /^(广告|廣告|分享\s*[:：]?)$/;
const BLOCK_TAGS = new Set(['P', 'DIV', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'FIGURE', 'TABLE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'HR', 'DL', 'SECTION', 'ARTICLE']);
const CONTAINER_TAGS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'PICTURE', 'FONT', 'CENTER', 'SPAN']);
const KEEP_EMPTY = new Set(['IMG', 'HR', 'BR', 'TD', 'TH']);
/** Parents that may hold only phrasing content: a wrapper inside one is unwrapped, never turned into a `<p>`. */
const TEXT_PARENTS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'A', 'SPAN', 'STRONG', 'EM', 'LI', 'FIGCAPTION', 'TD', 'TH']);

export interface CleanContext {
  baseUrl: string;
  lang: Lang;
  /** The hero's media id, so a poster or repeat of it in the body is not shown twice. */
  heroIdentity: string | null;
}

export function isJunk(el: Element): boolean {
  if (JUNK_TAGS.has(el.tagName.toUpperCase())) return true;
  for (const name of JUNK_ATTRIBUTES) if (el.hasAttribute(name)) return true;
  const cls = el.getAttribute('class');
  if (cls && JUNK_CLASS.test(cls)) return true;
  const id = el.id;
  if (id && (id.startsWith('google_ads') || id === 'comments')) return true;
  switch (el.tagName) {
    case 'A':
      return SHARE_HREF.test(el.getAttribute('href') ?? '');
    case 'P':
      return READ_ALSO.test(normalizeSpace(el.textContent ?? ''));
    case 'SPAN':
    case 'DIV':
      return el.childElementCount <= 2 && CHROME_LABEL.test(normalizeSpace(el.textContent ?? ''));
    default:
      return false;
  }
}

function linkFigure(doc: Document, href: string, label: string): HTMLElement {
  // A figure, like a photo: it stands for media, so it is shown but not counted as the article's text.
  const figure = doc.createElement('figure');
  const a = doc.createElement('a');
  a.setAttribute('href', href);
  a.textContent = `▶ ${label}`;
  figure.append(a);
  return figure;
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

function findPlayer(wrapper: Element): Element | null {
  if (PLAYER_TAGS.has(wrapper.tagName.toUpperCase())) return wrapper;
  for (const tag of PLAYER_TAGS) {
    const found = wrapper.getElementsByTagName(tag.toLowerCase())[0];
    if (found) return found;
  }
  return null;
}

function replacePlayer(wrapper: Element, ctx: CleanContext): void {
  const player = findPlayer(wrapper);
  const href = player ? originalMediaUrl(player, ctx.baseUrl) : '';
  if (!href) {
    wrapper.remove();
    return;
  }
  const host = new URL(href).hostname.replace(/^www\./, '');
  const hant = ctx.lang === 'zh-Hant';
  const label = player?.tagName === 'AUDIO'
    ? (hant ? '收聽音訊' : '收听音频')
    : `${hant ? '觀看影片' : '观看视频'}（${host.startsWith('youtube') ? 'YouTube' : host}）`;
  wrapper.replaceWith(linkFigure(wrapper.ownerDocument, href, label));
}

/** One walk from the top: players become links, junk goes with everything inside it. */
function removeJunk(parent: Element, ctx: CleanContext): void {
  for (const el of childElementsOf(parent)) {
    if (el.hasAttribute('data-wrapper-video-player') || PLAYER_TAGS.has(el.tagName.toUpperCase())) replacePlayer(el, ctx);
    else if (isJunk(el)) el.remove();
    else removeJunk(el, ctx);
  }
}

/** Figures reduced to one image, its caption and its credit, with the largest real source resolved. */
function normalizeImages(root: Element, ctx: CleanContext): ArticleImage[] {
  const doc = root.ownerDocument;
  const images: ArticleImage[] = [];
  const seen = new Set<string>(ctx.heroIdentity ? [ctx.heroIdentity] : []);
  for (const img of Array.from(root.getElementsByTagName('img'))) {
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

function hasBlockChild(el: Element): boolean {
  for (const c of childElementsOf(el)) if (BLOCK_TAGS.has(c.tagName)) return true;
  return false;
}

/**
 * Bottom-up tidying in one walk: empty elements go, links become absolute, `h1` becomes `h2`, and layout
 * wrappers are unwrapped (one that holds bare text becomes a paragraph). Returns whether `el` has content.
 */
function tidy(el: Element, ctx: CleanContext, isRoot: boolean): boolean {
  let hasContent = false;
  for (const child of childNodesOf(el)) {
    if (child.nodeType === 3) {
      if (/\S/.test(child.nodeValue ?? '')) hasContent = true;
    } else if (child.nodeType === 1) {
      if (tidy(child as Element, ctx, false)) hasContent = true;
    } else {
      child.remove(); // comments and processing instructions
    }
  }
  if (isRoot) return hasContent;
  const tag = el.tagName;
  if (!hasContent && !KEEP_EMPTY.has(tag)) {
    el.remove();
    return false;
  }
  const doc = el.ownerDocument;
  if (tag === 'A') {
    const u = parseUrl(el.getAttribute('href') ?? '', ctx.baseUrl);
    if (u && /^https?:$/.test(u.protocol)) el.setAttribute('href', u.href);
    else el.removeAttribute('href');
  } else if (tag === 'H1') {
    const h2 = doc.createElement('h2');
    h2.append(...childNodesOf(el));
    el.replaceWith(h2);
  } else if (CONTAINER_TAGS.has(tag)) {
    if (tag !== 'SPAN' && tag !== 'PICTURE' && !hasBlockChild(el) && el.parentElement && !TEXT_PARENTS.has(el.parentElement.tagName)) {
      const p = doc.createElement('p');
      p.append(...childNodesOf(el));
      el.replaceWith(p);
    } else {
      el.replaceWith(...childNodesOf(el));
    }
  }
  return true;
}


/** A `<br>` first or last in a block only adds a blank line. */
function trimBreaks(root: Element): void {
  for (const br of Array.from(root.getElementsByTagName('br'))) {
    if (!br.previousSibling || !br.nextSibling) br.remove();
  }
}

/** RFI's editors sometimes type a paragraph straight into the body, with no `<p>`: give it one. */
function wrapLooseText(root: Element): void {
  const doc = root.ownerDocument;
  let run: ChildNode[] = [];
  const flush = () => {
    if (run.some((n) => /\S/.test(n.textContent ?? ''))) {
      const p = doc.createElement('p');
      run[0]!.before(p);
      p.append(...run);
    }
    run = [];
  };
  for (const node of childNodesOf(root)) {
    if (node.nodeType === 1 && BLOCK_TAGS.has((node as Element).tagName)) flush();
    else run.push(node);
  }
  flush();
}

/** Cleans the body in place (it must be a copy) and returns the images it kept, in order. */
export function cleanBody(root: Element, ctx: CleanContext): ArticleImage[] {
  removeJunk(root, ctx);
  const images = normalizeImages(root, ctx);
  tidy(root, ctx, true);
  wrapLooseText(root);
  trimBreaks(root);
  tightenCjkSpacingIn(root);
  return images;
}
