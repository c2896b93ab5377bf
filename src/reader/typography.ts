import { marksToTrim } from '../core/cjk-punctuation';
import { runText, textRuns, wrapRanges, type TextRange } from '../core/text-runs';
import { uprightDigitRuns } from '../core/upright-digits';

/**
 * Marks what the stylesheet typesets beyond what CSS selects on its own: short digit runs, set upright in
 * vertical mode (`.upright`), and, in a browser without `text-spacing-trim` (Firefox), the punctuation that
 * property would trim (`.trim`, and `.trim-simplified` for stops, trimmed in simplified text only). Run once on
 * the rendered article: only text nodes are split, so the script switch still finds every string.
 */
export function typesetChinese(article: HTMLElement): void {
  const trimByHand = !CSS.supports('text-spacing-trim', 'normal');
  for (const run of textRuns(article)) {
    const text = runText(run);
    const ranges: (TextRange & { className: string })[] = uprightDigitRuns(text).map((r) => ({ ...r, className: 'upright' }));
    if (trimByHand) for (const mark of marksToTrim(text)) ranges.push({ ...mark, className: mark.simplifiedOnly ? 'trim-simplified' : 'trim' });
    if (ranges.length) wrapRanges(run, ranges);
  }
}
