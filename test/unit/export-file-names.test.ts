import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageBaseName, safeName, UniqueNames } from '../../src/export/file-names';

test('file names keep Chinese and ASCII, and turn every character a file system might refuse into one hyphen', () => {
  assert.equal(safeName('习近平承诺有力支持俄罗斯"核心利益"', 60), '习近平承诺有力支持俄罗斯-核心利益');
  assert.equal(safeName('a/b\\c:d*e?f"g<h>i|j\u0000k', 60), 'a-b-c-d-e-f-g-h-i-j-k');
  assert.equal(safeName('  ..隱藏 檔案..  ', 60), '隱藏-檔案');
  assert.equal(safeName('ＡＢＣ１２３（全角）', 60), 'ABC123-全角');
  assert.equal(safeName('😀🎉', 60), '');
  assert.equal(safeName('con', 60), 'con-1');
});

test('file names are short: cut by characters, never inside one, and never ending in a hyphen', () => {
  assert.equal(safeName('一二三四五 六七八', 6), '一二三四五');
  assert.equal(Array.from(safeName('长'.repeat(200), 48)).length, 48);
});

test("image names come from the URL's own file name, decoded and made safe", () => {
  assert.equal(imageBaseName('https://s.rfi.fr/media/display/x/w:1280/p:16x9/AP23144325044556.jpg'), 'AP23144325044556');
  assert.equal(imageBaseName('https://s.rfi.fr/media/display/x/EACRF%20Commander%20Maj.jpg?v=2'), 'EACRF-Commander-Maj');
  assert.equal(imageBaseName('https://s.rfi.fr/media/display/x/%E5%9C%96.webp'), '圖');
  assert.equal(imageBaseName('https://s.rfi.fr/media/display/x/%E0%A4%A.jpg'), 'E0-A4-A');
  assert.equal(imageBaseName('https://s.rfi.fr/'), 'image');
});

test('names handed out in one archive never collide, even differing only in case', () => {
  const names = new UniqueNames();
  assert.deepEqual(
    ['a', 'A', 'a', 'b'].map((base) => names.claim(base, 'md')),
    ['a.md', 'A-2.md', 'a-3.md', 'b.md'],
  );
});
