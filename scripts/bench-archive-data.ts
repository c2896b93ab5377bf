/**
 * The data behind scripts/bench-archive.ts: archives of N realistic articles as backup files, written straight in
 * the backup format (scripts/bench-backup-file.ts), and the search queries to time against them.
 *
 * Article `i` is the same in every archive (0 the newest, one about every 35 minutes before it, as RFI's Chinese
 * service publishes), mixed from real RFI text (the seed, the full-page fixtures, ../shared/rfi-corpus when present):
 * paragraphs of three real articles, 1,500 to 4,500 characters of body, a third of them in traditional script
 * (rfi.fr/tw). Every article has a hero image and every other one a body image. The newest WITH_IMAGES were saved by
 * the reader and hold their images, valid JPEGs of 30–80 KB (a small real JPEG from test/fixtures/images grown with
 * comment segments of random bytes, which, like real JPEG data, do not compress); the older ones came in by mirror
 * import, which fetches no image: their images are marked missing, as such an archive holds them.
 *
 * An archive larger than PART_ARTICLES is several backups, imported one after the other (the import merges). One
 * `backup.json` cannot hold 100,000 such articles: it would be about 2 GB, against the 256 MB the import accepts
 * (BACKUP_LIMITS.jsonBytes), and more characters than a string may have in Chromium (2^29 - 24).
 */
import { createHash } from 'node:crypto';
import { existsSync, openAsBlob, readFileSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHtml } from '../src/cli/parse-html';
import { loadToTraditional, type ConvertScript } from '../src/core/chinese-script';
import { articleImageSources, type Article, type ArticleImage } from '../src/core/article';
import { extractSnapshot } from '../src/core/extract';
import { countCharacters, readingMinutes } from '../src/core/text-measures';
import { escapeXml } from '../src/export/escape';
import { BACKUP_LIMITS } from '../src/archive/backup/format';
import { readBackup } from '../src/archive/backup/read';
import { articleKeyOf, utf8Length } from '../src/archive/prepare';
import { isStoredRef, type SavedArticle, type SavedImageRef } from '../src/archive/records';
import { foldForSearch, queryTerms } from '../src/archive/search-text';
import { seedArticle } from '../test/support/archive';
import { REPO, corpusEntries } from '../test/support/corpus';
import { isArticleCase, pageCases } from '../test/support/page-fixtures';
import { writeBackupFile, type BackupImageBytes } from './bench-backup-file';

/** Change it whenever the articles, images or queries made here change: it names the cached files. */
const GENERATOR_VERSION = 'bench-archive-3';
/** The newest articles, saved with their images; the rest came from mirror imports. */
export const WITH_IMAGES = 10_000;
/** Articles per backup file. */
export const PART_ARTICLES = 10_000;
const NEWEST = Date.UTC(2026, 0, 1, 6);
const SPACING_MS = 35 * 60_000;
const EXPORTED_AT = NEWEST + 3 * 86_400_000;
const BODY_CHARS = { least: 1_500, spread: 3_000 };
const SECTIONS = ['中国', '国际', '亚洲', '欧洲', '美洲', '非洲', '中东', '港澳台', '法国', '经贸', '科技与文化', '体育'];
const IMAGES = join(REPO, 'test', 'fixtures', 'images');
const JPEGS = ['hero-red.jpg', 'hero-green.jpg', 'body-grey.jpg'].map((f) => new Uint8Array(readFileSync(join(IMAGES, f))));
/** What the save path writes for an image it did not fetch. */
const NOT_FETCHED = 'not fetched';

