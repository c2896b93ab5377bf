// Chinese typography in the reader, in real browsers (headless Chromium and Firefox ESR, Noto CJK fonts): no
// half-width space beside full-width marks; "。“" closes up to one and a half ems in both browsers (Chromium by
// text-spacing-trim, Firefox by the font's half-width forms on marked punctuation); short digit runs stand
// upright in one em in vertical mode; traditional script in Taiwan forms, with 「」 quotes as a setting.
// Prints the measured widths. Run scripts/build.mjs first.
//
// Screenshots: test-artifacts/reader-typography-<browser>-{horizontal,vertical,traditional}.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageCase } from '../support/page-fixtures';
import { openReaderOn, READER_RENDERED } from './reader-tab';
import { start } from './rfi-site';
import { launchOnSite, type Session, type Tab } from './session';

const TEST_TIMEOUT = 120_000;
const ARTICLE = pageCase('cn-article');
/**
 * A first paragraph for cn-article (RFI's /cn/ page shape) with what real entries hold: "。“" and "。”"
 * around a quotation (cn-article itself), a space typed before full-width marks (rfi/1025000.md
 * `指控 “美国`), dates in Arabic digits and a token with digits (`G20`). The marks come first, so no line or
 * column break falls between them (Chromium trims no mark at the start of a line).
 */
const FIRST = '<p>他说。“排版。”本台报道 （法广） ，今天是2024年3月12日，G20峰会前夕。</p>';

/**
 * Page-side: the extent of the first occurrence of `text` in the body along the line, in ems of the body's font
 * size: its boxes summed, so a line or column break inside it changes nothing.
 */
const EXTENT = (text: string) => `(() => {
  const content = document.querySelector('main article .content');
  const nodes = [];
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  const joined = nodes.map((n) => n.data).join('');
  const at = joined.indexOf(${JSON.stringify(text)});
  if (at < 0) return null;
  // Both ends inside text nodes (the start at the start of the node holding the first character), so no element
  // lies wholly inside the range to add its own box.
  const point = (offset, end) => { let i = 0; for (const n of nodes) { if (end ? offset <= i + n.data.length : offset < i + n.data.length) return [n, offset - i]; i += n.data.length; } };
  const range = document.createRange();
  range.setStart(...point(at, false));
  range.setEnd(...point(at + ${text.length}, true));
  const em = parseFloat(getComputedStyle(content).fontSize);
  const vertical = getComputedStyle(document.querySelector('main')).writingMode.startsWith('vertical');
  const extent = [...range.getClientRects()].reduce((sum, box) => sum + (vertical ? box.height : box.width), 0);
  return Math.round((extent / em) * 100) / 100;
})()`;

const FIRST_TEXT = `document.querySelector('main article .content p').textContent`;

/** Page-side: turns the Firefox fallback off (or Chromium's trimming), measures, and puts it back. */
const UNTRIMMED = (text: string) => `(() => {
  const article = document.querySelector('main article');
  const marked = [...article.querySelectorAll('.trim, .trim-simplified')];
  marked.forEach((m) => m.dataset.was = m.className);
  marked.forEach((m) => m.className = '');
  article.style.textSpacingTrim = 'space-all';
  const extent = ${EXTENT(text)};
  marked.forEach((m) => m.className = m.dataset.was);
  article.style.textSpacingTrim = '';
  return extent;
})()`;

async function toggle(reader: Tab, selector: string, shown: string, what: string): Promise<void> {
  if (!(await reader.run<boolean>(`!document.getElementById('settings-panel').hidden`))) await reader.click('#settings-toggle');
  await reader.click(selector);
  await reader.waitFor(shown, what);
}

const near = (actual: number | null, expected: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= 0.05, `${what}: ${actual} em, expected ${expected}`);

