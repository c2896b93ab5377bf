// The interface in Chinese, read as a Chinese reader meets it: both browsers run in zh-CN (Debian's
// chromium-l10n and firefox-esr-l10n-zh-cn), and Chromium in zh-TW too, and every page in every state a new user reaches is read off the
// screen: settings, the popup on an article (before and after saving), a section (save all running and done), RFI
// in French, RFI's offline page; the reader (its panel open, a changed layout's warning, a page that
// is not an article); the archive (list, no results, undo, the reset dialog). Each visible text, tooltip and label
// that is not the article's own must be a sentence of the locale; an English sentence anywhere fails.
// Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../support/corpus';
import { reportedTab, send } from './extension-pages';
import { start, type RfiSite } from './rfi-site';
import { launchOnSite, type BrowserName, type Session, type Tab } from './session';

const TIMEOUT = 180_000;

type Locale = 'zh-CN' | 'zh-TW';

const messagesOf = (locale: Locale) =>
  JSON.parse(readFileSync(join(REPO, 'src/_locales', locale.replace('-', '_'), 'messages.json'), 'utf8')) as Record<string, { message: string }>;

/** Each message of `locale` as a pattern of the whole text, any substitution standing for its placeholders. */
function sentencesOf(locale: Locale): Map<string, RegExp> {
  return new Map(
    Object.entries(messagesOf(locale)).map(([key, { message }]) => {
      const parts = message.split(/\$\w+\$/).map((part) =>
        part
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      );
      return [key, new RegExp(`^${parts.join('[\\s\\S]*?')}$`, 'u')];
    }),
  );
}

/**
 * Latin words a Chinese interface rightly shows: names of formats, keys and RFI itself, and the technical terms
 * some reasons quote. Anything else in Latin letters is an English sentence that missed the locale.
 */
const NAMES = new Set([
  'rfi',
  'epub',
  'html',
  'markdown',
  'json',
  'zip',
  'pdf',
  'kb',
  'mb',
  'gb',
  'alt',
  'shift',
  'ctrl',
  'esc',
  'aa',
  'opencc',
  'og',
  'type',
  'ld',
  'newsarticle',
  'url',
  'feed',
  'canonical',
  'link',
  'rel',
  'http',
  'https',
  'www',
  'fr',
  'cn',
  'tw',
  'rfi.fr',
]);

/** Where a page shows the article itself, whose words are RFI's, in whatever language RFI wrote them. */
const ARTICLE_PARTS = [
  'main article h1',
  'main article .lead',
  'main article .content',
  'main article .byline',
  'main article .section',
  'main article .tags',
  'main article .source',
  'main article .print-source a',
  'main article figure',
  'main article .audio a',
  '#popup #title',
  '#list li a',
  '#list li .section',
  '#section option:not([value=""])',
];

/** Page-side: every text the user can see or hear (text, title, aria-label, placeholder), but the article's own. */
const SHOWN_TEXTS = `(() => {
  const skip = ${JSON.stringify(ARTICLE_PARTS.join(', '))};
  const visible = (el) => el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0;
  const out = [document.title];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest(skip) || ['SCRIPT', 'STYLE'].includes(el.tagName)) continue;
    const shown = visible(el) || (el.tagName === 'OPTION' && visible(el.parentElement));
    if (!shown) continue;
    for (const node of el.childNodes) if (node.nodeType === 3) out.push(node.nodeValue);
    for (const name of ['title', 'aria-label', 'placeholder']) if (el.hasAttribute(name)) out.push(el.getAttribute(name));
    if (el.tagName === 'INPUT' && ['button', 'submit'].includes(el.type)) out.push(el.value);
  }
  return out.map((t) => t.replace(/\\s+/g, ' ').trim()).filter(Boolean);
})()`;

/** Whether `text` is one sentence of the locale, or several side by side (a notice can say two things). */
function fromLocale(text: string, sentences: RegExp[]): boolean {
  if (sentences.some((re) => re.test(text))) return true;
  const parts = text.split(' ');
  return parts.some((_, i) => i > 0 && sentences.some((re) => re.test(parts.slice(0, i).join(' '))) && fromLocale(parts.slice(i).join(' '), sentences));
}

