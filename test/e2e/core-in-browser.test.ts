// The extraction core is pure: the same input gives the same Article in a real browser page as in Node (jsdom).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { parseHtml } from '../../src/cli/parse-html';
import { extractSnapshot } from '../../src/core/extract';
import { CORPUS, SEEDS, corpusAvailable, listFiles } from '../support/corpus';
import { pageCases } from '../support/page-fixtures';
import { CHROMIUM_PATH, FIREFOX_PATH, withTimeout } from './browsers';

const TIMEOUT = 120_000;

/** Every input is read as the CLI reads a saved page, by its canonical link: the page fixtures' addresses are not given. */
function inputs(): { id: string; text: string }[] {
  const files = [...listFiles(SEEDS), ...listFiles(join(CORPUS, 'rfi')), ...listFiles(join(CORPUS, 'other'))];
  return [...files.map((path) => ({ id: path, text: readFileSync(path, 'utf8') })), ...pageCases().map((c) => ({ id: c.name, text: c.html }))];
}

function inNode(text: string): unknown {
  const result = extractSnapshot({ html: text, url: '' }, parseHtml);
  return JSON.parse(JSON.stringify(result.ok ? { ok: true, article: result.article } : { ok: false, kind: result.detection.kind, reason: result.reason }));
}

async function harness(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'harness/extract-in-page.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
  });
  return out.outputFiles[0]!.text;
}

function compare(results: unknown[], docs: { id: string; text: string }[]): void {
  let articles = 0;
  docs.forEach((doc, i) => {
    const expected = inNode(doc.text) as { ok: boolean };
    if (expected.ok) articles++;
    assert.deepEqual(results[i], expected, doc.id);
  });
  assert.ok(articles >= (corpusAvailable ? 30 : 5), `only ${articles} articles compared`);
}

test('Chromium extracts every seed, corpus entry and fixture exactly as Node does', { timeout: TIMEOUT }, async () => {
  const browser = await withTimeout(
    chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    }),
    30_000,
    'Chromium launch',
  );
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: await harness() });
    const docs = inputs();
    const results = await page.evaluate(
      (texts) => texts.map((t) => (globalThis as unknown as { rfiExtract: (x: string) => unknown }).rfiExtract(t)),
      docs.map((d) => d.text),
    );
    compare(results, docs);
  } finally {
    await browser.close();
  }
});

test('Firefox ESR extracts every seed, corpus entry and fixture exactly as Node does', { timeout: TIMEOUT }, async () => {
  const browser = await withTimeout(puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true }), 30_000, 'Firefox launch');
  try {
    const page = await browser.newPage();
    await page.evaluate(await harness());
    const docs = inputs();
    const results = await page.evaluate(
      (texts: string[]) => texts.map((t) => (globalThis as unknown as { rfiExtract: (x: string) => unknown }).rfiExtract(t)),
      docs.map((d) => d.text),
    );
    compare(results, docs);
  } finally {
    await browser.close();
  }
});
