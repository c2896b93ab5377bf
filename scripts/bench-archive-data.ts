/**
 * The data behind scripts/bench-archive.ts: an archive of N realistic articles, made in Node by the archive
 * module itself (over fake-indexeddb) and exported as a backup ZIP, plus the search queries to time against it.
 *
 * Articles are mixed from real RFI text (the seed, the full-page fixtures, ../shared/rfi-corpus when present) into
 * distinct URLs, titles, sections and dates: about 3,000 characters of body each, a third of them in traditional
 * script (rfi.fr/tw), each with a hero image and every other one with a body image. Images are valid JPEGs of
 * 30–80 KB: a small real JPEG from test/fixtures/images grown with comment segments of random bytes (which, like
 * real JPEG data, do not compress).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHtml } from '../src/cli/parse-html';
import { loadToTraditional, type ConvertScript } from '../src/core/chinese-script';
import type { Article, ArticleImage } from '../src/core/article';
import { extractSnapshot } from '../src/core/extract';
import { countCharacters, readingMinutes } from '../src/core/text-measures';
import { escapeXml } from '../src/export/escape';
import { foldForSearch, queryTerms } from '../src/archive/search-text';
import { freshArchive, manualClock, seedArticle } from '../test/support/archive';
import { REPO, corpusEntries } from '../test/support/corpus';
import { isArticleCase, pageCases } from '../test/support/page-fixtures';

/** Change it whenever the articles or images made here change: it names the cached ZIP. */
const GENERATOR_VERSION = 'bench-archive-2';
const BODY_CHARS = 3_000;
const SECTIONS = ['中国', '国际', '亚洲', '欧洲', '美洲', '非洲', '中东', '港澳台', '法国', '经贸', '科技与文化', '体育'];
const IMAGES = join(REPO, 'test', 'fixtures', 'images');
const JPEGS = ['hero-red.jpg', 'hero-green.jpg', 'body-grey.jpg'].map((f) => new Uint8Array(readFileSync(join(IMAGES, f))));

/** A small deterministic generator (xorshift32): the same N gives the same archive on every run. */
export function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

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

function baseArticles(): Article[] {
  const fromFixtures = pageCases()
    .filter((c) => isArticleCase(c) && c.name !== 'broken')
    .map((c) => extractSnapshot({ html: c.html, url: c.url }, parseHtml));
  const fromCorpus = corpusEntries('rfi').map((e) => extractSnapshot({ html: readFileSync(e.path, 'utf8'), url: '' }, parseHtml));
  return [seedArticle(), ...[...fromFixtures, ...fromCorpus].flatMap((r) => (r.ok && r.article.text.length > 200 ? [r.article] : []))];
}

const paragraphsOf = (a: Article) =>
  a.text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 20);

function image(i: number, n: number, from: ArticleImage | null): ArticleImage {
  const uuid = createHash('md5')
    .update(`${i}/${n}`)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  return {
    src: `https://s.rfi.fr/media/display/${uuid}/w:1280/p:16x9/${i}-${n}.jpg`,
    alt: from?.alt ?? '',
    caption: from?.caption ?? '',
    credit: from?.credit ?? '',
  };
}

