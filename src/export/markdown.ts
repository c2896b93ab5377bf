import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Article } from '../core/article';
import { readableUrl } from '../core/readable-url';
import { sanitizedBody, type ExportWindow, type ImageResolver } from './article-element';
import { collectionFileBase } from './collection';
import { assertNotEmpty, type ExportFile, type ExportItem } from './export-item';
import { articleSlug, UniqueNames } from './file-names';
import { publishedLine, sourceLabel, tagsLine } from './export-words';
import { codeBlock, codeSpan, image, link, oneLine, plainText, safeLines, textRun, webDestination } from './markdown-syntax';
import { PackagedImages } from './packaged-images';

/**
 * Markdown with YAML front matter. The sanitized body uses a small, known set of tags, so a direct walk over
 * that set is exact where a general HTML-to-Markdown converter would guess.
 */
/**
 * A YAML double-quoted scalar. JSON's string syntax is one, once C1 controls are escaped too; the characters
 * that start Markdown links, raw HTML and entities are escaped as well, because a viewer that does not know front
 * matter renders it as a paragraph.
 */
function yamlString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f<>&[\]]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function frontMatter(article: Article): string {
  const lines = [
    '---',
    `title: ${yamlString(article.title)}`,
    `url: ${yamlString(article.canonicalUrl)}`,
    `lang: ${yamlString(article.lang)}`,
    article.byline && `author: ${yamlString(article.byline)}`,
    article.section && `section: ${yamlString(article.section)}`,
    article.publishedAt && `published: ${yamlString(article.publishedAt)}`,
    article.modifiedAt && `modified: ${yamlString(article.modifiedAt)}`,
    article.tags.length ? `tags: [${article.tags.map(yamlString).join(', ')}]` : '',
    article.lead && `lead: ${yamlString(article.lead)}`,
    `reading_minutes: ${Number(article.readingMinutes) || 0}`,
    '---',
  ];
  return lines.filter(Boolean).join('\n');
}

/**
 * Punctuation that can move outside an emphasis: CommonMark will not open `**` before punctuation that follows a
 * letter, nor close it after punctuation that a letter follows, which in Chinese (`**李恒青：**整体`) leaves the
 * asterisks on screen. Characters this export writes as syntax (escapes, code, link ends) stay where they are.
 */
