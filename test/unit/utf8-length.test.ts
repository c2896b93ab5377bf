import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utf8Length } from '../../src/archive/prepare';
import { prng } from '../support/fuzz';

// utf8Length counts what an article weighs in the archive's size display and limits; it must agree with what
// the browser actually writes, which is TextEncoder's output.
const encoder = new TextEncoder();
const encodedLength = (s: string): number => encoder.encode(s).length;

function assertCounted(s: string, message?: string): void {
  const shown = message ?? JSON.stringify(s);
  assert.equal(utf8Length(s), encodedLength(s), `${shown}: ${[...s].map((c) => c.codePointAt(0)!.toString(16)).join(' ')}`);
}

test('ASCII, accented Latin, Cyrillic and Chinese are counted as UTF-8 writes them', () => {
  assert.equal(utf8Length(''), 0);
  assert.equal(utf8Length('RFI 2024'), 8);
  assert.equal(utf8Length('Café'), 5);
  assert.equal(utf8Length('习近平'), 9);
  assert.equal(utf8Length('習近平，ＡＰＥＣ'), 24);
  for (const s of ['Москва', 'Ελλάδα', '«»—…', '法国国际广播电台 RFI', '\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff']) assertCounted(s);
});

test('emoji and other characters beyond the BMP count four bytes per surrogate pair', () => {
  assert.equal(utf8Length('😀'), 4);
  assert.equal(utf8Length('𠀀'), 4); // CJK Extension B, found in names
  assert.equal(utf8Length('a😀b'), 6);
  for (const s of ['\u{10000}', '\u{10ffff}', '👨‍👩‍👧', '🇫🇷', '𪚥𠮷野家']) assertCounted(s);
});

test('lone surrogates count as the three bytes of the U+FFFD that replaces them', () => {
  // Text cut in the middle of an emoji (a truncated title) reaches the archive with half a pair.
  assert.equal(utf8Length('\ud83d'), 3, 'a lone high surrogate');
  assert.equal(utf8Length('\ude00'), 3, 'a lone low surrogate');
  assert.equal(utf8Length('abc\ud83d'), 6, 'a high surrogate at the very end');
  assert.equal(utf8Length('\ude00\ud83d'), 6, 'a pair in the wrong order is two lone surrogates');
  assert.equal(utf8Length('\ude00\ude00'), 6, 'two low surrogates are not a pair');
  assert.equal(utf8Length('\ud83d\ud83d\ude00'), 7, 'a lone high surrogate followed by a pair');
  assert.equal(utf8Length('\ud83d\ude00\ude00'), 7, 'a pair followed by a lone low surrogate');
  for (const s of ['\ud800', '\udbff', '\udc00', '\udfff', '\ud800a', 'x\udc00\ud800y', '\ud800\u4e2d']) assertCounted(s);
});

test('random mixes of all of these agree with TextEncoder', () => {
  // Pieces chosen so that concatenation makes new pairs, broken pairs and pairs at the ends.
  const pieces = ['a', ' ', '\n', '~', 'é', 'ж', '\u07ff', '中', '國', '，', '\uffff', '😀', '𠀀', '\u{10ffff}', '\ud83d', '\ude00', '\udbff', '\udc00'];
  const rng = prng(8);
  for (let round = 0; round < 5000; round++) {
    let s = '';
    for (let n = rng.int(12); n > 0; n--) s += rng.pick(pieces);
    assertCounted(s, `round ${round}`);
  }
  // And one long string, as an article body is.
  let long = '';
  for (let n = 0; n < 50_000; n++) long += rng.pick(pieces);
  assertCounted(long, 'a 50,000-piece string');
});
