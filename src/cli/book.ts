import { createHash } from 'node:crypto';
import type { Article, Lang } from '../core/article';
import type { ExportWindow } from '../export/article-element';
import { primaryLang } from '../export/collection';
import { epubExport } from '../export/epub';
import type { ExportFile } from '../export/export-item';

/**
 * The one book `--format epub` makes of every article it read, through the extension's own EPUB code. Everything
 * in it comes from the articles, never from the clock or the order of the inputs, so the same articles give the
 * same bytes.
 */

/** The instant an ISO date with offset stands for (compared as text, `+02:00` and `+00:00` dates would misorder). */
const instant = (iso: string): number | null => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
};

/** Code-unit order: the same on every machine, unlike a locale's collation. */
const byAddress = (a: Article, b: Article) => (a.canonicalUrl < b.canonicalUrl ? -1 : a.canonicalUrl > b.canonicalUrl ? 1 : 0);

/**
 * Oldest first, as a book is read front to back and news follows what it reports on; the same date is ordered by
 * address; undated articles come last.
 */
function bookOrder(articles: Article[]): Article[] {
  return [...articles].sort((a, b) => {
    const [ta, tb] = [instant(a.publishedAt), instant(b.publishedAt)];
    if (ta === tb) return byAddress(a, b);
    if (ta === null || tb === null) return ta === null ? 1 : -1;
    return ta - tb;
  });
}

const BOOK_TITLE: Record<Lang, (count: number) => string> = {
  'zh-Hans': (count) => `RFI 华语 — ${count} 篇文章`,
  'zh-Hant': (count) => `RFI 華語 — ${count} 篇文章`,
};

/** A UUID namespace of this project's own: no other name-based UUID falls in it. */
const NAMESPACE = Buffer.from('6965fcc98e05429197311e668c75fd20', 'hex');

/**
 * A name-based (version 5) UUID of the set of addresses: EPUB keeps a book's identifier across its revisions and
 * tells them apart by dcterms:modified, so a corrected article makes a newer edition of the same book.
 */
function bookIdentifier(articles: Article[]): string {
  const name = [...new Set(articles.map((a) => a.canonicalUrl))].sort().join('\n');
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A ZIP stamps its files in local time from 1980 to 2099, a day kept either side for any time zone. */
const ZIP_FIRST = Date.UTC(1980, 0, 2);
const ZIP_LAST = Date.UTC(2099, 11, 30);

/** The newest publication or modification among the articles; a date no ZIP can hold (a broken feed's) is not one. */
function newestDate(articles: Article[]): Date {
  let newest = ZIP_FIRST;
  for (const article of articles) {
    for (const time of [instant(article.publishedAt), instant(article.modifiedAt)]) {
      if (time !== null && time <= ZIP_LAST && time > newest) newest = time;
    }
  }
  return new Date(newest);
}

/**
 * The book of `articles`, without their images: the CLI has no network and an EPUB may not load pictures from
 * the web, so each image is left out and its caption kept. One article keeps its headline as the book's title.
 */
export function articlesBook(articles: Article[], win: ExportWindow): ExportFile {
  const ordered = bookOrder(articles);
  return epubExport(
    ordered.map((article) => ({ article, images: new Map() })),
    win,
    {
      identifier: bookIdentifier(ordered),
      modified: newestDate(ordered),
      title: ordered.length > 1 ? BOOK_TITLE[primaryLang(ordered)](ordered.length) : undefined,
    },
  );
}
