import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { parseHtml } from '../../src/cli/parse-html';
import { loadToTraditional, toCornerQuotes } from '../../src/core/chinese-script';
import { marksToTrim, tightenCjkSpacing, tightenCjkSpacingIn } from '../../src/core/cjk-punctuation';
import { extractSnapshot } from '../../src/core/extract';
import { runText, textRuns, wrapRanges } from '../../src/core/text-runs';
import { uprightDigitRuns } from '../../src/core/upright-digits';
import { standaloneHtml } from '../../src/export/standalone-html';
import { articleToText } from '../../src/export/plain-text';
import { pageCase } from '../support/page-fixtures';
import { exportWindow } from '../support/export-items';

const body = (html: string) => {
  const doc = new JSDOM(`<div id="root">${html}</div>`).window.document;
  return doc.getElementById('root')!;
};

test('no half-width space where full-width punctuation meets Chinese or another mark; Latin spacing is kept', () => {
  const cases: [string, string][] = [
    ['中国 （法广）', '中国（法广）'],
    ['报道 ，那么', '报道，那么'],
    ['3岁零4个月。 就此', '3岁零4个月。就此'],
    ['（法新社伦敦1日电）    虽然', '（法新社伦敦1日电）虽然'],
    ['指控 “美国未能', '指控“美国未能'],
    ['他说： “好” 。', '他说：“好”。'],
    ['中国\u00a0（', '中国（'],
    ['中国\n（', '中国（'],
    // Untouched: Latin beside punctuation, Latin beside Chinese, digits, the ideographic space.
    ['Macron （法国总统）', 'Macron （法国总统）'],
    ['。 Macron 说', '。 Macron 说'],
    ['美国 华盛顿', '美国 华盛顿'],
    ['2 岁', '2 岁'],
    ['中国\u3000（', '中国\u3000（'],
    ['G20 峰会', 'G20 峰会'],
  ];
  for (const [input, expected] of cases) assert.equal(tightenCjkSpacing(input), expected, JSON.stringify(input));
});

test('in a body the rule crosses inline elements, stops at blocks and line breaks, and leaves code alone', () => {
  const root = body(
    '<p>中国 <a href="#">（法广）</a> 报道<b> </b><i>，</i>好</p><p>中国</p><p> （甲）</p><p>甲 <br> （乙</p><pre>中国 （</pre><p><code>a （</code></p>',
  );
  tightenCjkSpacingIn(root);
  assert.equal(
    root.innerHTML,
    '<p>中国<a href="#">（法广）</a>报道<b></b><i>，</i>好</p><p>中国</p><p> （甲）</p><p>甲 <br> （乙</p><pre>中国 （</pre><p><code>a （</code></p>',
  );
});

test('extraction tightens the title, the lead and the body, so the reader and every export show it so', () => {
  // cn-article (RFI's /cn/ page shape) with spaces typed before full-width marks, as in real entries
  // (rfi/1025000.md: `指控 “美国`, rfi/法广/1042100…: `战争 ，那么`).
  const html = pageCase('cn-article')
    .html.replace(/家电以旧换新补贴落地 消费回暖仍待观察/g, '家电以旧换新补贴落地 （快讯） 消费回暖仍待观察')
    .replace('商家期待补贴带来客流，', '商家期待补贴带来客流 ，')
    .replace('<p>据本台综合报道，', '<p>据本台 <strong>综合报道</strong> ，专家指控 “消费<em>不振</em>” 。');
  const result = extractSnapshot({ html, url: 'https://www.rfi.fr/cn/中国/20240312-家电以旧换新补贴落地-消费回暖仍待观察' }, parseHtml);
  assert.ok(result.ok);
  const article = result.article;
  assert.equal(article.title, '家电以旧换新补贴落地（快讯）消费回暖仍待观察');
  assert.match(article.lead, /带来客流，但/);
  assert.ok(article.text.startsWith('据本台 综合报道，专家指控“消费不振”。中国国务院'), article.text.slice(0, 40));
  assert.match(article.contentHtml, /<p>据本台 <strong>综合报道<\/strong>，专家指控“消费<em>不振<\/em>”。中国/);
  const page = new JSDOM(standaloneHtml([{ article, images: new Map() }], exportWindow).content).window.document;
  assert.doesNotMatch(page.body.textContent ?? '', /[\p{Script=Han}）] +[（，。“]/u);
  assert.doesNotMatch(articleToText(article), /[\p{Script=Han}）] +[（，。“]/u);
});

