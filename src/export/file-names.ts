import type { Article } from '../core/article';

/**
 * Names that every file system and ZIP tool accepts: ASCII letters and digits, Chinese, Japanese and Korean
 * script kept as is, everything else (punctuation, spaces, reserved characters) a single hyphen.
 */
const UNSAFE_RUN = /[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}A-Za-z0-9]+/gu;

export function safeName(text: string, maxChars: number): string {
  // NFKC turns full-width letters and digits (Ａ１) into ASCII before the filter judges them.
  const cleaned = text
    .normalize('NFKC')
    .replace(UNSAFE_RUN, '-')
    .replace(/^-+|-+$/g, '');
  const name = Array.from(cleaned).slice(0, maxChars).join('').replace(/-+$/, '');
  // Windows refuses these device names whatever the extension.
  return /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(name) ? `${name}-1` : name;
}

/** `20230524-习近平承诺有力支持俄罗斯-核心利益`: sorts by date and reads as the headline. */
export function articleSlug(article: Article): string {
  const date = article.publishedAt.slice(0, 10).replace(/-/g, '');
  return safeName(`${date} ${article.title}`, 48) || 'article';
}

/** The file's own name in its URL, without extension: `AP23144325044556` for `…/p:16x9/AP23144325044556.jpg`. */
export function imageBaseName(src: string): string {
  let last =
    src
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ?? '';
  try {
    last = decodeURIComponent(last);
  } catch {
    // A malformed escape keeps its raw form; the filter below still makes it safe.
  }
  return safeName(last.replace(/\.[A-Za-z0-9]{1,5}$/, ''), 40) || 'image';
}

/** Hands out names unique within one archive, compared case-insensitively as Windows and macOS compare them. */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(base: string, extension: string): string {
    let name = `${base}.${extension}`;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${base}-${n}.${extension}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}
