/**
 * Tells every open extension page (archive, popup, reader) that the archive changed, whichever context wrote it:
 * IndexedDB has no change events of its own. All extension pages share one origin, so one channel reaches them.
 */
const CHANNEL = 'rfi-reader-archive';

export type ArchiveChange =
  | { type: 'saved'; url: string }
  | { type: 'deleted'; urls: string[] }
  /** A backup was merged in: any article may have been added or updated. */
  | { type: 'imported' }
  | { type: 'reset' };

export function announceArchiveChange(change: ArchiveChange): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(change);
  channel.close();
}

/** Returns a function that stops listening. */
export function onArchiveChange(listener: (change: ArchiveChange) => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<ArchiveChange>) => listener(event.data);
  return () => channel.close();
}
