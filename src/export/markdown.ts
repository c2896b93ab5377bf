import type { Article } from '../core/article';
import type { HtmlParser } from '../core/extract';
import { normalizeSpace } from '../core/text-measures';

/**
 * Markdown with YAML front matter. The sanitized body uses a small, known set of tags, so a direct walk over
 * that set is exact where a general HTML-to-Markdown converter would guess.
 */
function yamlString(value: string): string {
  return JSON.stringify(value); // a JSON string is a valid YAML double-quoted scalar
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

function inline(node: Node): string {
  if (node.nodeType === 3) return escapeInline((node.textContent ?? '').replace(/\s+/g, ' '));
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const inner = Array.from(el.childNodes).map(inline).join('');
  switch (el.tagName) {
    case 'STRONG': case 'B': return inner.trim() ? `**${inner.trim()}**` : '';
    case 'EM': case 'I': return inner.trim() ? `*${inner.trim()}*` : '';
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

export function articleToMarkdown(article: Article, parse: HtmlParser): string {
  const doc = parse(`<!doctype html><body>${article.contentHtml}`, article.canonicalUrl);
  const hero = article.heroImage;
  const parts = [
    frontMatter(article),
    `# ${escapeInline(article.title)}`,
    article.lead && `**${escapeInline(article.lead)}**`,
    hero && [image(hero.src, hero.alt), [hero.caption, hero.credit].filter(Boolean).length ? `*${escapeInline([hero.caption, hero.credit].filter(Boolean).join(' '))}*` : ''].filter(Boolean).join('\n'),
    ...blocks(doc.body),
    `[原文](${article.canonicalUrl})`,
  ];
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}