/** A small deterministic generator (xorshift32): the same seed gives the same numbers on every run. */
export function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** Article `i`'s own numbers, independent of every other article's (and so of the archive's size). */
const randomFor = (i: number) => random(Math.imul(i + 1, 0x9e3779b1));

/** A valid JPEG of about `size` bytes (within 4; at least the base image's), distinct per `seed`. */
export function realisticJpeg(seed: number, size: number): Uint8Array {
  const base = JPEGS[seed % JPEGS.length]!;
  const out = new Uint8Array(Math.max(size, base.length));
  out.set(base.subarray(0, 2)); // SOI
  let at = 2;
  const next = random(seed + 1);
  // Comment segments (marker, length, at most 65,533 bytes of data) between SOI and the rest of the image.
  for (let left = out.length - base.length; left >= 5;) {
    let data = Math.min(65_533, left - 4);
    if (left - 4 - data > 0 && left - 4 - data < 5) data -= 5;
    out.set([0xff, 0xfe, (data + 2) >> 8, (data + 2) & 0xff], at);
    for (let i = 0; i < data; i++) out[at + 4 + i] = (next() * 256) | 0;
    at += 4 + data;
    left -= 4 + data;
  }
  out.set(base.subarray(2), at);
  return out.subarray(0, at + base.length - 2);
}

/** The real articles the bench's are mixed from, and the script converter for the traditional ones. */
export interface ArticleSource {
  bases: Article[];
  toTraditional: ConvertScript;
}

export async function articleSource(): Promise<ArticleSource> {
  const fromFixtures = pageCases()
    .filter((c) => isArticleCase(c) && c.name !== 'broken')
    .map((c) => extractSnapshot({ html: c.html, url: c.url }, parseHtml));
  const fromCorpus = corpusEntries('rfi').map((e) => extractSnapshot({ html: readFileSync(e.path, 'utf8'), url: '' }, parseHtml));
  const bases = [seedArticle(), ...[...fromFixtures, ...fromCorpus].flatMap((r) => (r.ok && r.article.text.length > 200 ? [r.article] : []))];
  return { bases, toTraditional: remembered(await loadToTraditional()) };
}

export const paragraphsOf = (a: Article) =>
  a.text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 20);

const imageSrc = (i: number, n: number) => {
  const uuid = createHash('md5')
    .update(`${i}/${n}`)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  return `https://s.rfi.fr/media/display/${uuid}/w:1280/p:16x9/${i}-${n}.jpg`;
};

/** Article `i`'s image addresses (hero first; a body image every other article). */
const imageSrcs = (i: number) => [imageSrc(i, 0), ...(i % 2 === 0 ? [imageSrc(i, 1)] : [])];

const image = (i: number, n: number, from: ArticleImage | null): ArticleImage => ({
  src: imageSrc(i, n),
  alt: from?.alt ?? '',
  caption: from?.caption ?? '',
  credit: from?.credit ?? '',
});

/** The images article `i` holds when it holds them: valid JPEGs of 30–80 KB, each distinct. */
function benchImages(i: number): { src: string; data: Uint8Array }[] {
  const next = random(Math.imul(i + 1, 0x85ebca6b));
  return imageSrcs(i).map((src, k) => ({ src, data: realisticJpeg(i * 4 + k, 30_000 + Math.round(next() * 50_000)) }));
}

/** OpenCC's conversion of each text once: articles are mixed from the same few hundred paragraphs and titles. */
function remembered(convert: ConvertScript): ConvertScript {
  const seen = new Map<string, string>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) seen.set(text, (out = convert(text)));
    return out;
  };
}

export interface BenchArticle {
  article: Article;
  savedAt: number;
}

/** Article `i` of every bench archive, mixed from three real ones. */
export function benchArticle(i: number, { bases, toTraditional }: ArticleSource): BenchArticle {
  const next = randomFor(i);
  const pick = () => bases[Math.floor(next() * bases.length)]!;
  const [a, b, c] = [pick(), pick(), pick()];
  const pool = [a, b, c].flatMap(paragraphsOf);
  const paragraphs: string[] = [];
  const length = BODY_CHARS.least + Math.round(next() * BODY_CHARS.spread);
  for (let k = Math.floor(next() * pool.length), chars = 0; chars < length; k = (k + 1) % pool.length) {
    paragraphs.push(pool[k]!);
    chars += pool[k]!.length;
  }
  const traditional = i % 3 === 2;
  const script = traditional ? toTraditional : (s: string) => s;
  const title = script(`${a.title.slice(0, Math.ceil(a.title.length / 2))}${b.title.slice(Math.floor(b.title.length / 2))}`);
  const body = paragraphs.map(script);
  const hero = image(i, 0, a.heroImage);
  const images = i % 2 === 0 ? [image(i, 1, b.heroImage)] : [];
  const figures = images.map(
    (im) => `<figure><img src="${escapeXml(im.src)}" alt="${escapeXml(im.alt)}"><figcaption>${escapeXml(im.caption)}</figcaption></figure>`,
  );
  const html = body.map((p) => `<p>${escapeXml(p)}</p>`);
  html.splice(2, 0, ...figures);
  const section = script(SECTIONS[i % SECTIONS.length]!);
  const publishedAt = NEWEST - i * SPACING_MS - Math.round(next() * SPACING_MS);
  const savedAt = publishedAt + 600_000 + Math.round(next() * 2 * 86_400_000);
  const day = new Date(publishedAt).toISOString();
  const url = `https://www.rfi.fr/${traditional ? 'tw' : 'cn'}/${encodeURIComponent(section)}/${day.slice(0, 10).replace(/-/g, '')}-${encodeURIComponent(title.slice(0, 16))}-${i}`;
  const lead = script(a.lead);
  const text = body.join('\n\n');
  const article: Article = {
    ...a,
    url,
    canonicalUrl: url,
    lang: traditional ? 'zh-Hant' : 'zh-Hans',
    title,
    lead,
    section,
    publishedAt: day.replace('Z', '+00:00').replace(/\.\d+/, ''),
    modifiedAt: '',
    heroImage: hero,
    images,
    contentHtml: html.join(''),
    text,
    length: countCharacters(`${lead}${text}`),
    readingMinutes: readingMinutes(`${lead}\n${text}`),
    extractedBy: 'rfi',
    warnings: [],
  };
  return { article, savedAt };
}

