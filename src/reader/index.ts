import browser from 'webextension-polyfill';
import { loadSnapshot } from '../snapshots';
import { extractArticle } from '../core/extract';
import { localizePage, t } from '../i18n';
import { renderArticle } from './render';

const main = document.getElementById('reader')!;
const notice = document.getElementById('notice')!;

function showNotice(text: string): void {
  notice.hidden = false;
  notice.textContent = text;
}

async function load(): Promise<void> {
  localizePage();
  const id = new URLSearchParams(location.search).get('snapshot');
  const snapshot = id ? await loadSnapshot(id) : null;
  if (!snapshot) {
    showNotice(t('readerNothingToShow'));
    return;
  }
  const doc = new DOMParser().parseFromString(snapshot.html, 'text/html');
  const result = extractArticle({ doc, url: snapshot.url, window });
  if (!result.ok) {
    showNotice(`${t('popupNotArticle')} ${result.reason}`);
    return;
  }
  renderArticle(main, result.article);
  if (result.article.warnings.length) showNotice(result.article.warnings.join(' '));
}

// Esc returns to the page the reader was opened from.
document.addEventListener('keydown', async (event) => {
  if (event.key !== 'Escape') return;
  const tab = await browser.tabs.getCurrent();
  if (tab?.openerTabId !== undefined) await browser.tabs.update(tab.openerTabId, { active: true });
  if (tab?.id !== undefined) await browser.tabs.remove(tab.id);
});

void load().finally(() => main.setAttribute('aria-busy', 'false'));