/** Article `i` of the archive, mixed from three real ones. */
function mixedArticle(i: number, bases: Article[], toTraditional: ConvertScript, publishedAt: number): Article {
  const [a, b, c] = [bases[i % bases.length]!, bases[(i * 7 + 3) % bases.length]!, bases[(i * 13 + 5) % bases.length]!];
  const pool = [a, b, c].flatMap(paragraphsOf);
  const paragraphs: string[] = [];
  for (let k = i % pool.length, chars = 0; chars < BODY_CHARS; k = (k + 1) % pool.length) {
    paragraphs.push(pool[k]!);
    chars += pool[k]!.length;
  }
  const traditional = i % 3 === 2;
  const script = traditional ? toTraditional : (s: string) => s;
  const title = script(i < bases.length ? a.title : `${a.title.slice(0, Math.ceil(a.title.length / 2))}${b.title.slice(Math.floor(b.title.length / 2))}`);
  const body = paragraphs.map(script);
  const hero = image(i, 0, a.heroImage);
  const images = i % 2 === 0 ? [image(i, 1, b.heroImage)] : [];
  const figures = images.map(
    (im) => `<figure><img src="${escapeXml(im.src)}" alt="${escapeXml(im.alt)}"><figcaption>${escapeXml(im.caption)}</figcaption></figure>`,
  );
  const html = body.map((p) => `<p>${escapeXml(p)}</p>`);
  html.splice(2, 0, ...figures);
  const section = script(SECTIONS[i % SECTIONS.length]!);
  const day = new Date(publishedAt).toISOString();
  const url = `https://www.rfi.fr/${traditional ? 'tw' : 'cn'}/${encodeURIComponent(section)}/${day.slice(0, 10).replace(/-/g, '')}-${encodeURIComponent(title.slice(0, 16))}-${i}`;
  const lead = script(a.lead);
  const text = body.join('\n\n');
  return {
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
}

export interface BenchArchive {
  /** The backup ZIP of the whole archive. */
  zipPath: string;
  zipBytes: number;
  count: number;
  /** Folded title, lead and text of every article, as the archive's search matches them. */
  texts: string[];
  /** Seconds spent making the archive in Node (0 when the ZIP came from the cache). */
  madeInSeconds: number;
}

/** The archive of `count` articles; its ZIP is cached in the temporary folder, keyed by this generator's code. */
export async function benchArchive(count: number): Promise<BenchArchive> {
  const bases = baseArticles();
  const toTraditional = await loadToTraditional();
  const clock = manualClock(Date.UTC(2023, 0, 1, 6));
  const next = random(count);
  const articles: Article[] = [];
  const savedAt: number[] = [];
  for (let i = 0; i < count; i++) {
    clock.advance(Math.round(600_000 + next() * 3 * 3_600_000));
    savedAt.push(clock.now());
    articles.push(mixedArticle(i, bases, toTraditional, clock.now() - Math.round(next() * 2 * 86_400_000)));
  }
  const texts = articles.map((a) => foldForSearch(`${a.title}\n${a.lead}\n${a.text}`));
  const key = createHash('sha256')
    .update(GENERATOR_VERSION)
    .update(await readFile(join(REPO, 'src', 'archive', 'backup', 'format.ts')))
    .update(await readFile(join(REPO, 'src', 'archive', 'prepare.ts')))
    .update(String(bases.length))
    .digest('hex')
    .slice(0, 12);
  const zipPath = join(tmpdir(), `rfi-bench-archive-${count}-${key}.zip`);
  if (existsSync(zipPath)) return { zipPath, zipBytes: statSync(zipPath).size, count, texts, madeInSeconds: 0 };

  const started = performance.now();
  let at = 0;
  // The export after the last save is timed as that save.
  const { archive } = await freshArchive(() => savedAt[Math.min(at, count - 1)]!);
  for (at = 0; at < count; at++) {
    const article = articles[at]!;
    const srcs = [article.heroImage!.src, ...article.images.map((im) => im.src)];
    const fetched = srcs.map((src, k) => ({ src, bytes: realisticJpeg(at * 4 + k, 30_000 + Math.round(next() * 50_000)), type: 'image/jpeg' as const }));
    await archive.save(article, fetched);
  }
  const zip = new Uint8Array(await (await archive.exportBackup()).arrayBuffer());
  archive.close();
  await writeFile(zipPath, zip);
  return { zipPath, zipBytes: zip.length, count, texts, madeInSeconds: (performance.now() - started) / 1000 };
}

/** How many of `texts` a query selects, by the archive's rule (every folded term a substring), computed plainly. */
export function expectedHits(texts: string[], query: string): number {
  const terms = queryTerms(query);
  return texts.filter((t) => terms.every((term) => t.includes(term))).length;
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
export async function benchQueries(total = 110): Promise<string[]> {
  const bases = baseArticles();
  const toTraditional = await loadToTraditional();
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
