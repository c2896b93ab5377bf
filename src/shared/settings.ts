import { oneAtATime } from './one-at-a-time';
import { onLocalChange, readLocal, writeLocal } from './storage';

export type Theme = 'light' | 'sepia' | 'dark' | 'system';
export type FontFamily = 'serif' | 'sans';
/** Which Chinese script the reader shows: the article's own, or converted to simplified or traditional. */
export type Script = 'original' | 'simplified' | 'traditional';

/** Preferences, kept in `storage.local` so they survive restarts and updates. */
export interface Settings {
  /**
   * The "阅读模式" button on article pages; the toolbar button and the shortcut work either way. Off unless the
   * user turns it on: its host element is visible to RFI's own page scripts.
   */
  inPageButton: boolean;
  /** Reader text size in CSS pixels. */
  fontSize: number;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  /** Characters per line (per column in vertical mode). */
  measure: number;
  fontFamily: FontFamily;
  theme: Theme;
  script: Script;
  /** Traditional script shown with Taiwan's corner quotes 「」『』 rather than “”‘’, as RFI's /tw/ edition prints. */
  cornerQuotes: boolean;
  /** Top-to-bottom columns, right to left. */
  vertical: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  inPageButton: false,
  fontSize: 19,
  lineHeight: 1.8,
  measure: 36,
  fontFamily: 'serif',
  theme: 'system',
  script: 'original',
  cornerQuotes: true,
  vertical: false,
};

/** Ranges for the numeric settings; the reader's sliders use the same figures. */
export const RANGES = {
  fontSize: { min: 14, max: 30, step: 1 },
  lineHeight: { min: 1.4, max: 2.4, step: 0.1 },
  measure: { min: 20, max: 50, step: 1 },
} as const satisfies Partial<Record<keyof Settings, { min: number; max: number; step: number }>>;

const CHOICES = {
  fontFamily: ['serif', 'sans'],
  theme: ['light', 'sepia', 'dark', 'system'],
  script: ['original', 'simplified', 'traditional'],
} as const satisfies Partial<Record<keyof Settings, readonly string[]>>;

/** Stored data may come from an older version or a hand edit: anything out of range or unknown falls back to the default. */
function normalize(stored: Record<string, unknown> = {}): Settings {
  const out = { ...DEFAULT_SETTINGS };
  for (const [name, { min, max }] of Object.entries(RANGES) as [keyof typeof RANGES, { min: number; max: number }][]) {
    const value = stored[name];
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = Math.min(max, Math.max(min, value));
  }
  for (const [name, allowed] of Object.entries(CHOICES) as [keyof typeof CHOICES, readonly string[]][]) {
    const value = stored[name];
    if (typeof value === 'string' && allowed.includes(value)) (out as Record<string, unknown>)[name] = value;
  }
  for (const name of ['inPageButton', 'cornerQuotes', 'vertical'] as const) {
    if (typeof stored[name] === 'boolean') out[name] = stored[name];
  }
  return out;
}

export async function loadSettings(): Promise<Settings> {
  return normalize(await readLocal('settings'));
}

/** Merges `change` into the stored settings (one write, after any earlier change has landed) and returns the result. */
export const saveSettings = oneAtATime(async (change: Partial<Settings>): Promise<Settings> => {
  const next = normalize({ ...(await loadSettings()), ...change });
  await writeLocal('settings', { ...next });
  return next;
});

/** Calls `listener` whenever any context saves settings, so every open reader tab shows the same. Returns an unsubscribe function. */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  return onLocalChange('settings', (stored) => listener(normalize(stored)));
}
