// The sanitizer's three outputs share one configuration, set once per purifier: each must still apply all of it.
// (The hostile vectors run through every path in xss-vectors.test.ts; these are the configuration's own edges.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { sanitizeHtml, sanitizeInPlace, sanitizeToFragment } from '../../src/core/sanitize';

const win = new JSDOM('').window as unknown as Window;
const IMAGE = 'https://s.rfi.fr/media/display/0d2f/w:980/p:16x9/photo.webp';

test('a <body> tag in the input leaves neither itself nor its attributes in any output', () => {
  const dirty = '<body dir="rtl" lang="ar" onload="alert(1)"><p>正文</p></body><body><p>第二段</p></body>';
  const clean = sanitizeHtml(dirty, win);
  assert.equal(clean, '<p>正文</p><p>第二段</p>');
  const fragment = sanitizeToFragment(dirty, win);
  const holder = win.document.createElement('div');
  holder.append(fragment);
  assert.equal(holder.innerHTML, '<p>正文</p><p>第二段</p>');
});

test('each output applies the whole allow-list: tags, attributes, URLs, the image hosts and the link hook', () => {
  const dirty =
    `<p onclick="x()" style="color:red" class="a">段落<script>x()</script><iframe src="https://evil.example/"></iframe></p>` +
    `<a href="javascript:x()">坏链接</a><a href="https://www.rfi.fr/cn/">链接</a>` +
    `<img src="${IMAGE}" alt="图"><img src="https://tracker.example/p.gif" alt="像素">`;
  const expected = `<p>段落</p><a>坏链接</a><a href="https://www.rfi.fr/cn/" rel="noopener noreferrer">链接</a><img src="${IMAGE}" alt="图">`;
  assert.equal(sanitizeHtml(dirty, win), expected);

  const holder = win.document.createElement('div');
  holder.append(sanitizeToFragment(dirty, win));
  assert.equal(holder.innerHTML, expected);

  const own = win.document.createElement('div');
  own.innerHTML = dirty;
  assert.equal(sanitizeInPlace(own, win).innerHTML, expected);
});

test('a body sanitized once is left as it is by sanitizing again (an import re-checks stored bodies)', () => {
  const once = sanitizeHtml(
    `<figure><img src="${IMAGE}" alt="图"><figcaption>说明 <b>粗</b></figcaption></figure><table><tr><td>格</td></tr></table><p>文<br>字</p>`,
    win,
  );
  assert.equal(sanitizeHtml(once, win), once);
});
