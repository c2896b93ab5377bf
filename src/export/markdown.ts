import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Article } from '../core/article';
import { normalizeSpace } from '../core/text-measures';
import { sanitizedBody, type ExportWindow, type ImageResolver } from './article-element';
import { collectionFileBase } from './collection';
import { assertNotEmpty, type ExportFile, type ExportItem } from './export-item';
import { articleSlug, UniqueNames } from './file-names';
import { PackagedImages } from './packaged-images';

/**
 * Markdown with YAML front matter. The sanitized body uses a small, known set of tags, so a direct walk over
 * that set is exact where a general HTML-to-Markdown converter would guess.
 */
function yamlString(value: string): string {
  // A JSON string is a valid YAML double-quoted scalar once the C1 controls JSON leaves raw are escaped too.
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function frontMatter(article: Article): string {
  const lines = [
    '---',
    `title: ${yamlString(article.title)}`,
    `url: ${yamlString(article.canonicalUrl)}`,
    `lang: ${article.lang}`,
    article.byline && `author: ${yamlString(article.byline)}`,
    article.section && `section: ${yamlString(article.section)}`,
    article.publishedAt && `published: ${yamlString(article.publishedAt)}`,
    article.modifiedAt && `modified: ${yamlString(article.modifiedAt)}`,
    article.tags.length ? `tags: [${article.tags.map(yamlString).join(', ')}]` : '',
    article.lead && `lead: ${yamlString(article.lead)}`,
    `reading_minutes: ${article.readingMinutes}`,
    '---',
  ];
  return lines.filter(Boolean).join('\n');
}

const escapeInline = (text: string): string => text.replace(/([\\`*_[\]<>#])/g, '\\$1');

/** Markers hug the text (Markdown ignores `** x**`); the spaces around it stay outside, where they separate words. */
function emphasis(inner: string, marker: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : inner;
}

function inline(node: Node): string {
  if (node.nodeType === 3) return escapeInline((node.textContent ?? '').replace(/\s+/g, ' '));
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const inner = Array.from(el.childNodes).map(inline).join('');
  switch (el.tagName) {
    case 'STRONG': case 'B': return emphasis(inner, '**');
    case 'EM': case 'I': return emphasis(inner, '*');
    case 'CODE': return `\`${el.textContent ?? ''}\``;
    case 'BR': return '  \n';
    case 'A': {
      const href = el.getAttribute('href');
      return href ? `[${inner.trim()}](${href.replace(/[()\s]/g, encodeURIComponent)})` : inner;
    }
    case 'IMG': return image(el.getAttribute('src') ?? '', el.getAttribute('alt') ?? '');
    default: return inner;
  }
}

function image(src: string, alt: string): string {
  return src ? `![${escapeInline(alt)}](${src.replace(/[()\s]/g, encodeURIComponent)})` : '';
}

function block(el: Element, listDepth = 0): string {
  const text = () => Array.from(el.childNodes).map(inline).join('').trim();
  switch (el.tagName) {
    case 'P': return text();
    case 'H2': case 'H3': case 'H4': case 'H5': case 'H6': return `${'#'.repeat(Number(el.tagName[1]))} ${text()}`;
    case 'HR': return '---';
    case 'BLOCKQUOTE': {
      const inner = blocks(el).join('\n\n') || text();
      return inner.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
    }
    case 'UL': case 'OL': {
      const ordered = el.tagName === 'OL';
      return Array.from(el.children).filter((li) => li.tagName === 'LI').map((li, i) => {
        const nested = Array.from(li.children).filter((c) => c.tagName === 'UL' || c.tagName === 'OL');
        const own = Array.from(li.childNodes).filter((c) => !nested.includes(c as Element)).map(inline).join('').trim();
        const marker = ordered ? `${i + 1}.` : '-';
        const sub = nested.map((n) => block(n, listDepth + 1)).join('\n');
        return `${'  '.repeat(listDepth)}${marker} ${own}${sub ? `\n${sub}` : ''}`;
      }).join('\n');
    }
    case 'FIGURE': {
      const img = el.querySelector('img');
      const caption = normalizeSpace(el.querySelector('figcaption')?.textContent ?? '');
      return [img ? image(img.getAttribute('src') ?? '', img.getAttribute('alt') ?? '') : '', caption && `*${escapeInline(caption)}*`].filter(Boolean).join('\n');
    }
    case 'TABLE': {
      const rows = Array.from(el.querySelectorAll('tr')).map((tr) => Array.from(tr.children).map((c) => normalizeSpace(c.textContent ?? '').replace(/\|/g, '\\|')));
      if (!rows.length) return '';
      const width = Math.max(...rows.map((r) => r.length));
      const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
      return [line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n');
    }
    case 'IMG': return inline(el);
    default: return blocks(el).join('\n\n') || text();
  }
}

function blocks(parent: ParentNode): string[] {
  const out: string[] = [];
  let loose = '';
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 1 && !['STRONG', 'B', 'EM', 'I', 'A', 'CODE', 'BR', 'SPAN', 'SMALL', 'SUB', 'SUP'].includes((node as Element).tagName)) {
      if (loose.trim()) out.push(loose.trim());
      loose = '';
      const md = block(node as Element);
      if (md) out.push(md);
    } else {
      loose += inline(node);
    }
  }
  if (loose.trim()) out.push(loose.trim());
  return out;
}

/** Keeps every image where the article had it: the default when no bytes are at hand (the CLI). */
const remoteImages: ImageResolver = (src) => src;

/**
 * One article as Markdown. `resolveImage` says where each image's link points; an image it refuses (null) is
 * left out and its caption kept.
 */
export function articleToMarkdown(article: Article, win: ExportWindow, resolveImage: ImageResolver = remoteImages): string {
  const body = sanitizedBody(article, win, resolveImage);
  const hero = article.heroImage;
  const heroSrc = hero && resolveImage(hero.src);
  const heroCaption = hero ? [hero.caption, hero.credit].filter(Boolean).join(' ') : '';
  const parts = [
    frontMatter(article),
    `# ${escapeInline(article.title)}`,
    article.lead && `**${escapeInline(article.lead)}**`,
    [hero && heroSrc ? image(heroSrc, hero.alt) : '', heroCaption && `*${escapeInline(heroCaption)}*`].filter(Boolean).join('\n'),
    ...blocks(body),
    // Only a web address becomes a link: a stored record is not trusted to hold one.
    /^https?:\/\//i.test(article.canonicalUrl) && `[原文](${article.canonicalUrl.replace(/[()\s]/g, encodeURIComponent)})`,
  ];
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

const IMAGES_DIR = 'images';

/**
 * Markdown for a selection. Saved images travel with the text: one ZIP of `<slug>.md` files and an `images/`
 * folder they link to by relative path. A single article with no saved image stays one plain `.md` file.
 * A missing image keeps its web address: Markdown readers load it when online, which a link can always do.
 */
export function markdownExport(items: ExportItem[], win: ExportWindow): ExportFile {
  assertNotEmpty(items);
  const images = new PackagedImages();
  const names = new UniqueNames();
  const documents = items.map((item) => ({
    name: names.claim(articleSlug(item.article), 'md'),
    text: articleToMarkdown(item.article, win, (src) => {
      const name = images.add(item, src);
      return name ? `${IMAGES_DIR}/${name}` : src;
    }),
  }));
  const base = collectionFileBase(items.map((item) => item.article));
  if (documents.length === 1 && !images.files.length) {
    return { fileName: `${base}.md`, mimeType: 'text/markdown;charset=utf-8', content: documents[0]!.text };
  }
  const zip: Zippable = {};
  for (const doc of documents) zip[doc.name] = strToU8(doc.text);
  // Pictures are compressed already: storing them saves time and loses nothing.
  for (const file of images.files) zip[`${IMAGES_DIR}/${file.name}`] = [file.bytes, { level: 0 }];
  return { fileName: `${base}.zip`, mimeType: 'application/zip', content: zipSync(zip) };
}
