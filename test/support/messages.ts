import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { english } from '../../src/cli/english';
import type { MessageKey } from '../../src/core/message';
import { REPO } from './corpus';

const EN = JSON.parse(readFileSync(join(REPO, 'src', '_locales', 'en', 'messages.json'), 'utf8')) as Record<string, { message: string }>;

/** The English message `key` with its placeholders filled, as a page shows it (the headless browsers run in English). */
export function en(key: string, ...subs: (string | number)[]): string {
  if (!EN[key]) throw new Error(`no message ${key} in the English locale`);
  return english({ key: key as MessageKey, substitutions: subs.map(String) });
}

/** A counted message as the English page shows it: the `_one` form for one, the number grouped by thousands. */
export function enCount(key: string, count: number, ...more: (string | number)[]): string {
  return en(count === 1 ? `${key}_one` : key, count.toLocaleString('en'), ...more);
}

export const LOCALES = ['en', 'zh_CN', 'zh_TW'] as const;

/**
 * The message `key` of `locale` with its placeholders filled; throws if the locale lacks the key or leaves one of
 * `subs` out (a translation that drops the article's name or the field would say less than the English).
 */
export function inLocale(locale: (typeof LOCALES)[number], key: string, ...subs: string[]): string {
  const messages = JSON.parse(readFileSync(join(REPO, 'src', '_locales', locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
  const message = messages[key]?.message;
  if (message === undefined) throw new Error(`no message ${key} in the ${locale} locale`);
  subs.forEach((_, i) => {
    if (!message.includes(`$P${i + 1}$`)) throw new Error(`${locale} ${key} does not show $P${i + 1}$`);
  });
  return message.replace(/\$P(\d)\$/g, (_, n: string) => {
    const sub = subs[Number(n) - 1];
    if (sub === undefined) throw new Error(`${locale} ${key} shows $P${n}$, which is not given`);
    return sub;
  });
}
