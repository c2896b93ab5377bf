import { articleWarnings, EXTRACTION_PATHS, LANGS, type Article, type ArticleAudio, type ArticleImage } from '../../core/article';
import { isAudioDuration, MAX_AUDIO_SECONDS, rfiAudioUrl } from '../../core/audio';
import { isRfiImageSrc } from '../../core/images';
import type { Message, MessageKey } from '../../core/message';
import { ImportError, shownInMessage as shown } from '../errors';
import { archiveKeyOf, articleKeyOf } from '../prepare';
import type { SavedArticle, SavedImageRef } from '../records';
import { IMAGE_TYPES, type ImageType } from '../../core/image-sniff';

export const BACKUP_FORMAT = 'rfi-reader-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_JSON = 'backup.json';
export const IMAGE_ENTRY = /^images\/([0-9a-f]{64})$/;

/** Refused before anything is allocated for them: no real archive comes near these. */
export const BACKUP_LIMITS = {
  fileBytes: 1024 ** 3,
  totalUnzippedBytes: 2 * 1024 ** 3 - 1,
  jsonBytes: 256 * 1024 ** 2,
  imageBytes: 32 * 1024 ** 2,
  entries: 200_000,
  articles: 100_000,
  imagesPerArticle: 5_000,
  textChars: 4_000_000,
  fieldChars: 20_000,
  listItems: 1_000,
} as const;

export interface BackupImage {
  hash: string;
  type: ImageType;
  bytes: number;
}

/** `backup.json`: the records as stored (no image bytes; those are the `images/<hash>` entries). */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: number;
  articles: SavedArticle[];
  images: BackupImage[];
}

/** Another ZIP chosen by mistake: what the user can act on is that it is not a backup, whatever it holds. */
export const NOT_A_BACKUP: Message = { key: 'archiveImportNotBackup', substitutions: [] };

const HASH = /^[0-9a-f]{64}$/;

function fail(path: string, problem: string): never {
  throw new ImportError(`Backup refused: ${path} ${problem}.`);
}

function object(v: unknown, path: string): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(path, 'is not an object');
}

function string(v: unknown, path: string, max: number = BACKUP_LIMITS.fieldChars): string {
  if (typeof v !== 'string') fail(path, 'is not a string');
  return v.length <= max ? v : fail(path, `is longer than ${max} characters`);
}

