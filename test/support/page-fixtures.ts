/**
 * The full-page fixtures, one folder a case under test/fixtures/pages/ (layout in that folder's README): the one
 * reader of those files, for every test, benchmark and script.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleImage } from '../../src/core/article';
import { REPO } from './corpus';

export const PAGE_FIXTURES = join(REPO, 'test/fixtures/pages');

export interface ExpectedImage extends ArticleImage {
  /** Equivalent addresses of the same picture (the `image/webp` source of the same width). */
  acceptAlso?: string[];
  note?: string;
}

/** What expected.json says of a page, its `url` aside; the README describes each key. */
export interface PageExpectation {
  kind: string;
  reason?: string;
  /** The message key of the refusal, where the case is about one reason. */
  reasonKey?: string;
  urlSaysArticle?: boolean;
  lang?: string;
  title?: string;
  lead?: string;
  byline?: string;
  section?: string;
  tags?: string[];
  publishedAt?: string;
  modifiedAt?: string;
  canonicalUrl?: string;
  heroImage?: ExpectedImage | null;
  images?: ExpectedImage[];
  optionalImages?: ExpectedImage[];
  paragraphs?: string[];
  optional?: string[];
  mustNotContain?: string[];
  expectLayoutWarning?: boolean;
  /** Fields (`lang`, `heroImage.caption`…) that a generic fallback may leave empty, never get wrong. */
  lenient?: string[];
  truncated?: boolean;
  video?: { provider: string; id: string; embedUrl: string };
  audio?: { contentUrl: string; duration: string; durationSeconds: number; thumbnailUrl?: string; programme?: string };
  articleLinks?: string[];
  asideLinks?: string[];
  referenceParagraphs?: string[];
  referenceMustNotContain?: string[];
  notes?: string;
}

/** An article's expectation: the fields every article case holds. */
export type ArticleExpectation = PageExpectation &
  Required<
    Pick<
      PageExpectation,
      'lang' | 'title' | 'lead' | 'byline' | 'section' | 'tags' | 'publishedAt' | 'modifiedAt' | 'canonicalUrl' | 'images' | 'paragraphs' | 'mustNotContain'
    >
  > & {
    heroImage: ExpectedImage | null;
  };

export interface PageCase<E extends PageExpectation = PageExpectation> {
  /** The folder's name, e.g. `cn-article`. */
  name: string;
  /** The address the page is served at. */
  url: string;
  expect: E;
  html: string;
  /** The case whose page this one is built from (derive.json), if any. */
  base?: string;
}

/** A case built from another one's page: the base's address becomes the case's own, then each `from` becomes `to`. */
interface Derivation {
  base: string;
  replace: { from: string; to: string }[];
}

const dirOf = (name: string): string => join(PAGE_FIXTURES, name);

/** Every case's name, in file-name order. */
export function pageCaseNames(): string[] {
  return readdirSync(PAGE_FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function expectedFile(name: string): string {
  return join(dirOf(name), 'expected.json');
}

/** The page as a file of its own, for tools that read files (the CLI); a derived case has none. */
export function sourceFile(name: string): string {
  const path = join(dirOf(name), 'source.html');
  if (!existsSync(path)) throw new Error(`page fixture ${name} has no source.html of its own (it is derived)`);
  return path;
}

function readExpected(name: string): { url: string; expect: PageExpectation } {
  const path = expectedFile(name);
  if (!existsSync(path)) throw new Error(`no page fixture ${name} (no ${path})`);
  const { url, ...expect } = JSON.parse(readFileSync(path, 'utf8')) as { url: string } & PageExpectation;
  return { url, expect };
}

function derivedHtml(name: string, url: string): { html: string; base: string } | null {
  const recipe = join(dirOf(name), 'derive.json');
  if (!existsSync(recipe)) return null;
  const { base, replace } = JSON.parse(readFileSync(recipe, 'utf8')) as Derivation;
  const from = pageCase(base);
  let html = from.html.split(from.url).join(url);
  for (const r of replace) {
    // A replacement that no longer matches would leave the base page unchanged under another name.
    if (!html.includes(r.from)) throw new Error(`page fixture ${name}: ${base}'s page no longer holds ${JSON.stringify(r.from)}`);
    html = html.split(r.from).join(r.to);
  }
  return { html, base };
}

export function pageCase(name: string): PageCase {
  const { url, expect } = readExpected(name);
  const derived = derivedHtml(name, url);
  if (derived) return { name, url, expect, ...derived };
  return { name, url, expect, html: readFileSync(sourceFile(name), 'utf8') };
}

export function pageCases(): PageCase[] {
  return pageCaseNames().map(pageCase);
}

export function isArticleCase(c: PageCase): c is PageCase<ArticleExpectation> {
  return c.expect.kind === 'article';
}

/** A case that expects an article; throws for the others, so a test cannot read a listing's empty fields. */
export function articleCase(name: string): PageCase<ArticleExpectation> {
  const c = pageCase(name);
  if (!isArticleCase(c)) throw new Error(`page fixture ${name} is not an article (${c.expect.kind})`);
  return c;
}