/** Texts of `tab` that are neither a sentence of the locale nor free of English words. */
async function foreignTexts(tab: Tab, sentences: RegExp[]): Promise<string[]> {
  const texts = await tab.run<string[]>(SHOWN_TEXTS);
  return texts.filter((text) => {
    if (fromLocale(text, sentences)) return false;
    // A number and its unit (19px, 1.7em) is a setting's value, not a sentence.
    const words =
      text
        .toLowerCase()
        .replace(/\d+(\.\d+)?(px|em|ch)\b/g, '')
        .match(/[a-z][a-z.]+/g) ?? [];
    return words.some((w) => !NAMES.has(w.replace(/\.$/, '')));
  });
}

interface Audit {
  locale: Locale;
  sentences: RegExp[];
  where: string[];
  foreign: string[];
}

async function check(tab: Tab, where: string, audit: Audit, name: string): Promise<void> {
  audit.where.push(where);
  audit.foreign.push(...(await foreignTexts(tab, audit.sentences)).map((text) => `${where}: ${text}`));
  await tab.screenshot(`${audit.locale}-${name}-${where.replace(/[^\w-]+/g, '-')}`);
}

const tabAt = (url: string) => `(async () => {
  const [tab] = await (globalThis.browser ?? globalThis.chrome).tabs.query({ url: ${JSON.stringify(url)} });
  return tab ? tab.id : null;
})()`;

async function popupOn(session: Session, helper: Tab, url: string, reported: boolean): Promise<Tab> {
  await session.openPage(url);
  if (reported) await helper.waitFor(reportedTab(url), `the report on ${url}`);
  else await helper.waitFor(tabAt(url), `a tab at ${url}`);
  const tabId = await helper.run<number>(tabAt(url));
  return session.openExtensionPage(`popup.html?tab=${tabId}`);
}

