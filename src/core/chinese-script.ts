import { Converter } from 'opencc-js/t2cn';

/**
 * Simplified ⇄ traditional Chinese through OpenCC's tables. Characters only (OpenCC's `cn` ⇄ `tw` presets),
 * never Taiwanese vocabulary: the reader must show RFI's own words, just in the other script.
 */
export type ConvertScript = (text: string) => string;

let simplify: ConvertScript | undefined;

/** Traditional → simplified. The table is small (about 100 KB), so it is loaded with the code that uses it. */
export function toSimplified(text: string): string {
  simplify ??= Converter({ from: 'tw', to: 'cn' });
  return simplify(text);
}

/** Simplified → traditional. Its table is over 1 MB, so it is loaded only when someone asks for it. */
export async function loadToTraditional(): Promise<ConvertScript> {
  const opencc = await import('opencc-js/cn2t');
  return opencc.Converter({ from: 'cn', to: 'tw' });
}
