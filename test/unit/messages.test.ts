// Every sentence a user reads comes from the locale files: the three locales hold the same keys with the same
// placeholders, the Chinese ones are translated, and the core's reasons are keys the locales have, which the CLI
// fills in English exactly as the browser would.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { english } from '../../src/cli/english';
import { parseHtml } from '../../src/cli/parse-html';
import { articleWarnings } from '../../src/core/article';
import { extractSnapshot } from '../../src/core/extract';
import { message } from '../../src/core/message';
import { REPO } from '../support/corpus';
import { LOCALES } from '../support/messages';
import { pageCase } from '../support/page-fixtures';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const locale = (name: string) => JSON.parse(readFileSync(join(REPO, 'src', '_locales', name, 'messages.json'), 'utf8')) as Record<string, Entry>;
const named = (text: string) => [...text.matchAll(/\$(\w+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

test('the three locales hold the same keys, each message with the placeholders it declares', () => {
  const en = locale('en');
  for (const name of LOCALES) {
    const messages = locale(name);
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(en).sort(), `${name} keys`);
    for (const [key, entry] of Object.entries(messages)) {
      assert.deepEqual(named(entry.message), Object.keys(entry.placeholders ?? {}).sort(), `${name} ${key}: placeholders used and declared`);
      assert.deepEqual(
        Object.keys(entry.placeholders ?? {}).sort(),
        Object.keys(en[key]!.placeholders ?? {}).sort(),
        `${name} ${key}: same placeholders as English`,
      );
    }
  }
});

test('Chinese messages are Chinese: none is left as the English sentence', () => {
  const en = locale('en');
  for (const name of ['zh_CN', 'zh_TW']) {
    const untranslated = Object.entries(locale(name))
      .filter(([, entry]) => /[a-z]{3,} [a-z]{3,}/i.test(entry.message) && !/\p{Script=Han}/u.test(entry.message))
      .map(([key]) => `${key}: ${en[key]!.message}`);
    assert.deepEqual(untranslated, [], name);
  }
});

test('the CLI fills a message as the browser does: named placeholders for $1…, numbers grouped', () => {
  assert.equal(
    english(message('reasonPageTooLarge', 3_000_001, 2_000_000)),
    'The page is too large to read: 3,000,001 characters of HTML (the limit is 2,000,000).',
  );
  assert.equal(english(message('saveFailedBadgeTitle', 'HTTP 404')), 'Not saved: HTTP 404');
  assert.equal(english(message('savedBadgeTitle', '标题', 3, 1)), 'Saved offline: 标题 (images: 3 saved, 1 missing)');
});

test('a page with no canonical link and no address given says so, not "Not a web address: "', () => {
  const html = pageCase('cn-article')
    .html.replace(/<link rel="canonical"[^>]*>/, '')
    .replace(/<meta property="og:url"[^>]*>/, '');
  const result = extractSnapshot({ html, url: '' }, parseHtml);
  assert.ok(!result.ok);
  assert.equal(result.reason.key, 'reasonNoAddress');
  assert.match(english(result.reason), /canonical link/);
});

test('warnings stored before they were message keys still read as the changed-layout warning', () => {
  const legacy =
    "RFI's page layout seems to have changed: RFI's rules found no article body, so a generic reader algorithm was used. Please report this page so a fixture can be added.";
  assert.deepEqual(articleWarnings([legacy]), ['warningLayoutChanged']);
  assert.deepEqual(articleWarnings(['warningLayoutChanged', 'something else']), ['warningLayoutChanged']);
});