function count(v: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number {
  return Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max ? (v as number) : fail(path, `is not a whole number between 0 and ${max}`);
}

/** Epoch milliseconds between 1990 and 2200. */
function time(v: unknown, path: string): number {
  return Number.isSafeInteger(v) && (v as number) >= 631152000000 && (v as number) <= 7258118400000
    ? (v as number)
    : fail(path, 'is not a time (epoch milliseconds)');
}

function array<T>(v: unknown, path: string, max: number, item: (x: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, 'is not an array');
  if (v.length > max) fail(path, `has more than ${max} items`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  return allowed.includes(v as T) ? (v as T) : fail(path, `is not one of ${allowed.join(', ')}`);
}

function httpUrl(v: unknown, path: string): string {
  const s = string(v, path, 4096);
  return /^https?:\/\/[^\s]+$/i.test(s) ? s : fail(path, 'is not an http(s) URL');
}

function hash(v: unknown, path: string): string {
  return typeof v === 'string' && HASH.test(v) ? v : fail(path, 'is not a SHA-256 in lower-case hex');
}

function articleImage(v: unknown, path: string): ArticleImage {
  const o = object(v, path);
  return {
    src: httpUrl(o.src, `${path}.src`),
    alt: string(o.alt, `${path}.alt`),
    caption: string(o.caption, `${path}.caption`),
    credit: string(o.credit, `${path}.credit`),
  };
}

/** The same rules as extraction: an https file on RFI's audio host, written as extraction writes it, and a real length. */
function articleAudio(v: unknown, path: string): ArticleAudio {
  const o = object(v, path);
  const url = string(o.url, `${path}.url`, 4096);
  if (rfiAudioUrl(url) !== url) fail(`${path}.url`, "is not an https address on RFI's audio host");
  if (!isAudioDuration(o.durationSeconds)) fail(`${path}.durationSeconds`, `is not a whole number of seconds between 1 and ${MAX_AUDIO_SECONDS}`);
  return { url, durationSeconds: o.durationSeconds };
}

function article(v: unknown, path: string): Article {
  const o = object(v, path);
  const s = (key: string, max?: number) => string(o[key], `${path}.${key}`, max);
  const strings = (key: string) => array(o[key], `${path}.${key}`, BACKUP_LIMITS.listItems, (x, p) => string(x, p));
  return {
    url: httpUrl(o.url, `${path}.url`),
    canonicalUrl: httpUrl(o.canonicalUrl, `${path}.canonicalUrl`),
    lang: oneOf(o.lang, `${path}.lang`, LANGS),
    title: s('title'),
    lead: s('lead'),
    byline: s('byline'),
    section: s('section'),
    tags: strings('tags'),
    publishedAt: s('publishedAt', 64),
    modifiedAt: s('modifiedAt', 64),
    heroImage: o.heroImage === null ? null : articleImage(o.heroImage, `${path}.heroImage`),
    images: array(o.images, `${path}.images`, BACKUP_LIMITS.imagesPerArticle, articleImage),
    contentHtml: s('contentHtml', BACKUP_LIMITS.textChars),
    text: s('text', BACKUP_LIMITS.textChars),
    length: count(o.length, `${path}.length`),
    readingMinutes: count(o.readingMinutes, `${path}.readingMinutes`),
    ...(o.audio === undefined ? {} : { audio: articleAudio(o.audio, `${path}.audio`) }),
    extractedBy: oneOf(o.extractedBy, `${path}.extractedBy`, EXTRACTION_PATHS),
    warnings: articleWarnings(strings('warnings')),
  };
}

function imageRef(v: unknown, path: string): SavedImageRef {
  const o = object(v, path);
  const src = httpUrl(o.src, `${path}.src`);
  if ('missing' in o) return { src, missing: string(o.missing, `${path}.missing`, 1000) };
  return {
    src,
    hash: hash(o.hash, `${path}.hash`),
    type: oneOf(o.type, `${path}.type`, IMAGE_TYPES),
    bytes: count(o.bytes, `${path}.bytes`, BACKUP_LIMITS.imageBytes),
  };
}

function savedArticle(v: unknown, path: string): SavedArticle {
  const o = object(v, path);
  const record: SavedArticle = {
    url: string(o.url, `${path}.url`, 4096),
    article: article(o.article, `${path}.article`),
    savedAt: time(o.savedAt, `${path}.savedAt`),
    updatedAt: time(o.updatedAt, `${path}.updatedAt`),
    images: array(o.images, `${path}.images`, BACKUP_LIMITS.imagesPerArticle, imageRef),
    // Derived fields: checked for type here, recomputed from the rest before writing.
    imageHashes: array(o.imageHashes, `${path}.imageHashes`, BACKUP_LIMITS.imagesPerArticle, hash),
    bytes: count(o.bytes, `${path}.bytes`),
  };
  if (record.updatedAt < record.savedAt) fail(`${path}.updatedAt`, 'is earlier than its savedAt');
  return record;
}

function backupImage(v: unknown, path: string): BackupImage {
  const o = object(v, path);
  return {
    hash: hash(o.hash, `${path}.hash`),
    type: oneOf(o.type, `${path}.type`, IMAGE_TYPES),
    bytes: count(o.bytes, `${path}.bytes`, BACKUP_LIMITS.imageBytes),
  };
}

function noDuplicates<T>(items: T[], key: (t: T) => string, path: string, field: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) fail(`${path}[${i}].${field}`, `repeats ${path}[${first}].${field}`);
    seen.set(k, i);
  });
}

