import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { errorText } from '../../src/core/error-text';

/**
 * Reads an EPUB back and checks it against the EPUB 3 container and package rules a reading system relies on.
 * `problems` is empty for a valid book; the rest is what tests assert on (manifest, spine, navigation, files).
 * Shared by the unit tests and the browser download tests.
 */
export interface EpubReport {
  problems: string[];
  /** Entry names in the order of the ZIP's central directory. */
  entries: string[];
  files: Record<string, Uint8Array>;
  packagePath: string;
  identifier: string;
  title: string;
  languages: string[];
  /** dc:creator, in order. */
  creators: string[];
  publishers: string[];
  modified: string;
  manifest: { id: string; path: string; mediaType: string; properties: string }[];
  /** Paths of the spine's content documents, in reading order. */
  spine: string[];
  /** The navigation document's table of contents: entry text and target path. */
  toc: { title: string; path: string }[];
  /** Every XHTML document of the spine, parsed as XML. */
  documents: Map<string, Document>;
}

const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const OPS_NS = 'http://www.idpf.org/2007/ops';
const parser = new new JSDOM('').window.DOMParser();

const MEDIA_TYPES: Record<string, string> = {
  xhtml: 'application/xhtml+xml',
  css: 'text/css',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};
/** What each image type's bytes start with, so a mislabelled image is caught. */
const MAGIC: Record<string, (b: Uint8Array) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8,
  'image/png': (b) => strFromU8(b.subarray(1, 4), true) === 'PNG',
  'image/gif': (b) => strFromU8(b.subarray(0, 4), true) === 'GIF8',
  'image/webp': (b) => strFromU8(b.subarray(0, 4), true) === 'RIFF' && strFromU8(b.subarray(8, 12), true) === 'WEBP',
};

/** A path inside the container, from a reference in the document at `from`. */
function resolvePath(from: string, href: string): string {
  return decodeURIComponent(new URL(href, `http://container/${from}`).pathname.slice(1));
}

function parseXml(text: string, type: DOMParserSupportedType, name: string, problems: string[]): Document | null {
  const doc = parser.parseFromString(text, type);
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) {
    problems.push(`${name} is not well-formed XML: ${error.textContent}`);
    return null;
  }
  return doc;
}

/** The first local file header: `mimetype`, stored (method 0), no extra field, the exact media type. */
function checkMimetypeEntry(bytes: Uint8Array, problems: string[]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 38 || view.getUint32(0, true) !== 0x04034b50) {
    problems.push('not a ZIP file (no local file header at offset 0)');
    return;
  }
  const method = view.getUint16(8, true);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const name = strFromU8(bytes.subarray(30, 30 + nameLength));
  const start = 30 + nameLength + extraLength;
  const content = strFromU8(bytes.subarray(start, start + view.getUint32(18, true)));
  if (name !== 'mimetype') problems.push(`first entry is ${name}, not mimetype`);
  if (method !== 0) problems.push(`mimetype is compressed (method ${method}), must be stored`);
  if (extraLength !== 0) problems.push('mimetype has an extra field in its header');
  if (content !== 'application/epub+zip') problems.push(`mimetype holds ${JSON.stringify(content)}`);
}

function checkXhtml(path: string, doc: Document, problems: string[]): void {
  const root = doc.documentElement;
  if (root.namespaceURI !== XHTML_NS || root.localName !== 'html') problems.push(`${path}: root is not an XHTML html element`);
  if (!root.getAttribute('xml:lang') && !root.getAttribute('lang')) problems.push(`${path}: no language declared`);
  if (!doc.getElementsByTagNameNS(XHTML_NS, 'title')[0]?.textContent?.trim()) problems.push(`${path}: empty title`);
  if (doc.getElementsByTagName('script').length) problems.push(`${path}: contains a script`);
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) problems.push(`${path}: ${el.localName} has ${attr.name}`);
    for (const name of ['src', 'href']) {
      const value = el.getAttribute(name) ?? '';
      if (/^\s*javascript:/i.test(value)) problems.push(`${path}: javascript: URL`);
      if (el.localName === 'img' && name === 'src' && /^[a-z]+:/i.test(value)) problems.push(`${path}: remote or inline image ${value.slice(0, 60)}`);
    }
  }
}

