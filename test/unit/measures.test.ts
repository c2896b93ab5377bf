import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeLang } from '../../src/core/lang';
import { normalizeIsoDate, parseRfiDisplayDate } from '../../src/core/paris-time';
import { countCharacters, readingMinutes } from '../../src/core/text-measures';

test('Paris display times get the summer or winter offset, including around the changes', () => {
  assert.equal(parseRfiDisplayDate('24/05/2023 - 15:19'), '2023-05-24T15:19:00+02:00');
  assert.equal(parseRfiDisplayDate('28/02/2023 - 15:51'), '2023-02-28T15:51:00+01:00');
  // 2023 summer time began 26 March 02:00 and ended 29 October 03:00.
  assert.equal(parseRfiDisplayDate('26/03/2023 - 01:30'), '2023-03-26T01:30:00+01:00');
  assert.equal(parseRfiDisplayDate('26/03/2023 - 03:30'), '2023-03-26T03:30:00+02:00');
  assert.equal(parseRfiDisplayDate('29/10/2023 - 01:30'), '2023-10-29T01:30:00+02:00');
  assert.equal(parseRfiDisplayDate('29/10/2023 - 04:00'), '2023-10-29T04:00:00+01:00');
  assert.equal(parseRfiDisplayDate('31/13/2023 - 10:00'), null);
  assert.equal(parseRfiDisplayDate('hier'), null);
});

test('metadata dates keep their offset, gain one when missing, and Z becomes +00:00', () => {
  assert.equal(normalizeIsoDate('2024-03-12T10:15:00+01:00'), '2024-03-12T10:15:00+01:00');
  assert.equal(normalizeIsoDate('2024-03-12T09:15:00Z'), '2024-03-12T09:15:00+00:00');
  assert.equal(normalizeIsoDate('2024-07-01T12:00:00'), '2024-07-01T12:00:00+02:00');
  assert.equal(normalizeIsoDate('2024-07-01T12:00:00.000+0200'), '2024-07-01T12:00:00+02:00');
  assert.equal(normalizeIsoDate('yesterday'), '');
});

test('Chinese is counted in characters, not in space-separated words', () => {
  assert.equal(countCharacters('中国国家主席 习近平。'), 10);
  assert.equal(countCharacters('RFI 法广'), 5);
});

test('reading time uses 255 Chinese characters a minute and English words separately', () => {
  assert.equal(readingMinutes('字'.repeat(255 * 4)), 4);
  assert.equal(readingMinutes('字'.repeat(100)), 1);
  assert.equal(readingMinutes(`${'字'.repeat(255)} ${'word '.repeat(230)}`), 2);
});

test('language tags are reduced to script', () => {
  for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-SG', 'zh_CN', 'zh-hans-cn']) assert.equal(normalizeLang(tag), 'zh-Hans', tag);
  for (const tag of ['zh-TW', 'zh-Hant', 'zh-HK', 'zh-Hant-TW', 'zh-MO']) assert.equal(normalizeLang(tag), 'zh-Hant', tag);
  for (const tag of ['fr', 'en-US', '', null]) assert.equal(normalizeLang(tag), null, String(tag));
});