/** Checks every field of a parsed `backup.json`; throws an ImportError naming the first bad one. */
export function validateManifest(v: unknown): BackupManifest {
  const o = object(v, 'backup.json');
  if (o.format !== BACKUP_FORMAT) {
    throw new ImportError(`Backup refused: backup.json format is not "${BACKUP_FORMAT}": this is not an RFI Reader backup.`, NOT_A_BACKUP);
  }
  if (typeof o.version === 'number' && o.version > BACKUP_VERSION) {
    const version = String(o.version);
    throw new ImportError(`Backup refused: backup.json version is ${version}: this backup was made by a newer RFI Reader; update the extension first.`, {
      key: 'archiveImportNewerVersion',
      substitutions: [version],
    });
  }
  if (o.version !== BACKUP_VERSION) fail('backup.json version', `is not a known version (${BACKUP_VERSION})`);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: time(o.exportedAt, 'exportedAt'),
    articles: array(o.articles, 'articles', BACKUP_LIMITS.articles, savedArticle),
    images: array(o.images, 'images', BACKUP_LIMITS.entries, backupImage),
  };
  manifest.articles.forEach(checkAddresses);
  noDuplicates(manifest.articles, (a) => a.url, 'articles', 'url');
  noDuplicates(manifest.images, (i) => i.hash, 'images', 'hash');
  const images = new Map(manifest.images.map((i) => [i.hash, i]));
  manifest.articles.forEach((a, i) =>
    a.images.forEach((ref, j) => {
      if (!('hash' in ref)) return;
      const image = images.get(ref.hash);
      const path = `articles[${i}].images[${j}]`;
      if (!image) fail(`${path}.hash`, 'names an image that is not in the backup');
      if (image.type !== ref.type || image.bytes !== ref.bytes) fail(path, 'disagrees with the image list on type or size');
    }),
  );
  return manifest;
}

/**
 * The save path's own rules, for a file anyone can write: the article is one of RFI's Chinese service, filed under
 * the key the archive gives it, and its images are on RFI's own hosts. Otherwise the reader would load a foreign
 * image, or link "the original" to another site. The refusal names the article and the field.
 */
function checkAddresses(record: SavedArticle, index: number): void {
  const path = `articles[${index}]`;
  const article = [String(index + 1), shown(record.article.title, 60)];
  const refuse = (field: string, value: string, key: MessageKey, problem: string, more: string[] = []): never => {
    const shownValue = shown(value, 200);
    throw new ImportError(`Backup refused: ${path}.${field} (${shownValue}) ${problem}.`, {
      key,
      substitutions: [...article, `${path}.${field}`, shownValue, ...more],
    });
  };
  const addresses: [string, string][] = [
    ['url', record.url],
    ['article.url', record.article.url],
    ['article.canonicalUrl', record.article.canonicalUrl],
  ];
  for (const [field, url] of addresses) {
    // The save path keys only articles of RFI's Chinese service (/cn/, /tw/): an address without a key is not one.
    if (!archiveKeyOf(url)) refuse(field, url, 'archiveImportNotRfiArticle', "is not the address of an article of RFI's Chinese service (/cn/ or /tw/)");
  }
  // Addresses of RFI's Chinese service always have a key.
  const key = articleKeyOf(record.article)!;
  if (key !== record.url)
    refuse('url', record.url, 'archiveImportWrongKey', `is not the key the archive files this article under (${shown(key, 200)})`, [shown(key, 200)]);
  const images: [string, string][] = [
    ...(record.article.heroImage ? [['article.heroImage.src', record.article.heroImage.src] as [string, string]] : []),
    ...record.article.images.map((image, i): [string, string] => [`article.images[${i}].src`, image.src]),
    ...record.images.map((ref, i): [string, string] => [`images[${i}].src`, ref.src]),
  ];
  for (const [field, src] of images) {
    if (!isRfiImageSrc(src)) refuse(field, src, 'archiveImportNotRfiImage', "is not an image on RFI's own hosts");
  }
}
