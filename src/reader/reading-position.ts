import { readLocal, writeLocal } from '../shared/storage';

/**
 * Where the reader left each article, as a fraction (0–1) of the way along the reading axis, so it holds in
 * either writing mode and at any font size. One small map in `storage.local`, capped at KEEP entries (about
 * 30 KB); losing it to a bad write costs nothing but a scroll.
 */
const KEEP = 200;
const SAVE_EVERY_MS = 500;
/** How long a restored position is held against images loading above it. */
const HOLD_MS = 3_000;

export type ReadingPositions = Record<string, { fraction: number; at: number }>;

const loadAll = (): Promise<ReadingPositions> => readLocal('readingPositions');

export async function loadPosition(url: string): Promise<number | null> {
  return (await loadAll())[url]?.fraction ?? null;
}

export async function savePosition(url: string, fraction: number): Promise<void> {
  const all = await loadAll();
  all[url] = { fraction, at: Date.now() };
  const kept = Object.entries(all)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, KEEP);
  await writeLocal('readingPositions', Object.fromEntries(kept));
}

/** The element that scrolls: the page, or `main` itself in vertical mode (it scrolls sideways, right to left). */
export interface ScrollAxis {
  scroller: () => Element;
  vertical: () => boolean;
}

function fractionOf({ scroller, vertical }: ScrollAxis): number {
  const el = scroller();
  const range = vertical() ? el.scrollWidth - el.clientWidth : el.scrollHeight - el.clientHeight;
  if (range <= 0) return 0;
  // vertical-rl starts at the right edge: scrollLeft runs from 0 down to -range.
  const done = vertical() ? -el.scrollLeft : el.scrollTop;
  return Math.min(1, Math.max(0, done / range));
}

function scrollToFraction({ scroller, vertical }: ScrollAxis, fraction: number): void {
  const el = scroller();
  if (vertical()) el.scrollLeft = -fraction * (el.scrollWidth - el.clientWidth);
  else el.scrollTop = fraction * (el.scrollHeight - el.clientHeight);
}

/**
 * Restores the saved position of `url`, keeps it while images above it load and shift the text (for a few
 * seconds, or until the reader scrolls on their own), and saves the position while scrolling at most every SAVE_EVERY_MS.
 * Returns a function that re-applies the current position after a layout change (e.g. a switch of writing mode).
 */
export async function rememberPosition(url: string, axis: ScrollAxis): Promise<() => void> {
  let holding = await loadPosition(url);
  if (holding !== null) scrollToFraction(axis, holding);
  let current = holding ?? 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const save = () => {
    timer = undefined;
    void savePosition(url, current);
  };
  document.addEventListener(
    'scroll',
    () => {
      if (holding !== null) {
        scrollToFraction(axis, holding);
        return;
      }
      current = fractionOf(axis);
      timer ??= setTimeout(save, SAVE_EVERY_MS);
    },
    { capture: true, passive: true },
  );
  const letGo = () => (holding = null);
  for (const type of ['wheel', 'keydown', 'pointerdown', 'touchstart']) document.addEventListener(type, letGo, { capture: true, passive: true });
  // Not for long: a screen reader or find-in-page may move the view without any of those events.
  setTimeout(letGo, HOLD_MS);
  document.addEventListener('load', () => holding !== null && scrollToFraction(axis, holding), { capture: true });
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && timer !== undefined && (clearTimeout(timer), save()));

  return () => scrollToFraction(axis, current);
}
