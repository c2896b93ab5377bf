import browser from 'webextension-polyfill';
import type { TabReport } from '../core/detect';
import type { SaveReport } from '../saving/save-page';
import { readSession, removeSession, writeSession } from '../shared/storage';

/**
 * Per-tab reports live in `storage.session`, not in worker memory: Chrome stops an idle service worker at any
 * time, and a restarted one must still know which tabs hold articles.
 */
const key = (tabId: number) => `tab:${tabId}` as const;

export async function saveReport(tabId: number, report: TabReport): Promise<void> {
  await writeSession([key(tabId), report]);
}

export async function loadReport(tabId: number): Promise<TabReport | null> {
  return readSession(key(tabId));
}

export async function forgetTab(tabId: number): Promise<void> {
  await removeSession([key(tabId)]);
}

const ICONS = (state: 'on' | 'off') => Object.fromEntries([16, 32, 48].map((size) => [size, `icons/icon${state === 'off' ? '-off' : ''}-${size}.png`]));

/** The toolbar button shows at a glance whether this tab is an article the reader can open. */
export async function showReport(tabId: number, report: TabReport | null): Promise<void> {
  const on = Boolean(report?.isArticle);
  await Promise.all([
    browser.action.setIcon({ tabId, path: ICONS(on ? 'on' : 'off') }),
    browser.action.setBadgeText({ tabId, text: '' }),
    browser.action.setTitle({ tabId, title: on ? browser.i18n.getMessage('actionTitleArticle') : browser.i18n.getMessage('actionTitleNotArticle') }),
  ]);
}

/**
 * A save started from the keyboard or a context menu has no window to report in: the toolbar button says it,
 * a tick or an exclamation mark on this tab, with the details in its tooltip, until the tab navigates.
 */
export async function showSaved(tabId: number, report: SaveReport): Promise<void> {
  const title = report.ok
    ? browser.i18n.getMessage('savedBadgeTitle', [report.title, String(report.imagesSaved), String(report.imagesMissing.length)])
    : browser.i18n.getMessage('saveFailedBadgeTitle', [browser.i18n.getMessage(report.error.key, report.error.substitutions)]);
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: report.ok ? '✓' : '!' }),
    browser.action.setBadgeBackgroundColor({ tabId, color: report.ok ? '#1a7f37' : '#b0121e' }),
    browser.action.setTitle({ tabId, title }),
  ]);
}
