/**
 * Wraps an async read-modify-write so calls run one after another, in call order: two quick changes to the same
 * stored value (two sliders moved, two saves finishing together) must not each read the old value and overwrite
 * the other's result. A failed call does not stop the ones after it.
 */
export function oneAtATime<A extends unknown[], R>(work: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const next = last.then(() => work(...args));
    last = next.catch(() => undefined);
    return next;
  };
}
