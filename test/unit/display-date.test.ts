import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatArticleDate } from '../../src/core/display-date';

test("Paris time is RFI's wall clock in winter and in summer, whatever offset the date was written in", () => {
  // 12 March: UTC+1. 15 April: UTC+2. The same instant written with two offsets reads the same.
  assert.equal(formatArticleDate('2024-03-12T09:15:00+00:00', 'zh-CN', 'paris'), '2024年3月12日 10:15');
  assert.equal(formatArticleDate('2024-03-12T17:15:00+08:00', 'zh-CN', 'paris'), '2024年3月12日 10:15');
  assert.equal(formatArticleDate('2024-04-15T06:30:00+00:00', 'zh-TW', 'paris'), '2024年4月15日 08:30');
  assert.equal(formatArticleDate('2023-05-24T15:19:00+02:00', 'en-US', 'paris'), 'May 24, 2023 at 15:19');
  // Around the change of 31 March 2024 (02:00 → 03:00 Paris, 01:00 UTC) and across midnight.
  assert.equal(formatArticleDate('2024-03-31T00:59:00Z', 'zh-CN', 'paris'), '2024年3月31日 01:59');
  assert.equal(formatArticleDate('2024-03-31T01:00:00Z', 'zh-CN', 'paris'), '2024年3月31日 03:00');
  assert.equal(formatArticleDate('2024-12-31T23:30:00Z', 'zh-CN', 'paris'), '2025年1月1日 00:30');
});

test("the same date in the device's own zone: Taipei, then New York", (t) => {
  const before = process.env['TZ'];
  t.after(() => {
    if (before === undefined) delete process.env['TZ'];
    else process.env['TZ'] = before;
  });
  process.env['TZ'] = 'Asia/Taipei';
  assert.equal(formatArticleDate('2024-03-12T09:15:00Z', 'zh-TW', 'local'), '2024年3月12日 17:15');
  process.env['TZ'] = 'America/New_York';
  assert.equal(formatArticleDate('2024-03-12T09:15:00Z', 'en-US', 'local'), 'March 12, 2024 at 05:15');
  // Paris time does not move with the device.
  assert.equal(formatArticleDate('2024-03-12T09:15:00Z', 'en-US', 'paris'), 'March 12, 2024 at 10:15');
});

test('a missing or unreadable date gives nothing to show', () => {
  for (const value of ['', 'yesterday', '2024-13-45T99:00:00Z']) {
    assert.equal(formatArticleDate(value, 'zh-CN', 'paris'), '');
    assert.equal(formatArticleDate(value, 'zh-CN', 'local'), '');
  }
});
