import { t } from '../shared/i18n';
import { sendToBackground } from '../shared/messages';
import { describeSave, savedOn } from '../shared/save-report-text';
import type { ReaderSource } from './article-source';

/**
 * The toolbar's archive controls: "Save offline" for an article read from a page, and for one opened from the
 * archive the date it was saved and a way back to the archive.
 */
export function archiveControls(slot: HTMLElement, source: ReaderSource): void {
  const status = document.createElement('span');
  status.className = 'save-status';
  status.setAttribute('role', 'status');
  if (source.kind === 'saved') {
    status.textContent = savedOn(source.updatedAt);
    const link = Object.assign(document.createElement('a'), { href: 'archive.html', textContent: t('popupOpenArchive') });
    slot.append(status, link);
    return;
  }
  if (source.kind !== 'snapshot') return;
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t('popupSave') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = t('popupSaving');
    const report = await sendToBackground('archive/save', { article: source.article });
    status.textContent = describeSave(report);
    button.disabled = false;
    if (report.ok) button.textContent = t('popupSaveAgain');
  });
  slot.append(status, button);
}
