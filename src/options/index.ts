import browser from 'webextension-polyfill';
import { localizePage, t } from '../shared/i18n';
import { loadSettings, saveSettings } from '../shared/settings';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function showShortcuts(): Promise<void> {
  const list = $('shortcuts');
  for (const command of await browser.commands.getAll()) {
    if (!command.description) continue;
    const key = document.createElement('dt');
    key.textContent = command.shortcut || t('optionsNoShortcut');
    const what = document.createElement('dd');
    what.textContent = command.description;
    list.append(key, what);
  }
}

/** Each browser has its own shortcut settings page; the extension can open it but not change a shortcut itself. */
async function openShortcutSettings(): Promise<void> {
  if (__FIREFOX__) await (browser.commands as unknown as { openShortcutSettings: () => Promise<void> }).openShortcutSettings();
  else await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}

async function main(): Promise<void> {
  localizePage();
  $('welcome').hidden = !new URLSearchParams(location.search).has('installed');
  const toggle = $<HTMLInputElement>('in-page-button');
  toggle.checked = (await loadSettings()).inPageButton;
  toggle.addEventListener('change', () => void saveSettings({ inPageButton: toggle.checked }));
  $('change-shortcuts').addEventListener('click', () => void openShortcutSettings());
  await showShortcuts();
}

void main();
