import { t } from '../shared/i18n';
import { formatBytes } from './format';

let persistAsked = false;

/**
 * Space used and left, and whether the browser may evict the archive under storage pressure. Persistence is
 * asked for once per page, and only once something is saved: asking for an empty archive would mean nothing.
 * The answer is not awaited before showing the rest, since Firefox may hold the request open behind a prompt.
 */
export async function showStorage(usage: HTMLElement, persistence: HTMLElement, articleCount: number): Promise<void> {
  const storage = navigator.storage;
  if (!storage) return;
  const estimate = await storage.estimate();
  const used = estimate.usage ?? 0;
  usage.textContent = t('archiveStorageUsage', formatBytes(used), formatBytes(Math.max(0, (estimate.quota ?? 0) - used)));
  const persisted = await storage.persisted();
  persistence.textContent = t(persisted ? 'archiveStoragePersistent' : 'archiveStorageNotPersistent');
  if (persisted || persistAsked || articleCount < 1) return;
  persistAsked = true;
  if (await storage.persist()) persistence.textContent = t('archiveStoragePersistent');
}
