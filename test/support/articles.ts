import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHtml } from '../../src/cli/parse-html';
import type { Article } from '../../src/core/article';
import { extractSnapshot } from '../../src/core/extract';
import { PAGE_FIXTURES, SEEDS } from './corpus';

/** The article in a saved page or feed-mirror file, extracted as the CLI does; throws if there is none. */
export function articleFromFile(path: string, url = ''): Article {
  const result = extractSnapshot({ html: readFileSync(path, 'utf8'), url }, parseHtml);
  if (!result.ok) throw new Error(`${path}: ${result.reason}`);
  return result.article;
}

let seed: Article | undefined;
/** The seed article, parsed once; every call gets its own copy, free to change. */
export function seedArticle(): Article {
  seed ??= articleFromFile(join(SEEDS, '000_252142d8092668fd.txt'));
  return structuredClone(seed);
}

/** A full-page fixture extracted at its real address; cn-article.html and tw-article.html (simplified, traditional) have body images. */
export function fixtureArticle(file: string): Article {
  const fixtures = JSON.parse(readFileSync(join(PAGE_FIXTURES, 'fixtures.json'), 'utf8')) as { file: string; url: string }[];
  const fixture = fixtures.find((f) => f.file === file);
  if (!fixture) throw new Error(`no ${file} in fixtures.json`);
  return articleFromFile(join(PAGE_FIXTURES, file), fixture.url);
}
