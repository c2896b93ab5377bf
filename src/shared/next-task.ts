/** Resolves in a later task: long work that awaits it now and then lets the page paint and answer input meanwhile. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
