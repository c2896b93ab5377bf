/**
 * Performance marks the reader leaves for scripts/bench-reader.ts (and the browsers' own profilers): plain
 * `performance` entries, visible to nothing but this page.
 */
export const EXTRACTED_MARK = 'rfi-reader:extracted';
export const FIRST_TEXT_PAINT_MARK = 'rfi-reader:first-text-paint';

/** Measures `work` as the extraction step. */
export function measureExtraction<T>(work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    performance.measure(EXTRACTED_MARK, { start, end: performance.now() });
  }
}

/**
 * Marks the first frame that shows the rendered text: a rAF callback runs just before that frame is painted, and
 * a task queued from it runs just after.
 */
export function markFirstTextPaint(): void {
  requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_TEXT_PAINT_MARK)));
}
