import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect } from '../../src/core/detect';
import { parseHtml } from '../../src/cli/parse-html';
import { canonicalizeRfiUrl, parseRfiUrl } from '../../src/core/rfi-url';
import { english } from '../../src/cli/english';

const ARTICLE_META =
  '<meta property="og:type" content="article"><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"标题"}</script>';
const page = (head: string, body = '<p>正文</p>', lang = 'zh-CN') => `<!doctype html><html lang="${lang}"><head>${head}</head><body>${body}</body></html>`;
const run = (url: string, html = page(ARTICLE_META), fromFeed = false) => detect({ doc: parseHtml(html, url), url, fromFeed });

test('an article URL in the simplified edition, percent-encoded or decoded, is ours', () => {
  for (const url of ['https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20230524-%E4%B9%A0%E8%BF%91%E5%B9%B3', 'https://www.rfi.fr/cn/中国/20230524-习近平']) {
    const d = run(url);
    assert.equal(d.kind, 'article', url);
    assert.equal(d.lang, 'zh-Hans');
    assert.match(english(d.reason), /20230524/);
    assert.match(english(d.reason), /NewsArticle/);
  }
});

test('the traditional edition is ours and reads as zh-Hant', () => {
  const d = run('https://www.rfi.fr/tw/中國/20240312-台灣', page(ARTICLE_META, '<p>正文</p>', 'zh-TW'));
  assert.equal(d.kind, 'article');
  assert.equal(d.lang, 'zh-Hant');
});

test('page lang zh-CN, zh-Hans and zh all mean simplified Chinese', () => {
  for (const lang of ['zh-CN', 'zh-Hans', 'zh', 'zh-Hans-CN', 'ZH_cn']) {
    assert.equal(run('https://www.rfi.fr/cn/中国/20230524-x', page(ARTICLE_META, '<p>x</p>', lang)).lang, 'zh-Hans', lang);
  }
});

test('an AFP wire without date or section is an article when its metadata says so', () => {
  assert.equal(run('http://www.rfi.fr//cn/%E6%AC%A7%E8%82%A1%E6%94%B6%E9%AB%98').kind, 'article');
});

test('section, home and listing pages are RFI pages that are not articles, with the reason', () => {
  const listing = page('<meta property="og:type" content="website">', '<h2 class="article__title"><a href="/cn/中国/20230524-x">标题</a></h2>');
  for (const url of ['https://www.rfi.fr/cn/', 'https://www.rfi.fr/cn/中国/', 'https://www.rfi.fr/cn/视频/', 'https://www.rfi.fr/cn/tag/台湾/']) {
    const d = run(url, listing);
    assert.equal(d.kind, 'rfi-non-article', url);
    assert.equal(d.isArticle, false);
    assert.match(english(d.reason), /not an article/);
    assert.match(english(d.reason), /og:type website/);
  }
});

test('RFI articles in other editions are not ours', () => {
  const d = run('https://www.rfi.fr/fr/france/20230524-un-article');
  assert.equal(d.kind, 'rfi-other-language');
  assert.match(english(d.reason), /\/fr\//);
  assert.equal(run('https://www.rfi.fr/en/').kind, 'rfi-other-language');
});

test('other sites, look-alike hosts and RFI media hosts are not ours', () => {
  for (const url of [
    'https://www.dw.com/zh/x/a-1',
    'https://rfi.fr.example.com/cn/中国/20230524-x',
    'https://s.rfi.fr/media/display/x.jpg',
    'ftp://www.rfi.fr/cn/x',
    'not a url',
  ]) {
    assert.equal(run(url).isArticle, false, url);
    assert.equal(run(url).kind, 'other-site', url);
  }
});

test('an empty page is refused as having no content', () => {
  const d = run('https://www.rfi.fr/cn/中国/20230524-x', '');
  assert.equal(d.kind, 'no-content');
  assert.match(english(d.reason), /empty/);
});

test('feed entries are articles by the feed alone', () => {
  assert.equal(run('https://www.rfi.fr/cn/%E6%AC%A7%E8%82%A1', page(''), true).kind, 'article');
});

test('URL parsing tolerates stray percent signs and collapses doubled slashes', () => {
  assert.equal(parseRfiUrl('https://www.rfi.fr/cn/100%-x/20230524-y')?.date, '20230524');
  assert.equal(parseRfiUrl('https://www.rfi.fr/cn/中国/20231399-x')?.date, null);
  assert.equal(
    canonicalizeRfiUrl('http://rfi.fr//cn/中国/20230524-习近平?utm_source=x#top'),
    'https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20230524-%E4%B9%A0%E8%BF%91%E5%B9%B3',
  );
  assert.equal(canonicalizeRfiUrl('https://www.rfi.fr/cn/%e4%b8%ad%e5%9b%bd/'), 'https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/');
});
