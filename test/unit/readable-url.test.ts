import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readableUrl } from '../../src/core/readable-url';
import { fixtureArticle, seedArticle } from '../support/export-items';

test('RFI addresses read as their Chinese slugs, and that text leads back to the very same address', () => {
  const articles = [seedArticle(), fixtureArticle('cn-article'), fixtureArticle('tw-article')];
  assert.equal(readableUrl(articles[0]!.canonicalUrl), 'https://www.rfi.fr/cn/中国/20230524-习近平承诺有力支持俄罗斯-核心利益');
  assert.equal(readableUrl(articles[2]!.canonicalUrl), 'https://www.rfi.fr/tw/港澳台/20240415-台灣離岸風電進入第三階段-在地供應鏈面臨考驗');
  // Typed or pasted, the readable form is the original address again.
  for (const { canonicalUrl } of articles) assert.equal(new URL(readableUrl(canonicalUrl)).href, canonicalUrl);
});

test('escapes that would change how the address reads stay escaped: separators, spaces, percent, quotes, brackets', () => {
  assert.equal(
    readableUrl('https://www.rfi.fr/cn/a%2Fb%3Fc%23d%26e%3Df%25g%20h%22i%3Cj%3E%5C'),
    'https://www.rfi.fr/cn/a%2Fb%3Fc%23d%26e%3Df%25g%20h%22i%3Cj%3E%5C',
  );
  // Unreserved ASCII is the same escaped or not.
  assert.equal(readableUrl('https://www.rfi.fr/cn/%41%7E%2D'), 'https://www.rfi.fr/cn/A~-');
});

test('nothing invisible or reordering is ever decoded: bidi controls, zero-width and other format characters, controls, odd spaces', () => {
  const hidden = [
    '\u202e',
    '\u2066',
    '\u200f',
    '\u200b',
    '\u2060',
    '\ufeff',
    '\u00ad',
    '\u034f',
    '\u115f',
    '\u3164',
    '\ufe0f',
    '\u0000',
    '\u001b',
    '\u0085',
    '\u00a0',
    '\u2028',
    '\u3000',
    '\ue000',
    '\u0301',
    '\u{e0041}',
    '\u2215',
    '\uff0f',
  ];
  for (const char of hidden) {
    const escaped = encodeURIComponent(char);
    assert.equal(readableUrl(`https://www.rfi.fr/cn/${escaped}x`), `https://www.rfi.fr/cn/${escaped}x`, `U+${char.codePointAt(0)!.toString(16)} was decoded`);
    // Written raw in a stored record, the same characters are shown escaped.
    assert.equal(readableUrl(`https://www.rfi.fr/cn/${char}x`), `https://www.rfi.fr/cn/${escaped}x`, `raw U+${char.codePointAt(0)!.toString(16)} was shown`);
  }
  assert.doesNotMatch(readableUrl('https://www.rfi.fr/cn/\ud800'), /[\ud800-\udfff]/u);
});

test('bytes that are not UTF-8 stay as written, and the good ones around them are still decoded', () => {
  assert.equal(readableUrl('https://www.rfi.fr/cn/%FF%E4%B8%AD%C0%AF%E4%B8'), 'https://www.rfi.fr/cn/%FF中%C0%AF%E4%B8');
  assert.equal(readableUrl('https://www.rfi.fr/cn/%ED%A0%80'), 'https://www.rfi.fr/cn/%ED%A0%80');
});

test('the host is shown as written, however it is escaped; query and fragment read like the path', () => {
  assert.equal(
    readableUrl('https://www.rfi%2Efr%E3%80%82evil.example/cn/%E4%B8%AD?q=%E4%B8%AD#%E4%B8%AD'),
    'https://www.rfi%2Efr%E3%80%82evil.example/cn/中?q=中#中',
  );
});
