import browser from 'webextension-polyfill';
import { localizePage, t, uiLanguage } from '../shared/i18n';
import { loadSettings, onSettingsChanged, type Settings } from '../shared/settings';
import { applySettings } from './apply-settings';
import { loadReaderSource } from './article-source';
import { missingImagesOffer } from './missing-images';
import { savedImages } from './saved-images';
import { markFirstTextPaint } from './paint-marks';
import { rememberPosition } from './reading-position';
import { renderArticle } from './render';
import { scriptSwitcher } from './script-switch';
import { archiveControls } from './save-button';
import { settingsPanel } from './settings-panel';
import { toolbarKeys, verticalWheel } from './reader-keys';
import { articleWarnings } from '../core/article';

const main = document.getElementById('reader')!;
const notice = document.getElementById('notice')!;
const toolbar = document.getElementById('toolbar-buttons')!;
const panel = settingsPanel(document.getElementById('settings-toggle') as HTMLButtonElement, document.getElementById('settings-panel')!);

let settings: Settings | undefined;
/** Set once an article is shown: what reacts to settings beyond the stylesheet. */
let article: { showScript: (script: Settings['script'], cornerQuotes: boolean) => Promise<void>; keepPosition: () => void } | undefined;

function showNotice(text: string): void {
  notice.hidden = false;
  notice.textContent = text;
}

function show(next: Settings): void {
  const before = settings;
  settings = next;
  applySettings(next);
  panel.show(next);
  if (!article || !before) return;
  if (next.script !== before.script || next.cornerQuotes !== before.cornerQuotes) void article.showScript(next.script, next.cornerQuotes);
  // Size, measure and writing mode move the text: stay at the same place in the article.
  if (next.fontSize !== before.fontSize || next.lineHeight !== before.lineHeight || next.measure !== before.measure || next.vertical !== before.vertical)
    article.keepPosition();
}

async function load(): Promise<void> {
  localizePage();
  // The interface speaks the browser's language; the article keeps its own `lang`.
  document.getElementById('toolbar')!.lang = uiLanguage();
  toolbar.setAttribute('aria-label', t('readerSettingsToolbar'));
  onSettingsChanged(show);
  // Both reads go to storage at once: the text is painted as soon as the slower one answers.
  const [stored, source] = await Promise.all([loadSettings(), loadReaderSource(new URLSearchParams(location.search))]);
  show(stored);
  if (source.kind === 'none') {
    showNotice(source.message);
    return;
  }
  const shown = renderArticle(main, source.article);
  markFirstTextPaint();
  const actions = document.getElementById('toolbar-actions')!;
  archiveControls(actions, source);
  if (source.kind === 'saved') missingImagesOffer(actions, source, savedImages(shown, source.images));
  const warnings = articleWarnings(source.article.warnings);
  if (warnings.length) showNotice(warnings.map((w) => t(w)).join(' '));
  const shownArticle = { showScript: scriptSwitcher(shown, source.article.lang, source.article.title), keepPosition: () => {} };
  article = shownArticle;
  await shownArticle.showScript(settings!.script, settings!.cornerQuotes);
  const vertical = () => settings?.vertical ?? false;
  shownArticle.keepPosition = await rememberPosition(source.article.canonicalUrl, {
    vertical,
    scroller: () => (vertical() ? main : document.scrollingElement!),
  });
}

// Esc closes the settings panel first; with no panel open it returns to the page the reader was opened from.
document.addEventListener('keydown', async (event) => {
  if (event.key !== 'Escape') return;
  if (panel.isOpen()) {
    panel.close();
    return;
  }
  const tab = await browser.tabs.getCurrent();
  if (tab?.openerTabId !== undefined) await browser.tabs.update(tab.openerTabId, { active: true });
  if (tab?.id !== undefined) await browser.tabs.remove(tab.id);
});
toolbarKeys(toolbar);
verticalWheel(main, () => settings?.vertical ?? false);

void load().finally(() => main.setAttribute('aria-busy', 'false'));
