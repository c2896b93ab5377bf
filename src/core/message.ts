import type messages from '../_locales/en/messages.json';
import { errorText } from './error-text';

/** A key of the extension's messages (`src/_locales`): every sentence a user reads is one, in every locale. */
export type MessageKey = keyof typeof messages;

/**
 * A sentence for the user, said in their language where it is shown: the core has no locale of its own, so it
 * names the message and fills it; the extension's pages translate it, the CLI writes the English one.
 */
export interface Message {
  key: MessageKey;
  substitutions: string[];
}

/** Numbers are grouped by thousands, as both English and Chinese write them (2,000,000). */
export const message = (key: MessageKey, ...substitutions: (string | number)[]): Message => ({
  key,
  substitutions: substitutions.map((s) => (typeof s === 'number' ? s.toLocaleString('en-US') : s)),
});

/** A failure the user is told about in their language: `said` is the sentence; `message` is for logs. */
export class MessageError extends Error {
  override name = 'MessageError';
  constructor(readonly said: Message) {
    super(`${said.key}(${said.substitutions.join(', ')})`);
  }
}

/**
 * What to tell the user of a failure: its own sentence when it carries one (a `MessageError`, or an import
 * refusal's `text`), else the technical description inside a sentence that says something went wrong.
 */
export function messageOf(error: unknown): Message {
  if (error instanceof MessageError) return error.said;
  const text = (error as { text?: unknown } | null)?.text;
  if (text && typeof text === 'object' && 'key' in text) return text as Message;
  return message('errorUnexpected', errorText(error));
}
