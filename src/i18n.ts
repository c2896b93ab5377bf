import browser from 'webextension-polyfill';

/** Fills every `data-i18n` element of an extension page with its message, in the browser's language. */
export function localizePage(root: ParentNode = document): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    el.textContent = browser.i18n.getMessage(el.dataset['i18n']!);
  }
  document.documentElement.lang = browser.i18n.getUILanguage();
}

export const t = (key: string, ...substitutions: string[]): string => browser.i18n.getMessage(key, substitutions);
