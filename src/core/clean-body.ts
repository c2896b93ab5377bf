import type { ArticleImage, Lang } from './article';
import { tightenCjkSpacingIn } from './cjk-punctuation';
import { childNodesOf, listOf } from './dom-children';
import { imageFromElement, imageIdentity } from './images';
import { parseUrl } from './rfi-url';
import { sanitizerUnwraps } from './sanitize';
import { normalizeSpace } from './text-measures';

/**
 * Everything inside an article body that is not the article: RFI's share bar, self-promotion, ads, "read also"
 * interstitials, players, and anything interactive or executable. The checks are plain tag, attribute and
 * class tests made in one walk, not a selector list: on jsdom a long selector costs more than the whole walk.
 */
const JUNK_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'LINK',
  'META',
  'FORM',
  'INPUT',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'LABEL',
  'FRAME',
  'FRAMESET',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'DIALOG',
  'SVG',
  'MATH',
  'ASIDE',
  'NAV',
  'FOOTER',
  'HEADER',
  'SHARE-BUTTON',
  'SHARE-MODAL',
  'BASE',
  'TITLE',
]);
/** RFI's markers for share widgets, promos, ad slots and the read-more gate's button. */
const JUNK_ATTRIBUTES = [
  'data-root-share',
  'data-share',
  'data-selfpromo-newsletter',
  'data-selfpromo-app',
  'data-tms-ad-type',
  'data-tms-ad-report',
  'data-ad',
  'data-readmore-unlocker',
];
/** Class fragments of RFI's design system (and common ones) for the same blocks, related rails and comments. */
const JUNK_CLASS =
  /share|self-promo|newsletter|o-ads|advert|related|comment|tags|m-interstitial|a-read-more|m-em-flash|t-content__dates|m-pub-dates|t-content__authors/i;
/** Players phone home as soon as they load: each becomes a plain link to the original. */
const PLAYER_TAGS = new Set(['IFRAME', 'VIDEO', 'AUDIO', 'YOUTUBE-PLAYER']);

/** Where a link goes to share the page rather than to read something. */
export const SHARE_HREF =
  /^(?:whatsapp:|mailto:.*[?&]body=|https?:\/\/(?:[\w-]+\.)?(?:facebook\.com\/(?:dialog\/share|sharer)|(?:twitter|x)\.com\/(?:intent|share)|(?:web|api)\.whatsapp\.com\/send|wa\.me\/|t\.me\/share|telegram\.me\/share|social-plugins\.line\.me|lineit\.line\.me|line\.me\/R\/msg|service\.weibo\.com\/share|linkedin\.com\/(?:share|shareArticle)|reddit\.com\/submit|rfi\.my\/|feedx\.\w+))/i;
/** "Read also" paragraphs that an editor typed by hand, in both scripts. */
const READ_ALSO = /^(延伸阅读|延伸閱讀|相关阅读|相關閱讀|另请阅读|另請閱讀|阅读更多|閱讀更多|同一主题|同一主題)\s*[:：]?/;
/** Labels left behind by an ad slot or a share bar whose attributes were lost. */
const CHROME_LABEL = /^(广告|廣告|分享\s*[:：]?)$/;
const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'FIGURE',
  'TABLE',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'PRE',
  'HR',
  'DL',
  'SECTION',
  'ARTICLE',
]);
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

/**
 * The text of an element small enough to be a label (two child elements, 32 nodes, 200 characters at most), or
 * null. `textContent` would copy all the text below every `div` of a deep chain, and under jsdom
 * `childElementCount` keeps a live list of the children that each later removal among them recomputes.
 */
function labelText(el: Element): string | null {
  let elements = 0;
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (++elements > 2) return null;
  let text = '';
  let nodes = 0;
  for (let node: Node | null = el.firstChild; node;) {
    if (++nodes > 32) return null;
    if (node.nodeType === 3 && (text += node.nodeValue ?? '').length > 200) return null;
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node !== el && !node.nextSibling) node = node.parentNode!;
    node = node === el ? null : node.nextSibling;
  }
  return text;
}

