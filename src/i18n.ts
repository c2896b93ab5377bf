import type { I18n } from 'webextension-polyfill';

/**
 * `i18n` is synchronous and the same in both browsers' own namespaces (Firefox has `chrome` too), so pages reach it
 * without the polyfill: the archive page paints its first screen before the polyfill (30 KB) is even loaded.
 */
const i18n = (globalThis as unknown as { chrome: { i18n: I18n.Static } }).chrome.i18n;

/** Fills every `data-i18n` element of an extension page with its message, in the browser's language. */
export function localizePage(root: ParentNode = document): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    el.textContent = i18n.getMessage(el.dataset['i18n']!);
  }
  document.documentElement.lang = uiLanguage();
}

export const t = (key: string, ...substitutions: string[]): string => i18n.getMessage(key, substitutions);

/** The browser's interface language, e.g. `zh-CN`: dates and numbers are written in it. */
export const uiLanguage = (): string => i18n.getUILanguage();
