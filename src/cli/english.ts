import { readFileSync } from 'node:fs';
import type { Message, MessageKey } from '../core/message';

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** The extension's own English locale: the CLI says what the extension's pages say, in the same words. */
const ENGLISH = JSON.parse(readFileSync(new URL('../_locales/en/messages.json', import.meta.url), 'utf8')) as Record<MessageKey, LocaleEntry>;

/** A message filled as `i18n.getMessage` fills it: named placeholders stand for `$1`…`$9`, `$$` is a dollar sign. */
export function english(said: Message): string {
  const entry = ENGLISH[said.key];
  const numbered = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => said.substitutions[Number(n) - 1] ?? '');
  return entry.message.replace(/\$\$|\$(\w+)\$/g, (match, name?: string) => {
    if (!name) return '$';
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? numbered(placeholder.content) : match;
  });
}