/**
 * The record as a backup holds it. Its derived fields are derived as prepareRecord does, without the sanitizing
 * (4 ms an article in jsdom; the body here is built escaped), which the import does again anyway.
 */
function savedRecord(article: Article, savedAt: number, images: SavedImageRef[]): SavedArticle {
  const stored = images.filter(isStoredRef);
  return {
    url: articleKeyOf(article)!,
    article,
    savedAt,
    updatedAt: savedAt,
    images,
    imageHashes: [...new Set(stored.map((r) => r.hash))],
    bytes: utf8Length(JSON.stringify(article)) + stored.reduce((sum, r) => sum + r.bytes, 0),
  };
}

/** Whether a query's terms select a folded text, by the archive's rule (every term a substring), computed plainly. */
const selects = (terms: string[], text: string) => terms.every((term) => text.includes(term));

export interface PartFacts {
  count: number;
  withImages: number;
  images: number;
  /** Per query, the articles of this part it selects. */
  hits: Record<string, number>;
}

/**
 * Articles `from` to `to` (excluded) as one backup file. Its images go in first, so that `backup.json`, written
 * last, streams too (the ZIP writer holds an entry's data until the one before it has ended).
 */
export function writePart(path: string, from: number, to: number, source: ArticleSource, queries: string[]): PartFacts {
  const refs = new Map<number, SavedImageRef[]>();
  let imageCount = 0;
  function* images(): Generator<BackupImageBytes> {
    for (let i = from; i < Math.min(to, WITH_IMAGES); i++) {
      const own: SavedImageRef[] = [];
      for (const { src, data } of benchImages(i)) {
        const hash = createHash('sha256').update(data).digest('hex');
        own.push({ src, hash, type: 'image/jpeg', bytes: data.length });
        imageCount++;
        yield { hash, type: 'image/jpeg', bytes: data.length, data };
      }
      refs.set(i, own);
    }
  }
  const terms = queries.map((q) => queryTerms(q));
  const hits = new Array<number>(queries.length).fill(0);
  function* articles(): Generator<SavedArticle> {
    for (let i = from; i < to; i++) {
      const { article, savedAt } = benchArticle(i, source);
      const folded = foldForSearch(`${article.title}\n${article.lead}\n${article.text}`);
      terms.forEach((t, q) => (hits[q]! += selects(t, folded) ? 1 : 0));
      yield savedRecord(article, savedAt, refs.get(i) ?? articleImageSources(article).map((src) => ({ src, missing: NOT_FETCHED })));
    }
  }
  writeBackupFile(path, EXPORTED_AT, images(), articles());
  return {
    count: to - from,
    withImages: Math.max(0, Math.min(to, WITH_IMAGES) - from),
    images: imageCount,
    hits: Object.fromEntries(queries.map((q, k) => [q, hits[k]!])),
  };
}

/** The written file read back by the import's own reader, which checks all of it (nothing is written anywhere). */
async function checkPart(path: string, facts: PartFacts): Promise<void> {
  const { manifest, images } = await readBackup(await openAsBlob(path));
  if (manifest.articles.length !== facts.count) throw new Error(`${path}: ${manifest.articles.length} articles, not ${facts.count}`);
  const size = statSync(path).size;
  if (size > BACKUP_LIMITS.fileBytes) throw new Error(`${path}: ${size} bytes, over the import's limit`);
  if (images.size !== facts.images) throw new Error(`${path}: ${images.size} images, not ${facts.images}`);
}

