import type { Article, ArticleImage } from '../core/article';
import { wallClockOf } from '../core/display-date';
import { sanitizeHtml } from '../core/sanitize';
import { escapeXml } from './escape';

/**
 * One HTML file that reads well anywhere, offline included once images are inlined. Its own CSP forbids every
 * script and every remote load but images, so a file opened from disk cannot run what an article smuggled in.
 */
const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfcf8;--muted:#6b6b6b}
@media (prefers-color-scheme:dark){:root{--fg:#e6e3dc;--bg:#1b1b1d;--muted:#a0a0a0}}
body{margin:0;background:var(--bg);color:var(--fg);font:18px/1.8 "Noto Serif CJK SC","Noto Serif SC","Source Han Serif SC","Songti SC",serif}
body:lang(zh-Hant){font-family:"Noto Serif CJK TC","Noto Serif TC","Source Han Serif TC","Songti TC",serif}
main{max-width:36em;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;line-height:1.4}
.lead{font-weight:bold}
.meta{color:var(--muted);font-size:.85em}
img{max-width:100%;height:auto}
figure{margin:1.5em 0}
figcaption{color:var(--muted);font-size:.85em}
blockquote{margin:1em 0;padding-left:1em;border-left:3px solid var(--muted)}
em,i{font-style:normal;text-emphasis:filled dot;text-emphasis-position:under right}
`;

function figure(image: ArticleImage): string {
  const caption = [escapeXml(image.caption), image.credit ? `<small>${escapeXml(image.credit)}</small>` : ''].filter(Boolean).join(' ');
  return `<figure><img src="${escapeXml(image.src)}" alt="${escapeXml(image.alt)}">${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

export function articleToHtml(article: Article, win: Window): string {
  const dates = [article.publishedAt && `<time datetime="${escapeXml(article.publishedAt)}">${escapeXml(wallClockOf(article.publishedAt))}</time>`, article.byline && escapeXml(article.byline), article.section && escapeXml(article.section)].filter(Boolean).join(' · ');
  return `<!doctype html>
<html lang="${article.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: data: blob:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeXml(article.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<article>
<h1>${escapeXml(article.title)}</h1>
<p class="meta">${dates}</p>
${article.lead ? `<p class="lead">${escapeXml(article.lead)}</p>` : ''}
${article.heroImage ? figure(article.heroImage) : ''}
${sanitizeHtml(article.contentHtml, win)}
<p class="meta"><a href="${escapeXml(article.canonicalUrl)}">${escapeXml(article.canonicalUrl)}</a></p>
</article>
</main>
</body>
</html>
`;
}
