import { Converter } from 'opencc-js/t2cn';

/**
 * Simplified ⇄ traditional Chinese through OpenCC's tables, characters only: Taiwan's character forms (OpenCC's
 * `tw`), with 台 where the Taiwan standard's 臺 stands for it (本台, 台灣, as RFI's /tw/ edition prints them).
 * Never Taiwan vocabulary (`twp` would turn 支持 into 支援, 视频 into 影片): the reader shows RFI's own words in the
 * other script, and a passage copied from it must still be found by the archive's search, which folds characters.
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
  const convert = opencc.Converter({ from: 'cn', to: 'tw' });
  // 臺 has no meaning of its own beside 台 (颱 and 檯 stay as they are).
  return (text) => convert(text).replaceAll('臺', '台');
}

const CORNER: Record<string, string> = { '“': '「', '”': '」', '‘': '『', '’': '』' };

/**
 * “” and ‘’ as Taiwan's corner quotes 「」 and 『』. A ’ between two Latin letters is an apostrophe (RFI’s) and stays.
 */
export function toCornerQuotes(text: string): string {
  return text.replace(/[“”‘]|’(?![A-Za-z])|(?<![A-Za-z])’/g, (quote) => CORNER[quote]!);
}
