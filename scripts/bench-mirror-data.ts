/**
 * A feed mirror as a reader downloads it (the ZIP of a whole mirror repository), for the archive bench's mirror
 * import: 20,000 `.md` files in the seed's format (src/core/feed-mirror.ts), deterministic.
 *
 * - RFI's Chinese service, /cn/ and /tw/ mixed: the bench's own articles (scripts/bench-archive-data.ts) from
 *   FIRST_ARTICLE on, rendered as the feed flattens them (display time in Paris time, hero image, lead, body, and on
 *   some the mirror's footer), in `articles/rfi/` and, with the title in the name, `articles/法广/`; the first
 *   1,000 are the oldest articles of the 100,000-article bench archive, already there when it is imported into it;
 * - republished entries: the same address again, years later, under a new file name;
 * - other outlets in the same format (DW, Reuters, FT Chinese), which the import must skip;
 * - files that are no entry: the repository's README and broken files (empty, cut short, a saved page).
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../src/core/article';
import { parisOffsetMinutes } from '../src/core/paris-time';
import { escapeXml } from '../src/export/escape';
import { REPO } from '../test/support/corpus';
import { articleSource, benchArticle, paragraphsOf, random, type ArticleSource } from './bench-archive-data';
import { ZipFile } from './zip-file';

/** Change it whenever the files made here change: it names the cached ZIP. */
const GENERATOR_VERSION = 'bench-mirror-1';
/** The bench article the mirror's first RFI entry is: the 100,000-article archive holds it and the next 999. */
export const FIRST_ARTICLE = 99_000;
const ROOT = 'news-main';

/** How many files of each kind; the default is 20,000 `.md` files. */
export interface MirrorPlan {
  rfi: number;
  republished: number;
  otherOutlets: number;
  /** The README among them. */
  notEntries: number;
}

export const MIRROR_PLAN: MirrorPlan = { rfi: 19_400, republished: 200, otherOutlets: 390, notEntries: 10 };

export interface BenchMirror {
  zipPath: string;
  bytes: number;
  plan: MirrorPlan;
  /** Distinct RFI addresses among the entries, by edition. */
  cn: number;
  tw: number;
  /** Seconds spent making it (0 when it came from the cache). */
  madeInSeconds: number;
}

/** The entries' RFI articles that an archive of the bench's first `archiveSize` articles holds already. */
export const alreadyIn = (archiveSize: number, plan: MirrorPlan = MIRROR_PLAN) => Math.max(0, Math.min(archiveSize, FIRST_ARTICLE + plan.rfi) - FIRST_ARTICLE);

const pad = (n: number) => String(n).padStart(2, '0');

/** `26/09/2023 - 10:44`: how RFI, and so the feed, shows a time (Paris time). */
function displayTime(ms: number): string {
  const paris = new Date(ms + parisOffsetMinutes(ms) * 60_000);
  return `${pad(paris.getUTCDate())}/${pad(paris.getUTCMonth() + 1)}/${paris.getUTCFullYear()} - ${pad(paris.getUTCHours())}:${pad(paris.getUTCMinutes())}`;
}

/** The mirror writes an entry's title as Markdown link text that keeps the feed's HTML entities. */
const header = (feedTimeMs: number, title: string, url: string) => `<!--${feedTimeMs}-->\n[${escapeXml(title)}](${url})\n------\n\n`;

const FOOTER = '<div><p>获取更多RSS：</p><p><a href="https://feedx.net">https://feedx.net</a></p></div>';

/** An RFI article as the feed flattens it, with the whitespace between tags removed as the mirror does. */
export function rfiEntry(article: Article, feedTimeMs: number, footer: boolean): string {
  const published = Date.parse(article.publishedAt);
  const hero = article.heroImage ? `<img src="${escapeXml(article.heroImage.src)}">` : '';
  return (
    header(feedTimeMs, article.title, article.url) +
    `<div>${displayTime(published)}</div>${hero}<p><strong>${escapeXml(article.lead)}</strong></p><div>${article.contentHtml}</div>${footer ? FOOTER : ''}`
  );
}

type Outlet = { folder: string; entry: (n: number, title: string, paragraphs: string[], at: number) => { name: string; text: string } };

