import type { Message } from '../core/message';

/** The browser refused to store more: nothing of the attempted write was kept. */
export class ArchiveFullError extends Error {
  override name = 'ArchiveFullError';
  constructor(options?: { cause?: unknown }) {
    super(
      'The archive is full: the browser has no more storage space for it. Nothing was changed. Delete some saved articles (or free space on the disk) and try again.',
      options,
    );
  }
}

/**
 * A backup file was refused before anything was written. `message` says what is wrong and where, in English (for
 * Node, the CLI and the logs); `text`, where there is one, says the same for a page to show translated.
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    message: string,
    readonly text?: Message,
  ) {
    super(message);
  }
}

/** Text of a refused file inside a refusal: no control or bidi characters to reorder the sentence around it, and short. */
export function shownInMessage(text: string, maxChars: number): string {
  const chars = Array.from(text.replace(/[\p{Cc}\p{Cf}]/gu, ''));
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : chars.join('');
}

/** Browsers report a full disk or an exhausted quota as QuotaExceededError, on the request or the transaction. */
export function isQuotaError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'QuotaExceededError';
}