async function auditInChinese(name: BrowserName, locale: Locale): Promise<void> {
  const site: RfiSite = await start({ tls: true });
  const session = await launchOnSite(name, site, locale);
  const byKey = sentencesOf(locale);
  const audit: Audit = { locale, sentences: [...byKey.values()], where: [], foreign: [] };
  try {
    const options = await session.openExtensionPage('options.html?installed');
    await options.waitFor(`document.querySelectorAll('#shortcuts dt').length > 0`, 'the settings page');
    assert.equal(await options.run('(globalThis.browser ?? globalThis.chrome).i18n.getUILanguage()'), locale, `${name} runs in ${locale}`);
    await check(options, 'settings', audit, name);
    const helper = options;

    const article = site.fixture('cn-article');
    const popup = await popupOn(session, helper, article.httpUrl, true);
    await popup.waitFor(`document.getElementById('facts').textContent !== ''`, 'the popup on the article');
    await check(popup, 'popup article', audit, name);
    await popup.click('#save');
    await popup.waitFor(`document.getElementById('saved-state').textContent !== ''`, 'the save');
    await check(popup, 'popup saved', audit, name);

    const section = await popupOn(session, helper, site.fixture('cn-section').httpUrl, true);
    await section.waitFor(`!document.getElementById('listing').hidden`, 'the listing');
    await check(section, 'popup section', audit, name);
    await section.click('#save-all');
    await section.waitFor(`!document.getElementById('queue').hidden && document.getElementById('queue-label').textContent !== ''`, 'the queue');
    await check(section, 'popup save all', audit, name);
    // The fake site serves few of the listed articles: the rest fail (HTTP 404), which the popup must say in Chinese.
    await section.waitFor(`!document.getElementById('queue-retry').hidden`, 'save all to finish', 60_000);
    await check(section, 'popup save all done', audit, name);

    // RFI in French is refused by its address (the content script does not run there), the offline page by the detector.
    for (const [file, reason, reported] of [
      ['fr-article', 'reasonOtherEdition', false],
      ['cn-offline', 'reasonOfflinePage', true],
    ] as const) {
      const other = await popupOn(session, helper, site.fixture(file).httpUrl, reported);
      await other.waitFor(`!document.getElementById('not-article').hidden`, `the popup on ${file}`);
      const shown = await other.run<string>(`document.getElementById('reason').textContent`);
      assert.ok(byKey.get(reason)!.test(shown), `${name} ${file}: the detector's reason in Chinese, not "${shown}"`);
      await check(other, `popup ${file}`, audit, name);
    }

    const articleTab = await helper.run<number>(tabAt(article.httpUrl));
    const reader = await session.newTabFrom(() => helper.run(send('reader/open', { tabId: articleTab })), `${session.origin}/reader.html?snapshot=`);
    await reader.waitFor(`document.querySelector('main').getAttribute('aria-busy') === 'false'`, 'the reader');
    await check(reader, 'reader', audit, name);
    await reader.click('#settings-toggle');
    await reader.waitFor(`!document.getElementById('settings-panel').hidden`, 'the settings panel');
    await check(reader, 'reader settings', audit, name);

    const changed = site.fixture('cn-article-changed-layout');
    await popupOn(session, helper, changed.httpUrl, true);
    const changedTab = await helper.run<number>(tabAt(changed.httpUrl));
    const warned = await session.newTabFrom(() => helper.run(send('reader/open', { tabId: changedTab })), `${session.origin}/reader.html?snapshot=`);
    await warned.waitFor(`document.getElementById('notice').textContent !== ''`, 'the changed-layout warning');
    await check(warned, 'reader changed layout', audit, name);
    const sectionTab = await helper.run<number>(tabAt(site.fixture('cn-section').httpUrl));
    const refused = await session.newTabFrom(() => helper.run(send('reader/open', { tabId: sectionTab })), `${session.origin}/reader.html?snapshot=`);
    await refused.waitFor(`document.getElementById('notice').textContent !== ''`, 'the reader on a page that is not an article');
    await check(refused, 'reader not an article', audit, name);

    const archive = await session.openExtensionPage('archive.html');
    await archive.waitFor(`document.querySelectorAll('#list li').length > 0`, 'the archive list');
    await check(archive, 'archive', audit, name);
    await archive.type('#query', '没有这样的文章zzz');
    await archive.waitFor(`!document.getElementById('empty').hidden || document.querySelectorAll('#list li').length === 0`, 'no results');
    await check(archive, 'archive no results', audit, name);
    await archive.type('#query', '');
    await archive.waitFor(`document.querySelectorAll('#list li button.delete').length > 0`, 'the list again');
    await archive.click('#list li button.delete');
    await archive.waitFor(`!document.getElementById('undo-bar').hidden`, 'the undo bar');
    await check(archive, 'archive undo', audit, name);
    await archive.click('#delete-everything');
    await archive.waitFor(`document.getElementById('reset-dialog').open`, 'the reset dialog');
    await check(archive, 'archive reset dialog', audit, name);
  } finally {
    await session.close();
    await site.stop();
  }
  assert.deepEqual(audit.foreign, [], `${name}: English inside the Chinese interface (${audit.where.length} states read)`);
  assert.ok(audit.where.length >= 16, `${name}: ${audit.where.length} states read`);
}

test("in a zh-CN Chromium, every page and state shows only the zh_CN locale's sentences", { timeout: TIMEOUT }, () => auditInChinese('chromium', 'zh-CN'));
test("in a zh-CN Firefox ESR, every page and state shows only the zh_CN locale's sentences", { timeout: TIMEOUT }, () => auditInChinese('firefox', 'zh-CN'));
// Traditional once, in Chromium: the pages are the same, only the locale file differs.
test("in a zh-TW Chromium, every page and state shows only the zh_TW locale's sentences", { timeout: TIMEOUT }, () => auditInChinese('chromium', 'zh-TW'));
