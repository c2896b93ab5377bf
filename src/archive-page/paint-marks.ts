import { markNextPaint, measured } from '../shared/perf-marks';

/** What the archive page leaves for scripts/bench-archive.ts (see perf-marks.ts). */
export const FIRST_ROWS_PAINT_MARK = 'rfi-reader:archive-first-rows-paint';
export const SEARCH_MEASURE = 'rfi-reader:archive-search';

/** Measures `work` as one search (query to matching URLs). */
export const measureSearch = <T>(work: () => Promise<T>): Promise<T> => measured(SEARCH_MEASURE, work);

/** Marks the first frame that shows the first rows of the list. */
export const markFirstRowsPaint = (): void => markNextPaint(FIRST_ROWS_PAINT_MARK);
