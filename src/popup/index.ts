import browser from 'webextension-polyfill';
import { localizePage, t } from '../i18n';
import { sendToBackground } from '../messages';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function main(): Promise<void> {
  localizePage();
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const report = tab?.id !== undefined ? await sendToBackground('tab/state', { tabId: tab.id }) : null;
  if (!tab?.id || !report?.isArticle) {
    $('not-article').hidden = false;
    $('reason').textContent = report?.reason ?? t('popupNotRfiPage');
    return;
  }
  $('article').hidden = false;
  $('title').textContent = report.title;
  const button = $<HTMLButtonElement>('open-reader');
  button.focus();
  button.addEventListener('click', async () => {
    const result = await sendToBackground('reader/open', { tabId: tab.id! });
    if (result.ok) window.close();
    else {
      $('error').hidden = false;
      $('error').textContent = result.error;
    }
  });
}

void main();
