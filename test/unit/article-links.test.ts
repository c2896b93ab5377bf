import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHtml } from '../../src/cli/parse-html';
import { articleLinksOf } from '../../src/content/article-links';
import { pageCase } from '../support/page-fixtures';

test('"save all" on a section page queues each linked article once, canonical, in page order', () => {
  const { html, url } = pageCase('cn-section');
  // An oracle that knows nothing of URL parsing: the distinct hrefs with a YYYYMMDD- segment under /cn/ or /tw/.
  const expected = [
    ...new Set(
      [...html.matchAll(/href="((?:https:\/\/www\.rfi\.fr)?\/(?:cn|tw)\/[^"]*\/\d{8}-[^"]*)"/g)].map((m) => new URL(m[1]!, 'https://www.rfi.fr').href),
    ),
  ];
  const urls = articleLinksOf(parseHtml(html, url));
  assert.ok(expected.length >= 5, 'the fixture links several articles');
  assert.deepEqual(urls, expected);
  assert.equal(decodeURIComponent(urls[0]!), 'https://www.rfi.fr/cn/中国/20240312-家电以旧换新补贴落地-消费回暖仍待观察');
});

test('"save all" takes no section, tag, other-edition or other-site link', () => {
  const doc = parseHtml(
    `<a href="/cn/中国/">section</a><a href="/cn/关键词/两会/">tag</a><a href="/fr/france/20240312-x">French</a>
     <a href="https://example.com/cn/20240312-x">elsewhere</a><a href="/tw/中國/20240312-台灣">ok</a>
     <a href="http://rfi.fr/tw/中國/20240312-台灣?utm=x#top">same article again</a>`,
    'https://www.rfi.fr/cn/',
  );
  assert.deepEqual(articleLinksOf(doc).map(decodeURIComponent), ['https://www.rfi.fr/tw/中國/20240312-台灣']);
});
