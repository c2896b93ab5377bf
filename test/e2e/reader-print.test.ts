// The reader printed to PDF in real browsers (Chromium's and Firefox's own PDF printers, read back with
// poppler's pdftotext): the paper names RFI and the article's address, readable, where the screen has a link;
// the toolbar and the on-screen link text are not printed; vertical mode prints horizontally. Also on screen,
// the date is Paris time with the zone named. Run scripts/build.mjs first.
//
// Artifacts: test-artifacts/reader-print-<browser>.pdf and .txt.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readableUrl } from '../../src/core/readable-url';
import { en } from '../support/messages';
import { fixtureArticle } from '../support/export-items';
import { openReaderOn, READER_RENDERED } from './reader-tab';
import type { RfiSite } from './rfi-site';
import { ARTIFACTS, onFakeSite, type Session } from './session';

const TEST_TIMEOUT = 90_000;
const ARTICLE = 'cn-article';

/**
 * The PDF's text, as pdftotext lays it out. NFKC undoes what Firefox's PDF fonts map some glyphs back to (the
 * ligature ﬁ, Kangxi radicals such as ⼤ for 大).
 */
function pdfText(pdf: Buffer): string {
  const run = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.error?.message ?? run.stderr}`);
  return run.stdout.normalize('NFKC');
}

/**
 * Whether `printed` (line breaks ignored) holds `expected`. Firefox's PDF fonts leave many CJK glyphs without a
 * Unicode mapping, which pdftotext gives as U+FFFD or a CJK radical: with `unmapped`, such a character stands
 * for any Han character (every other character must still be exact). Chromium's PDF is read exactly.
 */
const UNMAPPED = /[\ufffd\u2e80-\u2eff]/u;

function printedIncludes(printed: string, expected: string, unmapped: boolean): boolean {
  const flat = printed.replace(/\s+/g, '');
  const wanted = expected.normalize('NFKC').replace(/\s+/g, '');
  const han = (c: string) => (unmapped && /\p{Script=Han}/u.test(c) ? `(?:${c}|${UNMAPPED.source})` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(Array.from(wanted, han).join(''), 'u').test(flat);
}

async function printReader(session: Session, site: RfiSite): Promise<void> {
  const article = fixtureArticle(ARTICLE);
  // Printing must not depend on how the reader is shown on screen: vertical columns print as horizontal lines.
  const { reader } = await openReaderOn(
    session,
    site.fixture(ARTICLE).httpUrl,
    `(globalThis.browser ?? globalThis.chrome).storage.local.set({ settings: { vertical: true } })`,
  );
  await reader.waitFor(READER_RENDERED, 'the reader to render');

  // On screen: a link to the original, no written-out address; the date in Paris time, named.
  const screen = await reader.run<{ link: string; href: string; printShown: boolean; time: string }>(`(() => {
    const source = document.querySelector('main article .source');
    return { link: source.querySelector('a').textContent, href: source.querySelector('a').href,
      printShown: source.querySelector('.print-source').getClientRects().length > 0, time: document.querySelector('main article time').textContent };
  })()`);
  assert.equal(screen.link, en('readOriginal'));
  assert.equal(screen.href, article.canonicalUrl);
  assert.equal(screen.printShown, false, 'the written-out source shows on screen');
  // 09:15 UTC on 12 March is 10:15 in Paris; the browsers run in English.
  assert.ok(screen.time.startsWith(`March 12, 2024 at 10:15 ${en('parisTime')}`), screen.time);

  const pdf = await reader.pdf();
  const text = pdfText(pdf);
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(join(ARTIFACTS, `reader-print-${session.name}.pdf`), pdf);
  await writeFile(join(ARTIFACTS, `reader-print-${session.name}.txt`), text);
  const address = readableUrl(article.canonicalUrl);
  const printed = (expected: string) => printedIncludes(text, expected, session.name === 'firefox');
  assert.ok(printed(en('printSource').replace('$URL$', address)), `the printed page does not name RFI and the address ${address}`);
  assert.ok(printed(article.title), 'the headline is not printed');
  assert.ok(printed(article.text.split('\n\n')[0]!), 'the body is not printed');
  assert.ok(!printed(en('readOriginal')), 'the on-screen link text is printed');
  assert.ok(!printed(en('readerSettingsButton')), 'the toolbar is printed');
  // Horizontal lines: the headline comes out on one line, not one character a line as a vertical column would.
  assert.ok(
    text.split('\n').some((line) => printedIncludes(line, article.title.slice(0, 8), session.name === 'firefox')),
    'the headline is not printed as one horizontal line',
  );
}

test('the reader printed to PDF in Chromium names RFI and the readable source address', { timeout: TEST_TIMEOUT }, () => onFakeSite('chromium', printReader));
test('the reader printed to PDF in Firefox ESR names RFI and the readable source address', { timeout: TEST_TIMEOUT }, () => onFakeSite('firefox', printReader));
