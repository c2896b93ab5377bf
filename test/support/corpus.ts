import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Real RFI entries live beside the repository, never inside it (they are someone else's data). */
export const CORPUS = resolve(REPO, '../shared/rfi-corpus');
export const SEEDS = join(REPO, 'seeds');

export const corpusAvailable = existsSync(join(CORPUS, 'rfi'));
export const CORPUS_SKIP = corpusAvailable ? false : `../shared/rfi-corpus is not beside this clone: the real-data tests cannot run`;

export function listFiles(dir: string, pattern = /\.(md|txt|html?)$/i): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path, pattern) : pattern.test(name) ? [path] : [];
    });
}

/** Corpus entries by their path inside the corpus, e.g. `rfi/1005000.md`. */
export function corpusEntries(folder: 'rfi' | 'other'): { id: string; path: string }[] {
  return listFiles(join(CORPUS, folder), /\.md$/).map((path) => ({ id: relative(CORPUS, path), path }));
}
