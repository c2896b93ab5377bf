import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './corpus';

const EN = JSON.parse(readFileSync(join(REPO, 'src', '_locales', 'en', 'messages.json'), 'utf8')) as Record<string, { message: string }>;

/** The English message `key` with its placeholders filled, as a page shows it (the headless browsers run in English). */
export function en(key: string, ...subs: (string | number)[]): string {
  const entry = EN[key];
  if (!entry) throw new Error(`no message ${key} in the English locale`);
  return entry.message.replace(/\$P(\d)\$/g, (_, n: string) => String(subs[Number(n) - 1]));
}

/** A counted message as the English page shows it: the `_one` form for one, the number grouped by thousands. */
export function enCount(key: string, count: number, ...more: (string | number)[]): string {
  return en(count === 1 ? `${key}_one` : key, count.toLocaleString('en'), ...more);
}
