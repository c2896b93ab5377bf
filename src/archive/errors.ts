/** The browser refused to store more: nothing of the attempted write was kept. */
export class ArchiveFullError extends Error {
  override name = 'ArchiveFullError';
  constructor(options?: { cause?: unknown }) {
    super('The archive is full: the browser has no more storage space for it. Nothing was changed. Delete some saved articles (or free space on the disk) and try again.', options);
  }
}

/** A backup file was refused before anything was written; the message says what is wrong and where. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** Browsers report a full disk or an exhausted quota as QuotaExceededError, on the request or the transaction. */
export function isQuotaError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'QuotaExceededError';
}