test('the marks text-spacing-trim would halve: an opening mark after a mark, a closing mark before one', () => {
  const at = (text: string) => marksToTrim(text).map((m) => `${text.slice(m.start, m.end)}${m.simplifiedOnly ? '(simplified)' : ''}`);
  assert.deepEqual(at('多。“大家'), ['“']);
  assert.deepEqual(at('甲）（乙'), ['（']);
  assert.deepEqual(at('甲，「乙'), ['「']);
  assert.deepEqual(at('甲）」乙'), ['）']);
  assert.deepEqual(at('甲）。乙'), ['）']);
  // Stops are centred in traditional fonts: trimmed in simplified text only.
  assert.deepEqual(at('他说。”'), ['。(simplified)']);
  assert.deepEqual(at('他说：“好。”'), ['“', '。(simplified)']);
  // ！ and ？ take their whole em in both scripts, and a mark beside a character has nothing to trim.
  assert.deepEqual(at('好！“甲？）'), []);
  assert.deepEqual(at('甲（乙）丙。'), []);
});

test('digit runs of one to four among Chinese stand upright in vertical text; longer tokens and Latin text do not', () => {
  const runs = (text: string) => uprightDigitRuns(text).map((r) => text.slice(r.start, r.end));
  assert.deepEqual(runs('2024年3月12日，第2波，约4分钟（5）'), ['2024', '3', '12', '2', '4', '5']);
  assert.deepEqual(runs('G20峰会、COVID-19、增长3.5%、10:15、50%、1,000人、12345人、5G、A4'), []);
  assert.deepEqual(runs('March 12, 2024 at 10:15 (Paris time)'), []);
});

test('wrapping ranges of a run splits only text nodes, across elements, and leaves the text as it was', () => {
  const root = body('<p>多。<a href="#">“大家</a>在2024年<b>3</b>月</p>');
  const [run] = textRuns(root);
  const text = runText(run!);
  wrapRanges(run!, [...marksToTrim(text).map((m) => ({ ...m, className: 'trim' })), ...uprightDigitRuns(text).map((r) => ({ ...r, className: 'upright' }))]);
  assert.equal(
    root.innerHTML,
    '<p>多。<a href="#"><span class="trim">“</span>大家</a>在<span class="upright">2024</span>年<b><span class="upright">3</span></b>月</p>',
  );
  assert.equal(root.textContent, '多。“大家在2024年3月');
});

test("traditional output writes as RFI's /tw/ edition: Taiwan character forms, 台 not 臺, 颱 and 檯 kept, RFI's own words", async () => {
  const toTraditional = await loadToTraditional();
  assert.equal(toTraditional('据本台综合报道，台湾电台的软件、视频和数据'), '據本台綜合報道，台灣電台的軟件、視頻和數據');
  assert.equal(toTraditional('台风过后，柜台和写字台'), '颱風過後，櫃檯和寫字檯');
});

test('corner quotes: “”‘’ become 「」『』, an apostrophe between letters stays', () => {
  assert.equal(toCornerQuotes('他说：“‘Macron’是RFI’s的‘朋友’。”'), '他说：「『Macron』是RFI’s的『朋友』。」');
  assert.equal(toCornerQuotes('没有引号'), '没有引号');
});

test('a hostile body: 100,000 nested inline elements and 50,000 loose spaces are walked without recursion, each once', () => {
  const doc = new JSDOM('').window.document;
  // Built from the inside out: jsdom itself recurses over the ancestors of whatever is inserted.
  const deepest = doc.createTextNode('中国 （深）');
  let nested: Node = deepest;
  for (let i = 0; i < 100_000; i++) {
    const parent = doc.createElement(i % 2 ? 'span' : 'b');
    parent.append(nested);
    nested = parent;
  }
  const root = doc.createElement('div');
  root.append(nested);
  const wide = root.appendChild(doc.createElement('p'));
  for (let i = 0; i < 50_000; i++) wide.append(doc.createElement('i'), '甲 ', doc.createElement('i'), '，');
  tightenCjkSpacingIn(root);
  assert.equal(deepest.data, '中国（深）');
  assert.equal(wide.textContent, '甲，'.repeat(50_000));
  assert.equal(textRuns(root).length, 2);
});