export interface BenchArchive {
  count: number;
  withImages: number;
  /** Backup files, to be imported one after the other. */
  parts: { path: string; bytes: number; count: number }[];
  bytes: number;
  /** For each query, how many articles of the archive it selects. */
  hits: Map<string, number>;
  /** Seconds spent making the files in Node (0 when they all came from the cache). */
  madeInSeconds: number;
}

/** The archive of `count` articles; its files are cached in the temporary folder, keyed by this generator's code. */
export async function benchArchive(count: number, queries: string[], source?: ArticleSource): Promise<BenchArchive> {
  const started = performance.now();
  let made = false;
  const src = source ?? (await articleSource());
  const key = createHash('sha256')
    .update(GENERATOR_VERSION)
    .update(await readFile(join(REPO, 'src', 'archive', 'backup', 'format.ts')))
    .update(await readFile(join(REPO, 'src', 'archive', 'records.ts')))
    .update(await readFile(join(REPO, 'src', 'archive', 'prepare.ts')))
    .update(String(src.bases.length))
    .digest('hex')
    .slice(0, 12);
  const parts: BenchArchive['parts'] = [];
  const hits = new Map(queries.map((q) => [q, 0]));
  for (let from = 0; from < count; from += PART_ARTICLES) {
    const to = Math.min(count, from + PART_ARTICLES);
    const path = join(tmpdir(), `rfi-bench-archive-${key}-${from}-${to}.zip`);
    const factsPath = path.replace(/\.zip$/, '.json');
    let facts = existsSync(path) && existsSync(factsPath) ? (JSON.parse(await readFile(factsPath, 'utf8')) as PartFacts) : null;
    if (!facts || queries.some((q) => !(q in facts!.hits))) {
      made = true;
      facts = writePart(path, from, to, src, queries);
      await checkPart(path, facts);
      await writeFile(factsPath, JSON.stringify(facts));
    }
    parts.push({ path, bytes: statSync(path).size, count: facts.count });
    for (const q of hits.keys()) hits.set(q, hits.get(q)! + facts.hits[q]!);
  }
  return {
    count,
    withImages: Math.min(count, WITH_IMAGES),
    parts,
    bytes: parts.reduce((sum, p) => sum + p.bytes, 0),
    hits,
    madeInSeconds: made ? (performance.now() - started) / 1000 : 0,
  };
}

/** Words from no RFI article here (checked at run time: a query that turns out to hit is counted as a hit). */
const MISSES = [
  '量子纠缠',
  '熊猫宝宝',
  '自由泳冠军',
  '火星探测车',
  '榴莲蛋糕',
  '围棋棋谱',
  '冰壶比赛',
  '敦煌壁画',
  '龙舟竞渡',
  '苏州刺绣',
  '帆船环球',
  '沙尘暴预警',
  '茶叶拍卖',
  '熊貓寶寶',
  '龍舟競渡',
  '敦煌壁畫',
  '蘇州刺繡',
  '沙塵暴預警',
  '量子糾纏',
  '冰壺比賽',
];
const HAN = /^[\u4e00-\u9fff]+$/;

/**
 * At least `total` realistic queries: two- to four-character words cut from the articles' bodies and titles, in
 * simplified and in traditional script, some of two words, and words that match nothing.
 */
export function benchQueries({ bases, toTraditional }: ArticleSource, total = 110): string[] {
  const next = random(2024);
  const words: string[] = [];
  while (words.length < total - MISSES.length) {
    const a = bases[Math.floor(next() * bases.length)]!;
    const source = next() < 0.3 ? a.title : a.text;
    const length = 2 + Math.floor(next() * 3);
    const at = Math.floor(next() * Math.max(1, source.length - length));
    const word = source.slice(at, at + length);
    if (!HAN.test(word)) continue;
    const roll = next();
    if (roll < 0.35) words.push(toTraditional(word));
    else if (roll < 0.45 && words.length) words.push(`${words[words.length - 1]!} ${word}`);
    else words.push(word);
  }
  // Misses spread among the hits, as a reader's queries come.
  const out = [...words];
  MISSES.forEach((m, k) => out.splice(Math.floor(((k + 1) * out.length) / (MISSES.length + 1)), 0, m));
  return out;
}
