import browser from 'webextension-polyfill';

/** Preferences, kept in `storage.local` so they survive restarts and updates. */
export interface Settings {
  /** The "阅读模式" button on article pages; the toolbar button and the shortcut work either way. */
  inPageButton: boolean;
}

export const DEFAULT_SETTINGS: Settings = { inPageButton: true };
const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<Settings> | undefined;
  return { ...DEFAULT_SETTINGS, ...stored };
}