const MOVABLE_PUNCTUATION = /^(?![\\*_`\])>~|&#<[])[\p{P}\p{S}]$/u;

/** Markers hug the text (Markdown ignores `** x**`); spaces and movable punctuation at the ends stay outside. */
function emphasis(inner: string, marker: string): string {
  const chars = Array.from(inner);
  const outside = (c: string) => /\s/.test(c) || MOVABLE_PUNCTUATION.test(c);
  let start = 0;
  let end = chars.length;
  while (start < end && outside(chars[start]!)) start++;
  while (end > start && outside(chars[end - 1]!)) end--;
  if (start === end) return inner;
  return `${chars.slice(0, start).join('')}${marker}${chars.slice(start, end).join('')}${marker}${chars.slice(end).join('')}`;
}

/** Where inline Markdown is written: a table cell is one line, and a `|` in its code must be escaped too. */
type InlineContext = 'flow' | 'cell';

function inline(node: Node, context: InlineContext = 'flow'): string {
  if (node.nodeType === 3) return textRun(node.textContent ?? '');
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const inner = () =>
    Array.from(el.childNodes)
      .map((child) => inline(child, context))
      .join('');
  switch (el.tagName) {
    case 'STRONG':
    case 'B':
      return emphasis(inner(), '**');
    case 'EM':
    case 'I':
      return emphasis(inner(), '*');
    case 'CODE': {
      const code = codeSpan(el.textContent ?? '');
      return context === 'cell' ? code.replace(/\|/g, '\\|') : code;
    }
    case 'BR':
      return context === 'cell' ? ' ' : '  \n';
    case 'A':
      return link(inner().trim(), el.getAttribute('href') ?? '');
    case 'IMG':
      return image(el.getAttribute('src') ?? '', el.getAttribute('alt') ?? '');
    default:
      return inner();
  }
}

const inlineText = (el: Element, context: InlineContext = 'flow') =>
  Array.from(el.childNodes)
    .map((child) => inline(child, context))
    .join('')
    .trim();

/** Block elements that are text of a paragraph: everything else under the body starts a block of its own. */
const INLINE_TAGS = new Set([
  'STRONG',
  'B',
  'EM',
  'I',
  'A',
  'CODE',
  'BR',
  'SPAN',
  'SMALL',
  'SUB',
  'SUP',
  'Q',
  'CITE',
  'U',
  'S',
  'MARK',
  'ABBR',
  'TIME',
  'RUBY',
  'RT',
  'RP',
]);

function listItems(el: Element, depth: number): string {
  const ordered = el.tagName === 'OL';
  return Array.from(el.children)
    .filter((li) => li.tagName === 'LI')
    .map((li, i) => {
      const nested = Array.from(li.children).filter((c) => c.tagName === 'UL' || c.tagName === 'OL');
      const own = safeLines(
        Array.from(li.childNodes)
          .filter((c) => !nested.includes(c as Element))
          .map((c) => inline(c))
          .join('')
          .trim(),
      );
      const marker = ordered ? `${i + 1}.` : '-';
      const indent = '  '.repeat(depth);
      // Continuation lines are indented under the item, so they stay in it.
      const lines = own.split('\n').map((line, n) => (n ? `${indent}${' '.repeat(marker.length + 1)}${line}` : `${indent}${marker} ${line}`));
      return [...lines, ...nested.map((n) => listItems(n, depth + 1))].join('\n');
    })
    .join('\n');
}

function table(el: Element): string {
  const rows = Array.from(el.querySelectorAll('tr')).map((tr) => Array.from(tr.children).map((c) => oneLine(inlineText(c, 'cell'))));
  if (!rows.length) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
  return [line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n');
}

function block(el: Element): string {
  switch (el.tagName) {
    case 'P':
      return safeLines(inlineText(el));
    case 'H2':
    case 'H3':
    case 'H4':
    case 'H5':
    case 'H6': {
      const text = oneLine(inlineText(el));
      return text && `${'#'.repeat(Number(el.tagName[1]))} ${text}`;
    }
    case 'HR':
      return '---';
    case 'PRE':
      return codeBlock(el.textContent ?? '');
    case 'BLOCKQUOTE': {
      const inner = blocks(el).join('\n\n');
      return (
        inner &&
        inner
          .split('\n')
          .map((l) => (l ? `> ${l}` : '>'))
          .join('\n')
      );
    }
    case 'UL':
    case 'OL':
      return listItems(el, 0);
    case 'FIGURE': {
      const img = el.querySelector('img');
      const caption = plainText(el.querySelector('figcaption')?.textContent ?? '');
      return [img ? image(img.getAttribute('src') ?? '', img.getAttribute('alt') ?? '') : '', caption && `*${caption}*`].filter(Boolean).join('\n');
    }
    case 'TABLE':
      return table(el);
    case 'IMG':
      return inline(el);
    default:
      return blocks(el).join('\n\n');
  }
}

function blocks(parent: ParentNode): string[] {
  const out: string[] = [];
  let loose = '';
  const flush = () => {
    const text = safeLines(loose.trim());
    if (text) out.push(text);
    loose = '';
  };
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 1 && !INLINE_TAGS.has((node as Element).tagName)) {
      flush();
      const md = block(node as Element);
      if (md) out.push(md);
    } else {
      loose += inline(node);
    }
  }
  flush();
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
  const meta = [publishedLine(article), article.byline, article.section].filter(Boolean).join(' · ');
  const tags = tagsLine(article);
  const parts = [
    frontMatter(article),
    `# ${plainText(article.title)}`,
    meta && `*${plainText(meta)}*`,
    article.lead && `**${plainText(article.lead)}**`,
    [hero && heroSrc ? image(heroSrc, hero.alt) : '', heroCaption && `*${plainText(heroCaption)}*`].filter(Boolean).join('\n'),
    ...blocks(body),
    tags && `*${plainText(tags)}*`,
    // Only a web address becomes a link (a stored record is not trusted to hold one), shown as a reader reads it.
    webDestination(article.canonicalUrl) &&
      `${plainText(sourceLabel(article.lang))}${link(plainText(readableUrl(article.canonicalUrl)), article.canonicalUrl)}`,
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
