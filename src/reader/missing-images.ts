import { say, sayError, t, tCount } from '../shared/i18n';
import { sendToBackground } from '../shared/messages';
import type { FillReport } from '../saving/fill-missing';
import { savedImagesOf, type SavedImages } from './article-source';

/** What the reader is told once the background has fetched what it could; `left`: the images still missing. */
function describeFill(report: FillReport, left: number): string {
  if (!report.ok) return report.full ? t('readerImagesFull') : t('readerImagesFailed', say(report.error));
  const fetched = report.stored ? [tCount('readerImagesFetched', report.stored)] : [];
  return [...fetched, ...(left ? [tCount('readerImagesStillMissing', left)] : [])].join(' ');
}

/**
 * For an archived article that lacks images on RFI's hosts: a toolbar button with their count that has the
 * background fetch them, in one click and never by itself (a metered or watched connection is the reader's to
 * spend). Offline it stays, disabled, saying a connection is needed. What comes is shown at once through `show`.
 */
export function missingImagesOffer(slot: HTMLElement, saved: SavedImages, show: (images: Map<string, Blob>) => void): void {
  let missing = saved.missing.length;
  if (!missing) return;
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'fetch-images' });
  const status = Object.assign(document.createElement('span'), { className: 'images-status' });
  status.setAttribute('role', 'status');
  let busy = false;
  const update = () => {
    button.hidden = missing === 0;
    button.disabled = busy || !navigator.onLine;
    button.textContent = busy ? t('readerFetchingImages') : tCount(navigator.onLine ? 'readerFetchImages' : 'readerImagesNeedConnection', missing);
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  button.addEventListener('click', async () => {
    busy = true;
    status.textContent = '';
    update();
    try {
      const report = await sendToBackground('archive/fill-images', { url: saved.url });
      const now = await savedImagesOf(saved.url);
      if (now) {
        show(now.images);
        missing = now.missing.length;
      }
      status.textContent = describeFill(report, missing);
    } catch (error) {
      status.textContent = t('readerImagesFailed', sayError(error));
    }
    busy = false;
    update();
  });
  update();
  slot.append(button, status);
}
