import type { I18n } from 'webextension-polyfill';
import { errorText } from '../core/error-text';
import { messageOf, type Message, type MessageKey } from '../core/message';

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

export const t = (key: MessageKey, ...substitutions: string[]): string => i18n.getMessage(key, substitutions);

/** A message of the core (a refusal, a warning), in the browser's language. */
export const say = (said: Message): string => t(said.key, ...said.substitutions);

/**
 * A failure, for a sentence that already says what failed ("Export failed: …"): its own sentence in the browser's
 * language when it carries one, else its technical description, not a second "something went wrong".
 */
export function sayError(error: unknown): string {
  const said = messageOf(error);
  return said.key === 'errorUnexpected' ? errorText(error) : say(said);
}

/** Messages with a count whose wording changes with it: `<key>_one` holds the singular. */
type CountedKey = { [K in MessageKey]: `${K}_one` extends MessageKey ? K : never }[MessageKey];

/**
 * A message about `count` things, in the form the browser's language uses for that number (Chinese has one form,
 * English says "1 article"), the number written its way. `more` fills the message's further placeholders.
 */
export function tCount(key: CountedKey, count: number, ...more: string[]): string {
  const form: MessageKey = new Intl.PluralRules(uiLanguage()).select(count) === 'one' ? `${key}_one` : key;
  return t(form, shownNumber(count), ...more);
}

/** A number as the browser's language writes it (`1,000` in English). */
export const shownNumber = (n: number): string => new Intl.NumberFormat(uiLanguage()).format(n);

/** The browser's interface language, e.g. `zh-CN`: dates and numbers are written in it. */
export const uiLanguage = (): string => i18n.getUILanguage();
