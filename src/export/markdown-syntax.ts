import { isRfiImageSrc } from '../core/images';
import { parseUrl } from '../core/rfi-url';

/**
 * The pieces of Markdown an export writes, each safe by construction: article text and addresses are untrusted,
 * and Markdown viewers pass raw HTML through and follow any link, so text must never become syntax and an
 * address must never end early or change scheme. Written against CommonMark and GitHub's extensions (tables,
 * strikethrough, autolinks), which is what common viewers parse.
 */

/**
 * Characters that start inline syntax anywhere in a line: escapes, code, emphasis, links and images, raw HTML
 * and autolinks, entities (`&lt;` would become `<`), table cells, strikethrough, and `#` (headings, and the
 * closing hashes a heading drops).
 */
const INLINE_SYNTAX = /[\\`*_[\]<>&|~#]/g;

/** Text that starts a block when it begins a line: a list item (`-`, `+`, `1.`, `1)`) or a setext underline (`=`, `-`). */
const BLOCK_START = /^(?:([-+=])|(\d{1,9})([.)]))/;

const escapeSyntax = (text: string): string => text.replace(INLINE_SYNTAX, '\\$&');

/** One run of text, whitespace folded as HTML shows it, with every syntax character escaped. */
export function textRun(text: string): string {
  return escapeSyntax(text.replace(/\s+/g, ' '));
}

/**
 * Inline Markdown laid out as lines that cannot open a block: no indentation (which would make code), no blank
 * line (which would end a list item or table), and a leading list marker or underline escaped.
 */
export function safeLines(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/^\s+/, '').replace(BLOCK_START, (_, mark, digits, close) => (mark ? `\\${mark}` : `${digits}\\${close}`)))
    .filter((line) => line.trim())
    .join('\n');
}

/** Text that must stay on one line (a heading, a caption, a table cell): breaks become spaces. */
export function oneLine(markdown: string): string {
  return safeLines(markdown.replace(/ {2}\n/g, ' ')).replace(/\n/g, ' ');
}

/** Metadata text (title, lead, caption): one line of escaped text. */
export function plainText(text: string): string {
  return oneLine(textRun(text.trim()));
}

/**
 * A code span whose fence is longer than any backtick run inside it, so no inner backtick closes it; a space pads
 * content that starts or ends with a backtick or space, and the parser takes exactly one off each side.
 */
export function codeSpan(code: string): string {
  const text = code.replace(/\s+/g, ' ');
  if (!text.trim()) return '';
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = /^[ `]|[ `]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block: the fence outgrows every backtick run in the code, so no line of it can close the block. */
export function codeBlock(code: string): string {
  const text = code.replace(/\r\n?/g, '\n').replace(/^\n+|\n+$/g, '');
  if (!text.trim()) return '';
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}\n${text}\n${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * A link or image destination, or null when the address is not an absolute web address. The URL parser has
 * already percent-encoded spaces, quotes and angle brackets; the `<…>` form lets parentheses through unbalanced,
 * a backslash (an escape inside it) is encoded, and `&` is escaped so no entity is decoded out of the address.
 */
export function webDestination(address: string): string | null {
  const url = parseUrl(address);
  if (!url || !/^https?:$/.test(url.protocol)) return null;
  return `<${url.href.replace(/[<>\\\n]/g, encodeURIComponent).replace(/&/g, '\\&')}>`;
}

/** A link around already-escaped Markdown text, or the text alone when the address is not a web address. */
export function link(text: string, address: string): string {
  const destination = webDestination(address);
  if (!text.trim()) return '';
  return destination ? `[${text}](${destination})` : text;
}

/** Where a packaged export keeps its images: a name this project chose, in a folder beside the Markdown. */
const PACKAGED_IMAGE = /^images\/[\p{L}\p{N}_-]+(?:\.[A-Za-z0-9]+)?$/u;

/**
 * An image, only from RFI's own hosts or the export's own folder: a viewer loads an image as soon as it shows the
 * file, so any other address would be a request to a host the article's reader never chose.
 */
export function image(src: string, alt: string): string {
  const destination = PACKAGED_IMAGE.test(src) ? `<${src}>` : isRfiImageSrc(src) ? webDestination(src) : null;
  return destination ? `![${plainText(alt)}](${destination})` : '';
}
