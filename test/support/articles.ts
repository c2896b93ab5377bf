import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { english } from '../../src/cli/english';
import { parseHtml } from '../../src/cli/parse-html';
import type { Article } from '../../src/core/article';
import { extractSnapshot, type PageSnapshot } from '../../src/core/extract';
import { SEEDS } from './corpus';
import { pageCase } from './page-fixtures';

/** The article in a page, extracted as the CLI does; throws, naming `label`, if there is none. */
function articleOf(page: PageSnapshot, label: string): Article {
  const result = extractSnapshot(page, parseHtml);
  if (!result.ok) throw new Error(`${label}: ${english(result.reason)}`);
  return result.article;
}

/** The article in a saved page or feed-mirror file; throws if there is none. */
export function articleFromFile(path: string, url = ''): Article {
  return articleOf({ html: readFileSync(path, 'utf8'), url }, path);
}

let seed: Article | undefined;
/** The seed article, parsed once; every call gets its own copy, free to change. */
export function seedArticle(): Article {
  seed ??= articleFromFile(join(SEEDS, '000_252142d8092668fd.txt'));
  return structuredClone(seed);
}

/** A full-page fixture extracted at its real address; cn-article and tw-article (simplified, traditional) have body images. */
export function fixtureArticle(name: string): Article {
  return articleOf(pageCase(name), `page fixture ${name}`);
}
