import type messages from '../_locales/en/messages.json';

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

export const message = (key: MessageKey, ...substitutions: (string | number)[]): Message => ({ key, substitutions: substitutions.map(String) });
