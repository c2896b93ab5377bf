import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { isRfiImageSrc } from './images';

/**
 * Elements removed with everything inside them (DOMPurify's own default list, named here so that cleaning knows
 * which of the elements the configuration does not allow lose only their tag).
 */
const DROPPED_WITH_CONTENT = [
  'annotation-xml',
  'audio',
  'colgroup',
  'desc',
  'foreignobject',
  'head',
  'iframe',
  'math',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
  'script',
  'selectedcontent',
  'style',
  'svg',
  'template',
  'thead',
  'title',
  'video',
  'xmp',
];

/**
 * The one DOMPurify configuration every caller uses: extraction before storing, the reader and archive pages
 * before showing, the exports before writing. An allow-list of reading markup only; anything that can run code,
 * load a resource by itself (other than an image) or restyle the privileged page is dropped.
 */
const SANITIZE_CONFIG = {
  ALLOWED_TAGS: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'blockquote',
    'q',
    'cite',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'small',
    'mark',
    'abbr',
    'code',
    'pre',
    'a',
    'figure',
    'figcaption',
    'img',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'hr',
    'span',
    'div',
    'dl',
    'dt',
    'dd',
    'time',
    'ruby',
    'rt',
    'rp',
    // The root DOMPurify walks: the HTML parser makes only this one from a string (a `<body>` tag in the input
    // merges its attributes into it, and they are never serialized). Not allowed, it is removed with KEEP_CONTENT,
    // which first copies the whole tree beside it, for nothing: a fifth of the time of each call.
    'body',
  ],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'colspan', 'rowspan', 'datetime', 'lang', 'dir'],
  // Absolute http(s) only: relative URLs would resolve against the extension's own origin.
  ALLOWED_URI_REGEXP: /^https?:\/\//i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  SANITIZE_DOM: true,
  SANITIZE_NAMED_PROPS: true,
  KEEP_CONTENT: true,
  FORBID_CONTENTS: DROPPED_WITH_CONTENT,
  WHOLE_DOCUMENT: false,
} satisfies Config;

const ALLOWED = new Set<string>(SANITIZE_CONFIG.ALLOWED_TAGS);
const DROPPED = new Set(DROPPED_WITH_CONTENT);

/**
 * Whether sanitizing removes an element but keeps what it holds, in its place. DOMPurify does that by moving the
 * children up one level at a time, so nested ones cost the depth times the content: extraction's cleaning leaves
 * their tags out itself, in its one copy of the body.
 */
export function sanitizerUnwraps(localName: string): boolean {
  const name = localName.toLowerCase();
  return !ALLOWED.has(name) && !DROPPED.has(name);
}

/** What a sanitize call returns: a string, the caller's own element cleaned in place, or a fragment. */
type Output = 'string' | 'inPlace' | 'fragment';

const OUTPUT_CONFIG: Record<Output, Config> = {
  string: SANITIZE_CONFIG,
  inPlace: { ...SANITIZE_CONFIG, IN_PLACE: true },
  fragment: { ...SANITIZE_CONFIG, RETURN_DOM_FRAGMENT: true },
};

/**
 * One purifier per window and output, its configuration set once: given with each call, DOMPurify parses it
 * again every time (an import sanitizes 10,000 bodies).
 */
const purifiers = new WeakMap<object, Partial<Record<Output, DOMPurify>>>();

function purifierFor(win: Window, output: Output): DOMPurify {
  let byOutput = purifiers.get(win);
  if (!byOutput) purifiers.set(win, (byOutput = {}));
  let purify = byOutput[output];
  if (!purify) {
    purify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
    purify.setConfig(OUTPUT_CONFIG[output]);
    purify.addHook('afterSanitizeAttributes', (node) => {
      // Links leave the privileged page without telling the target who sent the reader.
      if (node.nodeName === 'A' && node.hasAttribute('href')) node.setAttribute('rel', 'noopener noreferrer');
      // An image must have a source; one the sanitizer stripped would render as a broken box. DOMPurify lets
      // `data:` through on images whatever ALLOWED_URI_REGEXP says, and a stored body may name any host (a
      // tracking pixel): only RFI's own images may load by themselves.
      if (node.nodeName === 'IMG' && !isRfiImageSrc(node.getAttribute('src') ?? '')) node.remove();
    });
    byOutput[output] = purify;
  }
  return purify;
}

/** The window whose DOM builds the sanitized tree: the document's own, else the page's global one. */
export function windowFor(doc?: Document | null): Window {
  const win = doc?.defaultView ?? (globalThis as { window?: Window }).window;
  if (!win) throw new Error('No DOM window available to sanitize HTML (pass one explicitly in Node).');
  return win;
}

/** Sanitized HTML string, from a string or from a node (the node is not modified). */
export function sanitizeHtml(dirty: string | Node, win: Window = windowFor()): string {
  return purifierFor(win, 'string').sanitize(dirty) as unknown as string;
}

/**
 * Sanitizes an element the caller owns, in place: no copy and no parser round trip, which is most of
 * DOMPurify's cost on small trees. Returns the same element, now safe; its `innerHTML` is the clean HTML.
 */
export function sanitizeInPlace<T extends Element>(el: T, win: Window = windowFor(el.ownerDocument)): T {
  purifierFor(win, 'inPlace').sanitize(el);
  return el;
}

/** Sanitized content as a fragment of `win`'s document, to append to a privileged page without `innerHTML`. */
export function sanitizeToFragment(html: string, win: Window = windowFor()): DocumentFragment {
  return purifierFor(win, 'fragment').sanitize(html) as unknown as DocumentFragment;
}
