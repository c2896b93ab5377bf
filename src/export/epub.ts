import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Lang } from '../core/article';
import { articleElement, type ExportWindow } from './article-element';
import { ARTICLE_CSS } from './article-style';
import { collectionFileBase, collectionTitle, primaryLang, tocHeading } from './collection';
import { escapeXml, withoutNonXmlChars } from './escape';
import { assertNotEmpty, type ExportFile, type ExportItem } from './export-item';
import { PUBLISHER } from './export-words';
import { PackagedImages } from './packaged-images';

/**
 * EPUB 3: several articles become one book, each article one XHTML content document, with a navigation document
 * as its table of contents and every saved image inside. Layout of the container:
 *
 *   mimetype                  first entry, stored, `application/epub+zip` (how readers recognise the file)
 *   META-INF/container.xml    points to the package document
 *   EPUB/package.opf          metadata, manifest, spine
 *   EPUB/nav.xhtml  EPUB/style.css  EPUB/text/article-NNN.xhtml  EPUB/images/<name>
 *
 * A missing image is left out (its caption stays): EPUB forbids images loaded from the web.
 */
export interface EpubOptions {
  /** The book's UUID (dc:identifier): pass the same one when exporting the same book again. Random by default. */
  identifier?: string;
  /** dcterms:modified, and the time stamp of every file in the container. Now by default. */
  modified?: Date;
  /** dc:title. By default the one article's headline, or the first one's with the size of the selection. */
  title?: string;
}

const MIMETYPE = 'application/epub+zip';
const ROOT = 'EPUB';
const PACKAGE_PATH = `${ROOT}/package.opf`;

const text = (value: string) => escapeXml(withoutNonXmlChars(value));

const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="${PACKAGE_PATH}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

function xhtml(lang: Lang, title: string, stylesheet: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}">
<head>
<meta charset="utf-8"/>
<title>${text(title)}</title>
<link rel="stylesheet" type="text/css" href="${stylesheet}"/>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * ZIP file times have no zone and are written in the machine's own: the UTC wall clock written as if local, so the
 * same book is the same bytes wherever it is made.
 */
const zoneFreeZipTime = (d: Date): Date => new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());

/** XML has no room for some characters HTML tolerates: they go before the serializer sees them. */
function xmlSafe(root: Element): Element {
  const walker = root.ownerDocument.createTreeWalker(root, 0x5 /* elements and text */);
  for (let node: Node | null = root; node; node = walker.nextNode()) {
    if (node.nodeType === 3) node.nodeValue = withoutNonXmlChars(node.nodeValue ?? '');
    else for (const attr of Array.from((node as Element).attributes)) attr.value = withoutNonXmlChars(attr.value);
  }
  return root;
}

interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

function packageDocument(options: {
  identifier: string;
  title: string;
  langs: Lang[];
  creators: string[];
  modified: Date;
  manifest: ManifestItem[];
  spine: string[];
}): string {
  const modified = options.modified.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const manifest = options.manifest.map(
    (item) =>
      `    <item id="${item.id}" href="${text(item.href)}" media-type="${item.mediaType}"${item.properties ? ` properties="${item.properties}"` : ''}/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${options.langs[0]}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">urn:uuid:${text(options.identifier)}</dc:identifier>
    <dc:title>${text(options.title)}</dc:title>
${options.langs.map((lang) => `    <dc:language>${lang}</dc:language>`).join('\n')}
${options.creators.map((creator) => `    <dc:creator>${text(creator)}</dc:creator>\n`).join('')}    <dc:publisher>${PUBLISHER}</dc:publisher>
    <meta property="dcterms:modified">${modified}</meta>
  </metadata>
  <manifest>
${manifest.join('\n')}
  </manifest>
  <spine>
${options.spine.map((id) => `    <itemref idref="${id}"/>`).join('\n')}
  </spine>
</package>
`;
}

export function epubExport(items: ExportItem[], win: ExportWindow, options: EpubOptions = {}): ExportFile {
  assertNotEmpty(items);
  const articles = items.map((item) => item.article);
  const lang = primaryLang(articles);
  const title = options.title ?? collectionTitle(articles);
  const modified = options.modified ?? new Date();
  const images = new PackagedImages();
  const serializer = new win.XMLSerializer();

  const chapters = items.map((item, i) => {
    const id = `article-${String(i + 1).padStart(3, '0')}`;
    const element = articleElement(item.article, win, (src) => {
      const name = images.add(item, src);
      return name && `../images/${name}`;
    });
    const body = serializer.serializeToString(xmlSafe(element));
    return { id, href: `text/${id}.xhtml`, title: item.article.title, xhtml: xhtml(item.article.lang, item.article.title, '../style.css', body) };
  });

  const toc = chapters.map((c) => `<li><a href="${c.href}">${text(c.title)}</a></li>`).join('\n');
  const nav = xhtml(lang, tocHeading(lang), 'style.css', `<nav epub:type="toc" id="toc">\n<h1>${text(tocHeading(lang))}</h1>\n<ol>\n${toc}\n</ol>\n</nav>`);

  const manifest: ManifestItem[] = [
    { id: 'nav', href: 'nav.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'style', href: 'style.css', mediaType: 'text/css' },
    ...chapters.map((c) => ({ id: c.id, href: c.href, mediaType: 'application/xhtml+xml' })),
    ...images.files.map((file, i) => ({ id: `image-${String(i + 1).padStart(3, '0')}`, href: `images/${file.name}`, mediaType: file.type })),
  ];
  const opf = packageDocument({
    identifier: options.identifier ?? crypto.randomUUID(),
    title,
    langs: [lang, ...new Set(articles.map((a) => a.lang).filter((l) => l !== lang))],
    // Each byline once, in the order the articles come; a book of unsigned articles names no one.
    creators: [...new Set(articles.map((a) => withoutNonXmlChars(a.byline).trim()).filter(Boolean))],
    modified,
    manifest,
    spine: ['nav', ...chapters.map((c) => c.id)],
  });

  // Insertion order is entry order: `mimetype` must be the first entry and stored, never compressed.
  const zip: Zippable = { mimetype: [strToU8(MIMETYPE), { level: 0 }] };
  zip['META-INF/container.xml'] = strToU8(CONTAINER_XML);
  zip[PACKAGE_PATH] = strToU8(opf);
  zip[`${ROOT}/nav.xhtml`] = strToU8(nav);
  zip[`${ROOT}/style.css`] = strToU8(ARTICLE_CSS);
  for (const c of chapters) zip[`${ROOT}/${c.href}`] = strToU8(c.xhtml);
  for (const file of images.files) zip[`${ROOT}/images/${file.name}`] = [file.bytes, { level: 0 }];
  return { fileName: `${collectionFileBase(articles)}.epub`, mimeType: MIMETYPE, content: zipSync(zip, { mtime: zoneFreeZipTime(modified) }) };
}
