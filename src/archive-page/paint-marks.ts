/**
 * Performance marks the archive page leaves for scripts/bench-archive.ts (and the browsers' own profilers), as
 * src/reader/paint-marks.ts does for the reader: plain `performance` entries, visible to nothing but this page.
 */
export const FIRST_ROWS_PAINT_MARK = 'rfi-reader:archive-first-rows-paint';
export const SEARCH_MEASURE = 'rfi-reader:archive-search';

/** Measures `work` as one search (query to matching URLs), whether it succeeds or not. */
export async function measureSearch<T>(work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    performance.measure(SEARCH_MEASURE, { start, end: performance.now() });
  }
}

/**
 * Marks the first frame that shows the first rows of the list: a rAF callback runs just before that frame is
 * painted, and a task queued from it runs just after.
 */
export function markFirstRowsPaint(): void {
  requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_ROWS_PAINT_MARK)));
}