async function typography(session: Session): Promise<void> {
  const { reader } = await openReaderOn(session, ARTICLE.url.replace('https:', 'http:'));
  const screenshot = (what: string) => reader.screenshot(`reader-typography-${session.name}-${what}`);
  await reader.waitFor(READER_RENDERED, 'the reader to render');
  const figures: Record<string, number | null> = {};

  // Extraction took out the spaces typed beside full-width marks; the one between Chinese and Latin stays.
  assert.equal(await reader.run<string>(FIRST_TEXT), '他说。“排版。”本台报道（法广），今天是2024年3月12日，G20峰会前夕。');

  // "。“": one and a half ems, trimmed by the browser itself only where it can.
  const native = await reader.run<boolean>(`CSS.supports('text-spacing-trim', 'normal')`);
  assert.equal(native, session.name === 'chromium', 'text-spacing-trim support');
  const marked = await reader.run<string[]>(`[...document.querySelectorAll('main article .trim, main article .trim-simplified')].map((m) => m.textContent)`);
  if (native) assert.deepEqual(marked, []);
  else assert.ok(marked.includes('“') && marked.includes('。'), `marked for trimming: ${marked.join(' ')}`);
  figures['horizontal 。“ untrimmed'] = await reader.run<number | null>(UNTRIMMED('。“'));
  figures['horizontal 。“'] = await reader.run<number | null>(EXTENT('。“'));
  figures['horizontal 。”'] = await reader.run<number | null>(EXTENT('。”'));
  near(figures['horizontal 。“ untrimmed'], 2, 'two marks without trimming');
  near(figures['horizontal 。“'], 1.5, '。“');
  near(figures['horizontal 。”'], 1.5, '。”');
  // Digits are marked, but lie as they are in horizontal text.
  assert.deepEqual(await reader.run(`[...document.querySelectorAll('main article .content p:first-child .upright')].map((s) => s.textContent)`), [
    '2024',
    '3',
    '12',
  ]);
  assert.equal(await reader.run(`getComputedStyle(document.querySelector('main article .upright')).textCombineUpright`), 'none');
  await screenshot('horizontal');

  // Vertical: short digit runs upright in one em each, G20 on its side, the marks still trimmed.
  await toggle(reader, 'input[name=vertical]', `getComputedStyle(document.querySelector('main')).writingMode === 'vertical-rl'`, 'vertical mode');
  await reader.press('Escape');
  assert.equal(await reader.run(`getComputedStyle(document.querySelector('main article .upright')).textCombineUpright`), 'all');
  figures['vertical 2024'] = await reader.run<number | null>(EXTENT('2024'));
  figures['vertical 12'] = await reader.run<number | null>(EXTENT('12日'));
  figures['vertical G20'] = await reader.run<number | null>(EXTENT('G20'));
  figures['vertical 。“'] = await reader.run<number | null>(EXTENT('。“'));
  near(figures['vertical 2024'], 1, '2024 upright');
  near(figures['vertical 12'], 2, '12日: two ems');
  assert.ok(figures['vertical G20']! > 1.3, `G20 is not on its side: ${figures['vertical G20']} em`);
  near(figures['vertical 。“'], 1.5, 'vertical 。“');
  await screenshot('vertical');
  await toggle(reader, 'input[name=vertical]', `getComputedStyle(document.querySelector('main')).writingMode === 'horizontal-tb'`, 'horizontal mode');

  // Traditional as Taiwan writes it: 本台, 「」 quotes (the default), "。「" trimmed too; RFI's own words kept.
  await toggle(reader, 'input[name=script][value=traditional]', `${FIRST_TEXT}.includes('他說')`, 'traditional text');
  assert.equal(await reader.run<string>(FIRST_TEXT), '他說。「排版。」本台報道（法廣），今天是2024年3月12日，G20峰會前夕。');
  assert.ok(
    (await reader.run<string>(`document.querySelector('main article .content').textContent`)).includes('點擊視頻'),
    "RFI's own words, in traditional characters",
  );
  figures['traditional 。「'] = await reader.run<number | null>(EXTENT('。「'));
  near(figures['traditional 。「'], 1.5, '。「');
  await screenshot('traditional');
  // Corner quotes off: the quotes RFI wrote.
  await toggle(reader, 'input[name=cornerQuotes]', `${FIRST_TEXT}.startsWith('他說。“排版。”')`, 'curly quotes back');
  assert.equal(await reader.run(`(globalThis.browser ?? globalThis.chrome).storage.local.get('settings').then((s) => s.settings.cornerQuotes)`), false);

  console.log(
    `# ${session.name} (em): ${Object.entries(figures)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}

async function onTypographyPage(name: 'chromium' | 'firefox'): Promise<void> {
  const html = ARTICLE.html.replace('<p>据本台综合报道，', `${FIRST}<p>据本台综合报道，`);
  const site = await start({ tls: true, extraPages: { [ARTICLE.url]: html } });
  try {
    const session = await launchOnSite(name, site);
    try {
      await typography(session);
    } finally {
      await session.close();
    }
  } finally {
    await site.stop();
  }
}

test('Chinese typography in the Chromium reader: spacing, 。“ trimmed, upright digits, Taiwan forms and 「」', { timeout: TEST_TIMEOUT }, () =>
  onTypographyPage('chromium'),
);
test('Chinese typography in the Firefox ESR reader: spacing, 。“ trimmed, upright digits, Taiwan forms and 「」', { timeout: TEST_TIMEOUT }, () =>
  onTypographyPage('firefox'),
);
