import { markNextPaint, measured } from '../shared/perf-marks';

/** What the reader leaves for scripts/bench-reader.ts (see perf-marks.ts). */
export const EXTRACTED_MARK = 'rfi-reader:extracted';
export const FIRST_TEXT_PAINT_MARK = 'rfi-reader:first-text-paint';

/** Measures `work` as the extraction step. */
export const measureExtraction = <T>(work: () => T): T => measured(EXTRACTED_MARK, work);

/** Marks the first frame that shows the rendered text. */
export const markFirstTextPaint = (): void => markNextPaint(FIRST_TEXT_PAINT_MARK);
