import type { Detection } from './detect';
import { message, type Message } from './message';
import { parseRfiUrl } from './rfi-url';

/**
 * Beyond these a page is broken or hostile, not an article anyone reads: it is refused, with the reason, before
 * the work that would take minutes or overflow the stack. A real RFI article page is well under 1 MB, about 40
 * elements deep, with a few dozen images.
 */
export const INPUT_LIMITS = {
  /** Characters of HTML (10 MB of Chinese is about 3.5 million); jsdom takes about 2 s of CPU a million. */
  pageChars: 2_000_000,
  /**
   * Start tags in the HTML (each `<` before a letter, so an upper bound). RFI's article pages have a few hundred
   * to about 3,000. jsdom, with the garbage it leaves, takes about 50 µs of CPU to parse an element, so a page at
   * this limit costs the CLI half a second before anything is read (`npm run fuzz` prints it).
   */
  pageTags: 8_000,
  /** Chromium's parser never builds a tree deeper than 512; jsdom clones recursively and overflows the stack at a few thousand. */
  depth: 512,
  /** Each image is rewritten as a figure, its caption looked for in the figure around it: a reader shows a few dozen. */
  bodyImages: 1_000,
  /**
   * Elements in the article body. Cleaning, sanitizing and reading the text walk the body several times, about
   * 200 µs an element in jsdom; the bodies of the corpus and of the fixtures hold 16 to 80.
   */
  bodyElements: 1_500,
  /**
   * JSON-LD read from one page: RFI's blocks are 1 to 2 KB each, three to a page. Blocks past the first 16, and a
   * block longer than what is left of the characters, are not parsed; the article is then found without them.
   */
  jsonLdBlocks: 16,
  jsonLdChars: 256_000,
  /** JSON values looked at on one page to find the article node, and in one of its fields to read its strings. */
  jsonLdValues: 10_000,
  /** `meta`, `link` and `script` elements read for the page's metadata: RFI's pages have a few dozen of each. */
  metaElements: 1_000,
  /**
   * Nodes the content script looks at to know that a page is not empty. RFI's first text (the skip link) is about
   * the tenth; a page that has built this many nodes before any text is not empty, whatever it is.
   */
  emptyPageNodes: 10_000,
} as const;

/** Stops counting past the limit: the reason says "more than", and a page of a million tags is not walked through. */
function tagsUpTo(text: string, limit: number): number {
  const start = /<[a-z]/gi;
  let n = 0;
  while (n <= limit && start.exec(text)) n++;
  return n;
}

export function pageTooLong(text: string): Message | null {
  if (text.length > INPUT_LIMITS.pageChars) return message('reasonPageTooLarge', text.length, INPUT_LIMITS.pageChars);
  return tagsUpTo(text, INPUT_LIMITS.pageTags) > INPUT_LIMITS.pageTags ? message('reasonTooManyTags', INPUT_LIMITS.pageTags) : null;
}

/** Walks siblings and parents without recursion, so the depth being measured cannot overflow the walk. */
export function tooDeep(root: Element): Message | null {
  let node = root;
  let depth = 0;
  for (;;) {
    const child = node.firstElementChild;
    if (child) {
      if (++depth > INPUT_LIMITS.depth) return message('reasonTooDeep', INPUT_LIMITS.depth);
      node = child;
      continue;
    }
    while (node !== root && !node.nextElementSibling) {
      node = node.parentElement!;
      depth--;
    }
    if (node === root) return null;
    node = node.nextElementSibling!;
  }
}

/** Images first: their reason names what a reader would see as wrong with the page. */
export function bodyTooLarge(body: Element): Message | null {
  const images = body.getElementsByTagName('img').length;
  if (images > INPUT_LIMITS.bodyImages) return message('reasonTooManyImages', images, INPUT_LIMITS.bodyImages);
  const elements = body.getElementsByTagName('*').length;
  return elements > INPUT_LIMITS.bodyElements ? message('reasonBodyTooLarge', elements, INPUT_LIMITS.bodyElements) : null;
}

/** The detection of a page refused unread: nothing in it was looked at. */
export function unreadDetection(url: string, reason: Message, fromFeed: boolean): Detection {
  return {
    kind: 'no-content',
    isArticle: false,
    lang: null,
    reason,
    urlSaysArticle: Boolean(parseRfiUrl(url)?.date),
    source: fromFeed ? 'feed-mirror' : 'page',
  };
}
