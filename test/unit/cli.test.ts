import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { cli, scratchDir, SEED } from '../support/cli';
import { readFrontMatter, renderedBody } from '../support/markdown-render';

test('extract prints the Article of one entry as JSON', () => {
  const run = cli('extract', SEED);
  assert.equal(run.status, 0, run.stderr);
  const article = JSON.parse(run.stdout);
  assert.equal(article.title, '习近平承诺有力支持俄罗斯"核心利益"');
  assert.equal(article.extractedBy, 'rfi');
  for (const key of [
    'url',
    'canonicalUrl',
    'lang',
    'lead',
    'byline',
    'section',
    'tags',
    'publishedAt',
    'modifiedAt',
    'heroImage',
    'images',
    'contentHtml',
    'text',
    'length',
    'readingMinutes',
  ]) {
    assert.ok(key in article, key);
  }
});

test('a file that is not an RFI Chinese article gets a one-line reason and status 2', (t) => {
  const dir = scratchDir(t);
  const other = join(dir, 'dw.md');
  writeFileSync(other, '<!--1700000000000-->\n[标题](https://www.dw.com/zh/x/a-1)\n------\n\n<div><p>正文</p></div>');
  const run = cli('extract', other);
  assert.equal(run.status, 2);
  assert.equal(run.stdout.trim(), 'null');
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.match(run.stderr, /not an RFI Chinese article: Not an RFI page: www\.dw\.com/);
});

test('a directory is a batch: progress on stderr, a bad file skipped, a summary, files written to --out', (t) => {
  const dir = scratchDir(t);
  const input = join(dir, 'in');
  mkdirSync(input);
  copyFileSync(SEED, join(input, 'a-seed.txt'));
  writeFileSync(join(input, 'b-broken.html'), '<html><body><div class="t-content__body"><p>未');
  writeFileSync(join(input, 'c-other.md'), '<!--1700000000000-->\n[x](https://www.rfi.fr/fr/france/20230524-x)\n------\n\n<div><p>texte</p></div>');
  const out = join(dir, 'out');
  const run = cli('extract', input, '--format', 'md', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /\[1\/3\]/);
  assert.match(run.stderr, /\[3\/3\].*c-other\.md: not an RFI Chinese article/);
  assert.match(run.stderr, /3 files: 1 extracted, 2 refused, 0 failed/);
  const written = readdirSync(out);
  assert.deepEqual(written, ['20230524-习近平承诺有力支持俄罗斯-核心利益.md']);
  const md = readFileSync(join(out, written[0]!), 'utf8');
  assert.equal(readFrontMatter(md).title, '习近平承诺有力支持俄罗斯"核心利益"');
  const shown = renderedBody(md);
  assert.equal(shown.querySelector('h1')?.textContent, '习近平承诺有力支持俄罗斯"核心利益"');
  assert.match(shown.querySelector('img')?.getAttribute('src') ?? '', /^https:\/\/s\.rfi\.fr\/media\/display\//);
});

test('--format html writes a standalone page that forbids scripts and shows the article', () => {
  const run = cli('extract', SEED, '--format', 'html');
  assert.equal(run.status, 0, run.stderr);
  const doc = new JSDOM(run.stdout).window.document;
  assert.equal(doc.documentElement.lang, 'zh-Hans');
  assert.equal(doc.querySelector('h1')?.textContent, '习近平承诺有力支持俄罗斯"核心利益"');
  assert.match(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '', /default-src 'none'/);
  assert.equal(doc.querySelectorAll('script').length, 0);
  assert.equal(doc.querySelectorAll('article p').length > 14, true);
  assert.equal(doc.querySelector('time')?.getAttribute('datetime'), '2023-05-24T15:19:00+02:00');
});

test('usage errors and missing files exit 1 with a message', () => {
  assert.equal(cli().status, 1);
  assert.match(cli('extract').stderr, /No input/);
  assert.match(cli('extract', SEED, '--format', 'pdf').stderr, /--format takes one of/);
  const missing = cli('extract', '/nonexistent/file.html');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read/);
});

test('--out names a file as the extension does: no bidi or control characters, separators, dot-dot or device names', (t) => {
  const dir = scratchDir(t);
  const input = join(dir, 'in');
  mkdirSync(input);
  const seed = readFileSync(SEED, 'utf8');
  // The seed entry with only its title changed: what a hostile or broken feed item could carry.
  const titled = (title: string) => seed.replace(/^\[[^\]]*\]/m, `[${title}]`);
  const hostile = ['\u202e\u2066习近平\u2069\u200f\u061c../..\\..\\evil\u0000\u0007\u0085\u009b<>:"|?*.exe', 'CON', '..', '长'.repeat(300), '\u202egpj.exe'];
  hostile.forEach((title, i) => writeFileSync(join(input, `${i}.txt`), titled(title)));
  const out = join(dir, 'out');
  const run = cli('extract', input, '--format', 'text', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ['in', 'out'], 'nothing was written outside --out');
  const written = readdirSync(out).sort();
  assert.equal(written.length, hostile.length, `one file per article: ${written.join(' ')}`);
  for (const name of written) {
    assert.doesNotMatch(name, /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c/\\:*?"<>|]/u, name);
    assert.doesNotMatch(name, /^\.|\.\./, name);
    assert.doesNotMatch(name.replace(/\.txt$/, ''), /^(con|prn|aux|nul|com\d|lpt\d)$/i, name);
    assert.ok(name.length <= 60, `${name} is short enough for any file system`);
    assert.match(name, /^20230524(-[^.]+)?(-\d+)?\.txt$/u, name);
  }
  assert.ok(written.includes('20230524-习近平-evil-exe.txt'), written.join(' '));
  assert.ok(written.includes('20230524-gpj-exe.txt'), 'a right-to-left override cannot disguise the extension');
});
