/**
 * Performance entries the pages leave for the benchmarks in scripts/ (and the browsers' own profilers): plain
 * `performance` marks and measures, visible to nothing but the page that makes them.
 */

/** Runs `work` (sync or async) and measures it under `name`, whether it succeeds or not. */
export function measured<T>(name: string, work: () => T): T {
  const start = performance.now();
  const end = () => void performance.measure(name, { start, end: performance.now() });
  let result: T;
  try {
    result = work();
  } catch (err) {
    end();
    throw err;
  }
  if (result instanceof Promise) return result.finally(end) as T;
  end();
  return result;
}

/** Resolves once the next frame is painted: a rAF callback runs just before that frame is painted, and a task queued from it just after. */
export const afterNextPaint = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

/** Marks the next frame painted. */
export function markNextPaint(name: string): void {
  void afterNextPaint().then(() => performance.mark(name));
}