const slug = (title: string) => title.replace(/[\s/\\:*?"<>|]+/g, '').slice(0, 40);
const paragraphs = (ps: string[]) => ps.map((p) => `<p>${escapeXml(p)}</p>`).join('');

const OUTLETS: Outlet[] = [
  {
    folder: 'dw',
    entry: (n, title, ps, at) => ({
      name: `${1_022_000 + n}.md`,
      text:
        header(at, title, `https://www.dw.com/zh/${encodeURIComponent(title)}/a-${71_000_000 + n}`) +
        `<div><img src="https://images.weserv.nl/?url=static.dw.com/image/${71_000_000 + n}_303.jpg" width="100%"><br><b>${escapeXml(title)}</b>：${escapeXml(ps.join(''))}</div>${FOOTER}`,
    }),
  },
  {
    folder: '路透',
    entry: (n, title, ps, at) => ({
      name: `${1_044_000 + n}_${slug(title)}.md`,
      text:
        header(at, title, `https://cn.reuters.com/article/story-${n}-idCNKBS${(100_000 + n).toString(36).toUpperCase()}`) +
        `<div><i>${new Date(at).toISOString().replace(/\.\d+/, '')}</i></div>${paragraphs(ps)}`,
    }),
  },
  {
    folder: '金融时报',
    entry: (n, title, ps, at) => ({
      name: `${1_047_000 + n}_${slug(title)}.md`,
      text:
        header(at, title, `https://www.ftchinese.com/story/001${100_000 + n}`) +
        `<div class="story-lead">${escapeXml(ps[0] ?? '')}</div><div class="story-body">${paragraphs(ps.slice(1))}<div class="o-ads in-article-advert"></div></div>`,
    }),
  },
];

/** Files a mirror repository holds that are no entry: each is refused for what it is. */
const BROKEN = [
  () => '',
  (at: number) => `<!--${at}-->\n[习近平`,
  (at: number) => `<!--${at}-->\n[一则没有链接的标题]\n------\n\n<p>正文</p>`,
  () => '<!DOCTYPE html><html><head><title>404</title></head><body><p>Not Found</p></body></html>',
  (at: number) => `<!--${at}-->\n[标题](https://www.rfi.fr/cn/`,
];

const README = `# news\n\nNews feeds mirrored as one Markdown file per item, updated every hour.\n`;

/** Writes the mirror ZIP; returns the distinct RFI addresses by edition. */
export function writeMirror(path: string, source: ArticleSource, plan: MirrorPlan = MIRROR_PLAN): { cn: number; tw: number } {
  const zip = new ZipFile(path);
  try {
    const folders = ['', 'articles/', 'articles/rfi/', 'articles/法广/', ...OUTLETS.map((o) => `articles/${o.folder}/`)];
    for (const folder of folders) zip.stored(`${ROOT}/${folder}`, new Uint8Array());
    const next = random(2025);
    const text = (name: string, content: string) => {
      const entry = zip.text(`${ROOT}/${name}`);
      entry.write(content);
      entry.end();
    };
    text('README.md', README);
    const editions = { cn: 0, tw: 0 };
    const republished: Article[] = [];
    for (let j = 0; j < plan.rfi; j++) {
      const { article } = benchArticle(FIRST_ARTICLE + j, source);
      editions[article.lang === 'zh-Hant' ? 'tw' : 'cn']++;
      const feedTime = Date.parse(article.publishedAt) + Math.round(next() * 3_600_000);
      const id = 1_100_000 + j;
      const name = j % 10 === 9 ? `articles/法广/${id}_${slug(article.title)}.md` : `articles/rfi/${id}.md`;
      text(name, rfiEntry(article, feedTime, j % 3 === 0));
      if (republished.length < plan.republished && j % Math.max(1, Math.floor(plan.rfi / Math.max(1, plan.republished))) === 0) republished.push(article);
    }
    republished.forEach((article, k) => {
      // Republished by the feed one to three years later, under a new id.
      const feedTime = Date.parse(article.publishedAt) + Math.round((1 + next() * 2) * 365 * 86_400_000);
      text(`articles/法广/${1_200_000 + k}_${slug(article.title)}.md`, rfiEntry(article, feedTime, true));
    });
    const pool = source.bases.flatMap(paragraphsOf);
    for (let n = 0; n < plan.otherOutlets; n++) {
      const outlet = OUTLETS[n % OUTLETS.length]!;
      const base = source.bases[Math.floor(next() * source.bases.length)]!;
      const ps = Array.from({ length: 2 + Math.floor(next() * 5) }, () => pool[Math.floor(next() * pool.length)]!);
      const { name, text: content } = outlet.entry(n, base.title, ps, Date.UTC(2024, 0, 1) - n * 7_200_000);
      text(`articles/${outlet.folder}/${name}`, content);
    }
    for (let n = 0; n < plan.notEntries - 1; n++) text(`articles/rfi/${1_300_000 + n}.md`, BROKEN[n % BROKEN.length]!(Date.UTC(2024, 5, 1)));
    zip.close();
    return editions;
  } catch (err) {
    zip.discard();
    throw err;
  }
}

/** The mirror ZIP, cached in the temporary folder, keyed by this generator's code and the articles' sources. */
export async function benchMirror(source?: ArticleSource): Promise<BenchMirror> {
  const started = performance.now();
  const src = source ?? (await articleSource());
  const key = createHash('sha256')
    .update(GENERATOR_VERSION)
    .update(await readFile(join(REPO, 'scripts', 'bench-archive-data.ts')))
    .update(String(src.bases.length))
    .digest('hex')
    .slice(0, 12);
  const zipPath = join(tmpdir(), `rfi-bench-mirror-${key}.zip`);
  const factsPath = zipPath.replace(/\.zip$/, '.json');
  let made = false;
  if (!existsSync(zipPath) || !existsSync(factsPath)) {
    made = true;
    await writeFile(factsPath, JSON.stringify(writeMirror(zipPath, src)));
  }
  const editions = JSON.parse(await readFile(factsPath, 'utf8')) as { cn: number; tw: number };
  return { zipPath, bytes: statSync(zipPath).size, plan: MIRROR_PLAN, ...editions, madeInSeconds: made ? (performance.now() - started) / 1000 : 0 };
}
