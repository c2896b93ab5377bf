import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import type { Article } from '../core/article';
import { extractSnapshot } from '../core/extract';
import type { ExportWindow } from '../export/article-element';
import { articleSlug, UniqueNames } from '../export/file-names';
import { articleToMarkdown } from '../export/markdown';
import { articleToText } from '../export/plain-text';
import { standaloneHtml } from '../export/standalone-html';
import { parseHtml } from './parse-html';
import { english } from './english';
import { message } from '../core/message';
import { errorText } from '../core/error-text';
import { articlesBook } from './book';

const USAGE = `Usage: rfi-reader extract <file|dir>... [--format json|html|md|text|epub] [--out DIR]

Reads saved RFI pages (.html) and feed-mirror entries (.md, .txt) and prints the clean article.
A directory is read recursively as a batch. Exit status: 0 done, 1 usage or read error, 2 the only input is not
an RFI Chinese article (with epub: no input is).

--format epub makes ONE book of every article read, oldest first (then by address), with a table of contents,
written to --out DIR or to standard output (> book.epub). It holds no images, only their captions: the CLI does
not download, and a book may not load pictures from the web.`;

type Format = 'json' | 'html' | 'md' | 'text' | 'epub';
const FORMATS: Record<Format, string> = { json: 'json', html: 'html', md: 'md', text: 'txt', epub: 'epub' };
const INPUT_EXTENSIONS = new Set(['.html', '.htm', '.md', '.txt', '.xhtml']);

interface Options {
  inputs: string[];
  format: Format;
  out: string | null;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command !== 'extract') throw new UsageError(command ? `Unknown command: ${command}` : 'No command given.');
  const options: Options = { inputs: [], format: 'json', out: null };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--format' || arg === '-f') {
      const value = rest[++i] as Format | undefined;
      if (!value || !(value in FORMATS)) throw new UsageError(`--format takes one of ${Object.keys(FORMATS).join(', ')}.`);
      options.format = value;
    } else if (arg === '--out' || arg === '-o') {
      const value = rest[++i];
      if (!value) throw new UsageError('--out takes a directory.');
      options.out = value;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option: ${arg}`);
    } else {
      options.inputs.push(arg);
    }
  }
  if (!options.inputs.length) throw new UsageError('No input file or directory given.');
  return options;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return INPUT_EXTENSIONS.has(extname(entry.name).toLowerCase()) ? [path] : [];
    });
}

let exportWindow: ExportWindow | null = null;
/** One DOM window for every export of the run: building a jsdom window per article would dominate a batch. */
const windowForExport = (): ExportWindow => (exportWindow ??= parseHtml('', 'about:blank').defaultView!);

function render(article: Article, format: Exclude<Format, 'epub'>): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(article, null, 2)}\n`;
    case 'md':
      return articleToMarkdown(article, windowForExport());
    case 'text':
      return articleToText(article);
    // The CLI has no image bytes: the page keeps the images' web addresses.
    case 'html':
      return standaloneHtml([{ article, images: new Map() }], windowForExport(), { remoteImages: true }).content;
  }
}

/** The book of every article read; false, and nothing written, when there is none. */
function writeBook(articles: Article[], out: string | null): boolean {
  if (!articles.length) {
    process.stderr.write('rfi-reader: no input is an RFI Chinese article: no book written\n');
    return false;
  }
  const book = articlesBook(articles, windowForExport());
  if (!out) process.stdout.write(book.content);
  else {
    writeFileSync(join(out, book.fileName), book.content);
    process.stderr.write(`${join(out, book.fileName)}: ${articles.length} articles\n`);
  }
  return true;
}

export async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`rfi-reader: ${error.message}\n\n${USAGE}\n`);
    return 1;
  }
  const files: string[] = [];
  let batch = options.inputs.length > 1;
  for (const input of options.inputs) {
    try {
      if (statSync(input).isDirectory()) {
        batch = true;
        files.push(...filesUnder(input));
      } else files.push(input);
    } catch {
      process.stderr.write(`rfi-reader: cannot read ${input}: no such file or directory\n`);
      if (!batch && options.inputs.length === 1) return 1;
    }
  }
  if (options.out) mkdirSync(options.out, { recursive: true });

  const articles: Article[] = [];
  // The extension's own file names: bidi and control characters, separators, `..` and device names cannot
  // reach the file system, and two titles that differ only in case do not overwrite each other.
  const names = new UniqueNames();
  let refused = 0;
  let failed = 0;
  for (const [index, file] of files.entries()) {
    // jsdom frees a page's window only once the event loop turns: a batch that never yields keeps every page it
    // read (about 1.5 MB each) until it ends.
    if (index) await setImmediate();
    const progress = batch ? `[${index + 1}/${files.length}] ` : '';
    try {
      const result = extractSnapshot({ html: readFileSync(file, 'utf8'), url: '' }, parseHtml);
      if (!result.ok) {
        refused++;
        process.stderr.write(`${progress}${file}: not an RFI Chinese article: ${english(result.reason)}\n`);
        continue;
      }
      const { article } = result;
      for (const warning of article.warnings) process.stderr.write(`${progress}${file}: warning: ${english(message(warning))}\n`);
      if (options.out && options.format !== 'epub') {
        const name = names.claim(articleSlug(article), FORMATS[options.format]);
        writeFileSync(join(options.out, name), render(article, options.format));
        if (batch) process.stderr.write(`${progress}${file} → ${name}\n`);
      } else if (batch) {
        process.stderr.write(`${progress}${file}: ${article.title}\n`);
      }
      articles.push(article);
    } catch (error) {
      failed++;
      process.stderr.write(`${progress}${file}: error: ${errorText(error)}\n`);
    }
  }

  const format = options.format;
  const noBook = format === 'epub' && !writeBook(articles, options.out);
  if (format !== 'epub' && !options.out) {
    if (format === 'json') process.stdout.write(`${JSON.stringify(batch ? articles : (articles[0] ?? null), null, 2)}\n`);
    else process.stdout.write(articles.map((a) => render(a, format)).join(format === 'html' ? '' : '\n'));
  }
  if (batch) process.stderr.write(`${files.length} files: ${articles.length} extracted, ${refused} refused, ${failed} failed\n`);
  if (noBook || (!batch && refused)) return 2;
  return failed ? 1 : 0;
}