export function isJunk(el: Element): boolean {
  if (JUNK_TAGS.has(el.tagName.toUpperCase())) return true;
  // Most elements of a page have attributes; the thousands of empty wrappers of a hostile one have none.
  if (el.hasAttributes()) {
    for (const name of JUNK_ATTRIBUTES) if (el.hasAttribute(name)) return true;
    const cls = el.getAttribute('class');
    if (cls && JUNK_CLASS.test(cls)) return true;
    const id = el.id;
    if (id && (id.startsWith('google_ads') || id === 'comments')) return true;
  }
  switch (el.tagName) {
    case 'A':
      return SHARE_HREF.test(el.getAttribute('href') ?? '');
    case 'P':
      return READ_ALSO.test(normalizeSpace(el.textContent ?? ''));
    case 'SPAN':
    case 'DIV': {
      const label = labelText(el);
      return label !== null && CHROME_LABEL.test(normalizeSpace(label));
    }
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

/** The link that stands for a player (or its wrapper), or null when it names no address to open. */
function playerLink(wrapper: Element, ctx: CleanContext): Element | null {
  const player = findPlayer(wrapper);
  const href = player ? originalMediaUrl(player, ctx.baseUrl) : '';
  if (!href) return null;
  const host = new URL(href).hostname.replace(/^www\./, '');
  const hant = ctx.lang === 'zh-Hant';
  const label =
    player?.tagName === 'AUDIO' ? (hant ? '收聽音訊' : '收听音频') : `${hant ? '觀看影片' : '观看视频'}（${host.startsWith('youtube') ? 'YouTube' : host}）`;
  return linkFigure(wrapper.ownerDocument, href, label);
}

/**
 * What cleaning puts in the place of an element, decided before anything moves: null drops it with everything
 * inside (junk, a tiny or repeated image), an element stands for it (a player's link, a clean figure). The body
 * is then copied once with these applied (see `tidy`): removing thousands of children one at a time costs each
 * one's index under jsdom, and moving content up a level at each unwrapped wrapper costs the depth in every DOM.
 */
class Plan {
  readonly instead = new Map<Element, Element | null>();
  private readonly plain = new Set<Element>();

  constructor(readonly ctx: CleanContext) {}

  /** Whether `el` is replaced or dropped: players become links, junk goes. Each element is judged once. */
  settled(el: Element): boolean {
    if (this.instead.has(el)) return true;
    if (this.plain.has(el)) return false;
    if (el.hasAttribute('data-wrapper-video-player') || PLAYER_TAGS.has(el.tagName.toUpperCase())) this.instead.set(el, playerLink(el, this.ctx));
    else if (isJunk(el)) this.instead.set(el, null);
    else this.plain.add(el);
    return this.instead.has(el);
  }

  /** Whether `el` or an element it is in, below `body`, is replaced or dropped. */
  settledAbove(el: Element, body: Element): boolean {
    for (let at: Element | null = el; at && at !== body; at = at.parentElement) if (this.settled(at)) return true;
    return false;
  }
}

/** Figures reduced to one image, its caption and its credit, with the largest real source resolved. */
function normalizeImages(body: Element, plan: Plan): ArticleImage[] {
  const { ctx } = plan;
  const doc = body.ownerDocument;
  const images: ArticleImage[] = [];
  const seen = new Set<string>(ctx.heroIdentity ? [ctx.heroIdentity] : []);
  for (const img of listOf(body.getElementsByTagName('img'))) {
    // Images in junk, in a player, or in the figure or link an earlier image replaced, are gone with it.
    if (plan.settledAbove(img, body)) continue;
    const figure = img.closest('figure');
    const target = figure && body.contains(figure) ? figure : img;
    const info = imageFromElement(img, ctx.baseUrl);
    const tiny = ['width', 'height'].some((d) => /^[01](px)?$/.test(img.getAttribute(d) ?? ''));
    if (!info || tiny || seen.has(imageIdentity(info.src))) {
      plan.instead.set(target, null);
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
    plan.instead.set(link && body.contains(link) ? link : target, out);
  }
  return images;
}

/**
 * What tidying does with an element: it goes, stays, is replaced (see Plan), becomes a `<p>` or an `<h2>`, or
 * leaves its children in its place: a layout wrapper (`unwrap`), or an element the sanitizer would unwrap
 * (`untag`), which the rules still see as kept.
 */
type Fate = 'drop' | 'keep' | 'replace' | 'p' | 'h2' | 'unwrap' | 'untag';

interface Decided {
  /** Whether anything is left of the children: text, or an element that stays in some form. */
  content: boolean;
  /** Whether what is left of the children includes a block element. */
  blockChild: boolean;
}

/**
 * Bottom-up, and changing nothing, the tidying rules: empty elements go, `h1` becomes `h2`, and layout wrappers
 * are unwrapped (one that holds no block and whose parent may hold blocks becomes a paragraph). The recursion
 * is bounded: extraction refuses a page deeper than INPUT_LIMITS.depth before it cleans anything.
 */
function decide(el: Element, plan: Plan, fates: Map<Element, Fate>): Decided {
  let content = false;
  let blockChild = false;
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) {
      if (/\S/.test(node.nodeValue ?? '')) content = true;
      continue;
    }
    if (node.nodeType !== 1) continue; // comments and processing instructions go
    const child = node as Element;
    let fate: Fate;
    let inner: Decided = { content: false, blockChild: false };
    if (plan.settled(child)) fate = plan.instead.get(child) ? 'replace' : 'drop';
    else {
      inner = decide(child, plan, fates);
      fate = fateOf(child, el, inner);
    }
    fates.set(child, fate);
    if (fate !== 'drop') content = true;
    if (fate === 'replace' || fate === 'p' || fate === 'h2' || (fate === 'keep' && BLOCK_TAGS.has(child.tagName)) || (fate === 'unwrap' && inner.blockChild))
      blockChild = true;
  }
  return { content, blockChild };
}

function fateOf(el: Element, parent: Element, inner: Decided): Fate {
  const tag = el.tagName;
  if (!inner.content && !KEEP_EMPTY.has(tag)) return 'drop';
  if (tag === 'H1') return 'h2';
  if (!CONTAINER_TAGS.has(tag)) return sanitizerUnwraps(el.localName) ? 'untag' : 'keep';
  return tag !== 'SPAN' && tag !== 'PICTURE' && !inner.blockChild && !TEXT_PARENTS.has(parent.tagName) ? 'p' : 'unwrap';
}

/**
 * Top-down, the copy: each element kept is cloned without its children and appended while empty, so every
 * insertion is of a leaf. Links become absolute (or lose an address that is not http(s)).
 */
function build(source: Element, target: Node, plan: Plan, fates: Map<Element, Fate>): void {
  const doc = source.ownerDocument;
  for (let node = source.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) target.appendChild(node.cloneNode());
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const fate = fates.get(el);
    if (fate === 'replace') target.appendChild(plan.instead.get(el)!);
    else if (fate === 'unwrap' || fate === 'untag') build(el, target, plan, fates);
    else if (fate && fate !== 'drop') {
      const out = fate === 'keep' ? (el.cloneNode(false) as Element) : doc.createElement(fate);
      if (out.tagName === 'A') {
        const u = parseUrl(el.getAttribute('href') ?? '', plan.ctx.baseUrl);
        if (u && /^https?:$/.test(u.protocol)) out.setAttribute('href', u.href);
        else out.removeAttribute('href');
      }
      build(el, target.appendChild(out), plan, fates);
    }
  }
}

