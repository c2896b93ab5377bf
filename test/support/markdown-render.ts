// Markdown exports read the way a reader meets them: rendered by a permissive viewer. `marked` with its default
// options keeps raw HTML and trusts every link, so what it makes of a file is the worst a real viewer would show.
import { JSDOM } from 'jsdom';
import { marked } from 'marked';

/** Front matter is YAML that viewers which know it hide; the rest is the document. */
const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;

/** The whole file as HTML, front matter included: a viewer that does not know front matter renders it too. */
export function markdownToHtml(md: string): string {
  return marked.parse(md, { async: false });
}

/** The rendered body (front matter left out), as a DOM to read text, links and images from. */
export function renderedBody(md: string): HTMLElement {
  return new JSDOM(`<!doctype html><body>${markdownToHtml(md.replace(FRONT_MATTER, ''))}`).window.document.body;
}

/** The text a reader sees, front matter left out. */
export const renderedText = (md: string): string => renderedBody(md).textContent ?? '';

/** Every image the rendered file would load, as its file or web address. */
export const renderedImages = (md: string): string[] => Array.from(renderedBody(md).querySelectorAll('img'), (img) => decodeURI(img.getAttribute('src') ?? ''));

/** Just enough YAML to read front matter back: `key: scalar`, double-quoted (JSON-style) strings, flow lists. */
export function readFrontMatter(md: string): Record<string, unknown> {
  const m = FRONT_MATTER.exec(md);
  if (!m) throw new Error('no front matter fenced by --- lines');
  const out: Record<string, unknown> = {};
  for (const line of m[1]!.split('\n')) {
    const kv = /^([a-z_]+): (.*)$/.exec(line);
    if (!kv) throw new Error(`not a key: value line: ${line}`);
    out[kv[1]!] = JSON.parse(kv[2]!);
  }
  return out;
}

/** What in the rendered file (front matter included) could run, load or leave: each found item described. */
export function activeMarkup(md: string, allowImage: (src: string) => boolean): string[] {
  const doc = new JSDOM(`<!doctype html><body>${markdownToHtml(md)}`).window.document;
  const found: string[] = [];
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    const tag = el.localName;
    if (!MARKDOWN_TAGS.has(tag)) found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      const allowed = ATTRIBUTES[tag]?.includes(attr.name);
      if (!allowed) found.push(`<${tag} ${attr.name}>`);
    }
    if (tag === 'a') {
      const href = el.getAttribute('href') ?? '';
      if (!/^https?:\/\//i.test(href)) found.push(`link to ${href}`);
    }
    if (tag === 'img' && !allowImage(decodeURI(el.getAttribute('src') ?? ''))) found.push(`image ${el.getAttribute('src')}`);
  }
  return found;
}

/** What Markdown itself makes; anything else in a render came through as raw HTML. */
const MARKDOWN_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'br',
  'em',
  'strong',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const ATTRIBUTES: Record<string, string[]> = { a: ['href', 'title'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['align'], td: ['align'] };
