import { escapeXml } from './escape';
import { articleElement, type ExportWindow } from './article-element';
import { ARTICLE_CSS } from './article-style';
import { collectionFileBase, collectionTitle, primaryLang, tocHeading } from './collection';
import { dataUri } from './data-uri';
import { assertNotEmpty, exportableImage, type ExportFile, type ExportItem } from './export-item';

/**
 * One HTML file that reads the same anywhere, offline included: images inlined as data: URIs, its own styles
 * inline, and a CSP that forbids every script and every remote load, so a file opened from disk can neither run
 * what an article smuggled in nor tell anyone it was opened.
 */
const PAGE_CSS = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfcf8;--muted:#6b6b6b}
@media (prefers-color-scheme:dark){:root{--fg:#e6e3dc;--bg:#1b1b1d;--muted:#a0a0a0}}
body{margin:0;background:var(--bg);color:var(--fg);font-size:18px}
main{max-width:36em;margin:2em auto;padding:0 1em}
article+article{margin-top:3em;padding-top:1em;border-top:1px solid var(--muted)}
.toc li{margin:.3em 0}
`;

export interface StandaloneHtmlOptions {
  /**
   * Keep the web address of an image whose bytes are not given, and let the CSP admit https images. For the CLI,
   * which has no image bytes; such a file shows those images only while online.
   */
  remoteImages?: boolean;
}

function tableOfContents(items: ExportItem[], heading: string): string {
  const entries = items.map(({ article }, i) => `<li><a href="#article-${i + 1}">${escapeXml(article.title)}</a></li>`);
  return `<nav class="toc"><h1>${escapeXml(heading)}</h1><ol>${entries.join('')}</ol></nav>\n`;
}

export function standaloneHtml(items: ExportItem[], win: ExportWindow, options: StandaloneHtmlOptions = {}): ExportFile<string> {
  assertNotEmpty(items);
  const articles = items.map((item) => item.article);
  const lang = primaryLang(articles);
  const several = items.length > 1;
  const bodies = items.map((item, i) => {
    const resolve = (src: string) => {
      const image = exportableImage(item, src);
      if (image) return dataUri(image);
      return options.remoteImages && /^https:\/\//i.test(src) ? src : null;
    };
    return articleElement(item.article, win, resolve, several ? `article-${i + 1}` : '').outerHTML;
  });
  const imgSrc = options.remoteImages ? 'data: https:' : 'data:';
  const content = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${imgSrc}; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeXml(collectionTitle(articles))}</title>
<style>${PAGE_CSS}${ARTICLE_CSS}</style>
</head>
<body>
<main>
${several ? tableOfContents(items, tocHeading(lang)) : ''}${bodies.join('\n')}
</main>
</body>
</html>
`;
  return { fileName: `${collectionFileBase(articles)}.html`, mimeType: 'text/html;charset=utf-8', content };
}
