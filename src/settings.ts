import browser from 'webextension-polyfill';

/** Reader preferences, kept in `storage.local` so they survive restarts and updates. */
export interface Settings {
  inPageButton: boolean;
  fontSize: number;
  lineHeight: number;
  /** Text width in characters per line. */
  width: number;
  font: 'serif' | 'sans';
  theme: 'light' | 'sepia' | 'dark' | 'system';
}

export const DEFAULT_SETTINGS: Settings = { inPageButton: true, fontSize: 19, lineHeight: 1.8, width: 36, font: 'serif', theme: 'system' };
const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<Settings> | undefined;
  return { ...DEFAULT_SETTINGS, ...stored };
}

export async function saveSettings(change: Partial<Settings>): Promise<Settings> {
  const next = { ...(await loadSettings()), ...change };
  await browser.storage.local.set({ [KEY]: next });
  return next;
}