/** The tidied copy of the body's children, in a new `div`: the sanitizer cleans that root in place. */
function tidy(body: Element, plan: Plan): HTMLElement {
  const fates = new Map<Element, Fate>();
  decide(body, plan, fates);
  const root = body.ownerDocument.createElement('div');
  build(body, root, plan, fates);
  return root;
}

/** A `<br>` first or last in a block only adds a blank line. */
function trimBreaks(root: Element): void {
  for (const br of listOf(root.getElementsByTagName('br'))) {
    if (!br.previousSibling || !br.nextSibling) br.remove();
  }
}

/**
 * RFI's editors sometimes type a paragraph straight into the body, with no `<p>`: give it one. When there is
 * one, every child is taken out and put back in order, the loose runs inside their paragraphs: moving a run out of
 * the middle instead costs its index under jsdom, quadratic over thousands of runs.
 */
function wrapLooseText(root: Element): void {
  const doc = root.ownerDocument;
  const nodes = childNodesOf(root);
  const block = nodes.map((n) => n.nodeType === 1 && BLOCK_TAGS.has((n as Element).tagName));
  const text = nodes.map((n, i) => !block[i] && /\S/.test(n.textContent ?? ''));
  if (!text.includes(true)) return;
  root.replaceChildren();
  let run: ChildNode[] = [];
  let runHasText = false;
  const flush = () => {
    const into = runHasText ? root.appendChild(doc.createElement('p')) : root;
    for (const n of run) into.appendChild(n);
    run = [];
    runHasText = false;
  };
  nodes.forEach((node, i) => {
    if (block[i]) {
      flush();
      root.appendChild(node);
    } else {
      run.push(node);
      runHasText ||= text[i]!;
    }
  });
  flush();
}

/**
 * The body cleaned into a new `div` of its document, and the images it kept, in order. The body itself is only
 * read: the page stays as it was.
 */
export function cleanBody(body: Element, ctx: CleanContext): { root: HTMLElement; images: ArticleImage[] } {
  const plan = new Plan(ctx);
  const images = normalizeImages(body, plan);
  const root = tidy(body, plan);
  wrapLooseText(root);
  trimBreaks(root);
  tightenCjkSpacingIn(root);
  return { root, images };
}
