import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { extractSnapshot } from '../../src/core/extract';
import { parseHtml } from '../../src/cli/parse-html';
import { SEEDS } from '../support/corpus';
import { leaksIn } from '../support/leaks';
import { english } from '../../src/cli/english';

const SEED = join(SEEDS, '000_252142d8092668fd.txt');

function seedArticle() {
  const result = extractSnapshot({ html: readFileSync(SEED, 'utf8'), url: '' }, parseHtml);
  assert.ok(result.ok, result.ok ? '' : english(result.reason));
  return result.article;
}

test('the seed is recognised as an RFI Chinese article from a feed entry', () => {
  const result = extractSnapshot({ html: readFileSync(SEED, 'utf8'), url: '' }, parseHtml);
  assert.equal(result.detection.kind, 'article');
  assert.equal(result.detection.source, 'feed-mirror');
  assert.match(english(result.detection.reason), /20230524/);
});

test('the seed gives its headline, URL, Paris date, lead and hero image', () => {
  const a = seedArticle();
  assert.equal(a.title, '习近平承诺有力支持俄罗斯"核心利益"');
  assert.equal(a.extractedBy, 'rfi');
  assert.equal(a.lang, 'zh-Hans');
  assert.equal(a.section, '中国');
  assert.equal(
    a.canonicalUrl,
    'https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20230524-%E4%B9%A0%E8%BF%91%E5%B9%B3%E6%89%BF%E8%AF%BA%E6%9C%89%E5%8A%9B%E6%94%AF%E6%8C%81%E4%BF%84%E7%BD%97%E6%96%AF-%E6%A0%B8%E5%BF%83%E5%88%A9%E7%9B%8A',
  );
  // 24/05/2023 - 15:19 is Paris summer time, two hours ahead of UTC.
  assert.equal(a.publishedAt, '2023-05-24T15:19:00+02:00');
  assert.equal(a.lead, '中国国家主席习近平今天向正在北京访问的俄罗斯总理承诺坚定支持俄罗斯核心利益，并呼吁加强与俄罗斯的经济合作。');
  assert.deepEqual(a.heroImage, {
    src: 'https://s.rfi.fr/media/display/636a172c-fa14-11ed-b278-005056bfb2b6/w:1280/p:16x9/AP23144325044556.jpg',
    alt: '',
    caption: '',
    credit: '',
  });
  assert.deepEqual(a.images, []);
  assert.deepEqual(a.warnings, []);
});

test('the seed body keeps every paragraph, in order, and nothing else', () => {
  const paragraphs = seedArticle().text.split('\n\n');
  const starts = [
    '据法新社今天报道称，作为前冷战时期的敌对国家',
    '北京声称在乌克兰战争冲突中保持中立',
    '俄罗斯总理是俄罗斯入侵乌克兰行动开始以来',
    '该报道引据中国新华社消息',
    '法新社说，这种模糊的表述',
    '习近平说，中国和俄罗斯应该',
    '周三早些时候，俄总理在北京',
    '中国是俄罗斯最大的贸易伙伴',
    '据李强指出，今年前四个月',
    '陪同俄总理访华的是一些俄罗斯高级官员',
    '中国去年成为俄罗斯最大的能源客户',
    '据俄罗斯新闻社报道，亚历山大-诺瓦克说',
    '分析人士说，鉴于中国的经济和外交实力',
    '2月，中国政府发布了一份文件',
  ];
  assert.equal(paragraphs.length, starts.length);
  starts.forEach((start, i) => assert.ok(paragraphs[i]!.startsWith(start), `paragraph ${i + 1}: ${paragraphs[i]}`));
  assert.ok(paragraphs.at(-1)!.endsWith('习近平邀请他的同行普京访问北京。'));
});

test('the seed loses its share bar, its promo placeholders and every icon', () => {
  const a = seedArticle();
  assert.deepEqual(leaksIn(a), []);
  assert.doesNotMatch(a.contentHtml, /facebook|whatsapp|twitter|data-selfpromo|<svg|<div/i);
});

test('the seed is measured in characters, with reading time at 255 Chinese characters a minute', () => {
  const a = seedArticle();
  assert.ok(a.length > 1000 && a.length < 1200, `length ${a.length}`);
  assert.equal(a.readingMinutes, 4);
});