export function inspectEpub(bytes: Uint8Array): EpubReport {
  const problems: string[] = [];
  const report: EpubReport = {
    problems,
    entries: [],
    files: {},
    packagePath: '',
    identifier: '',
    title: '',
    languages: [],
    creators: [],
    publishers: [],
    modified: '',
    manifest: [],
    spine: [],
    toc: [],
    documents: new Map(),
  };
  checkMimetypeEntry(bytes, problems);
  try {
    report.files = unzipSync(bytes);
  } catch (error) {
    problems.push(`cannot unzip: ${errorText(error)}`);
    return report;
  }
  report.entries = Object.keys(report.files);
  const text = (path: string) => strFromU8(report.files[path]!);

  const containerXml = report.files['META-INF/container.xml'];
  const container = containerXml && parseXml(strFromU8(containerXml), 'application/xml', 'META-INF/container.xml', problems);
  if (!containerXml) problems.push('no META-INF/container.xml');
  const rootfile = container?.getElementsByTagName('rootfile')[0];
  if (container && rootfile?.getAttribute('media-type') !== 'application/oebps-package+xml') problems.push('container has no package rootfile');
  report.packagePath = rootfile?.getAttribute('full-path') ?? '';
  if (!report.packagePath || !report.files[report.packagePath]) {
    if (container) problems.push(`package document ${report.packagePath} is missing`);
    return report;
  }

  const opf = parseXml(text(report.packagePath), 'application/xml', report.packagePath, problems);
  if (!opf) return report;
  const pkg = opf.documentElement;
  if (pkg.localName !== 'package' || pkg.getAttribute('version') !== '3.0') problems.push('package element is not EPUB 3.0');
  const identifierEl = opf.getElementById(pkg.getAttribute('unique-identifier') ?? '');
  report.identifier = identifierEl?.textContent ?? '';
  if (identifierEl?.localName !== 'identifier' || !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(report.identifier))
    problems.push(`unique identifier is not a urn:uuid: ${report.identifier}`);
  const dc = (name: string) => Array.from(opf.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', name)).map((el) => el.textContent ?? '');
  report.title = dc('title')[0] ?? '';
  report.languages = dc('language');
  report.creators = dc('creator');
  report.publishers = dc('publisher');
  if (!report.title.trim()) problems.push('no dc:title');
  if (!report.languages.length) problems.push('no dc:language');
  report.modified = Array.from(opf.getElementsByTagName('meta')).find((m) => m.getAttribute('property') === 'dcterms:modified')?.textContent ?? '';
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(report.modified)) problems.push(`dcterms:modified is ${JSON.stringify(report.modified)}`);

  const ids = new Map<string, EpubReport['manifest'][number]>();
  for (const item of Array.from(opf.getElementsByTagName('item'))) {
    const entry = {
      id: item.getAttribute('id') ?? '',
      path: resolvePath(report.packagePath, item.getAttribute('href') ?? ''),
      mediaType: item.getAttribute('media-type') ?? '',
      properties: item.getAttribute('properties') ?? '',
    };
    report.manifest.push(entry);
    ids.set(entry.id, entry);
    const data = report.files[entry.path];
    if (!data) problems.push(`manifest item ${entry.path} is not in the container`);
    const expected = MEDIA_TYPES[entry.path.split('.').pop()!.toLowerCase()];
    if (expected !== entry.mediaType) problems.push(`${entry.path} declared ${entry.mediaType}, expected ${expected}`);
    if (data && MAGIC[entry.mediaType] && !MAGIC[entry.mediaType]!(data)) problems.push(`${entry.path} is not a ${entry.mediaType}`);
  }
  const declared = new Set(report.manifest.map((m) => m.path));
  for (const name of report.entries) {
    if (name !== 'mimetype' && !name.startsWith('META-INF/') && name !== report.packagePath && !name.endsWith('/') && !declared.has(name))
      problems.push(`${name} is not in the manifest`);
  }

  for (const ref of Array.from(opf.getElementsByTagName('itemref'))) {
    const item = ids.get(ref.getAttribute('idref') ?? '');
    if (!item) problems.push(`spine refers to unknown item ${ref.getAttribute('idref')}`);
    else if (item.mediaType !== 'application/xhtml+xml') problems.push(`spine item ${item.path} is not XHTML`);
    else report.spine.push(item.path);
  }
  if (!report.spine.length) problems.push('empty spine');

  const xhtmlPaths = report.manifest.filter((m) => m.mediaType === 'application/xhtml+xml' && report.files[m.path]).map((m) => m.path);
  for (const path of xhtmlPaths) {
    const doc = parseXml(text(path), 'application/xhtml+xml', path, problems);
    if (!doc) continue;
    report.documents.set(path, doc);
    checkXhtml(path, doc, problems);
    for (const img of Array.from(doc.getElementsByTagNameNS(XHTML_NS, 'img'))) {
      const target = resolvePath(path, img.getAttribute('src') ?? '');
      if (!declared.has(target)) problems.push(`${path}: image ${target} is not in the manifest`);
    }
  }

  const navItems = report.manifest.filter((m) => m.properties.split(/\s+/).includes('nav'));
  if (navItems.length !== 1) problems.push(`${navItems.length} navigation documents (properties="nav"), need exactly one`);
  const navDoc = navItems[0] && report.documents.get(navItems[0].path);
  const toc = navDoc && Array.from(navDoc.getElementsByTagNameNS(XHTML_NS, 'nav')).find((n) => n.getAttributeNS(OPS_NS, 'type')?.split(/\s+/).includes('toc'));
  if (navItems[0] && !toc) problems.push('navigation document has no nav epub:type="toc"');
  for (const a of toc ? Array.from(toc.getElementsByTagNameNS(XHTML_NS, 'a')) : []) {
    const path = resolvePath(navItems[0]!.path, a.getAttribute('href') ?? '');
    if (!report.spine.includes(path)) problems.push(`table of contents links to ${path}, not in the spine`);
    report.toc.push({ title: a.textContent ?? '', path });
  }
  return report;
}

/** Debian's package puts the W3C's EPUBCheck here (CI installs it with the browsers). */
const EPUBCHECK_JAR = process.env['EPUBCHECK_JAR'] ?? '/usr/share/java/epubcheck.jar';

/**
 * EPUBCheck, the reference validator reading systems are held to, on `bytes`: its fatal errors, errors and
 * warnings, one line each; none for a conforming book. Throws when the checker itself cannot run.
 */
export function epubcheck(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rfi-epubcheck-'));
  try {
    const file = join(dir, 'book.epub');
    writeFileSync(file, bytes);
    const run = spawnSync('java', ['-jar', EPUBCHECK_JAR, file], { encoding: 'utf8', timeout: 120_000 });
    if (run.error || !/EPUBCheck completed|Check finished/.test(`${run.stdout}${run.stderr}`)) {
      throw new Error(`EPUBCheck did not run: ${run.error?.message ?? run.stderr}`);
    }
    return `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((line) => /^(FATAL|ERROR|WARNING)\(/.test(line))
      .map((line) => line.replace(file, 'book.epub'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
