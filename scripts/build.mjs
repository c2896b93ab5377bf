#!/usr/bin/env node
// Builds the unpacked extension for each browser into dist/<browser>/ and packages
// both into dist/packages/rfi-reader-<browser>-<version>.zip.
//
//   node scripts/build.mjs             build + package
//   node scripts/build.mjs --no-package   build only (faster while iterating)
//   node scripts/build.mjs --no-sample    skip extracting the bundled sample (seeds/) into dist/sample/
//
// Adding a page later is one line in ENTRIES below.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/**
 * The one list of entry points.
 *   kind 'script': <dir>/index.ts -> <name>.js, IIFE (content script, background).
 *   kind 'page':   <dir>/index.ts -> <name>.js, ESM; <dir>/<name>.html (required) and
 *                  <dir>/<name>.css (if present) are copied next to it.
 *   browsers: which builds get it (default: all). minify: default false (reviewers read
 *   store builds). budget: maximum size in bytes, the build fails above it.
 */
const ENTRIES = [
  { name: 'content', dir: 'src/content', kind: 'script', minify: true, budget: 20 * 1024 },
  { name: 'background', dir: 'src/background', kind: 'script' },
  // The archive page's import reads and hashes a backup's images here, beside the page.
  { name: 'import-worker', dir: 'src/import-worker', kind: 'script' },
  { name: 'popup', dir: 'src/popup', kind: 'page' },
  { name: 'reader', dir: 'src/reader', kind: 'page' },
  { name: 'archive', dir: 'src/archive-page', kind: 'page' },
  { name: 'options', dir: 'src/options', kind: 'page' },
  // Firefox's background page has a DOM of its own; Chrome's service worker sends DOM work here.
  { name: 'offscreen', dir: 'src/offscreen', kind: 'page', browsers: ['chrome'] },
];

const BROWSERS = ['chrome', 'firefox'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const r = (...p) => join(root, ...p);
const args = new Set(process.argv.slice(2));
const doPackage = !args.has('--no-package');

const pkg = JSON.parse(readFileSync(r('package.json'), 'utf8'));
const version = pkg.version;
if (!/^\d+(\.\d+){0,3}$/.test(version)) {
  fail(`package.json version "${version}" is not a valid extension version (1 to 4 dot-separated integers)`);
}

function fail(msg) {
  console.error(`build: ${msg}`);
  process.exit(1);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The manifest for one browser, derived from the one manifest.json. */
function manifestFor(browser) {
  const m = JSON.parse(readFileSync(r('manifest.json'), 'utf8'));
  m.version = version;
  if (browser === 'chrome') {
    if (m.background) delete m.background.scripts;
    delete m.browser_specific_settings;
  } else {
    if (m.background) delete m.background.service_worker;
    if (Array.isArray(m.permissions)) m.permissions = m.permissions.filter((p) => p !== 'offscreen');
  }
  return m;
}

async function buildBrowser(browser) {
  const out = r('dist', browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const define = {
    __FIREFOX__: String(browser === 'firefox'),
    __CHROME__: String(browser === 'chrome'),
    __TEST__: 'false',
  };
  const sizes = {};

  const common = {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    // Keep Chinese text as UTF-8 instead of \uXXXX escapes (3 bytes instead of 6 per character).
    charset: 'utf8',
    define,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  const entries = ENTRIES.filter((e) => !e.browsers || e.browsers.includes(browser));
  for (const e of entries) {
    if (!existsSync(r(e.dir, 'index.ts'))) fail(`missing entry point ${e.dir}/index.ts (for ${e.name})`);
  }

  // Scripts are single files (content scripts and service workers cannot load chunks).
  for (const e of entries.filter((x) => x.kind === 'script')) {
    await esbuild.build({ ...common, entryPoints: [r(e.dir, 'index.ts')], outfile: join(out, `${e.name}.js`), format: 'iife', minify: Boolean(e.minify) });
  }
  // Each page is built on its own, with code splitting for its dynamic import()s (the 1 MB traditional-Chinese
  // table, the exporters, the archive's import code), which are fetched only when used. Built together, the pages
  // shared many small chunks, and each was one more request before a page could run: the archive page opened
  // 11 of them, and painted about 40 ms later (measured in headless Chromium on an empty archive). A page's own
  // code is now one file and a few chunks it shares with its lazy parts; the price is code repeated across pages.
  const pages = entries.filter((x) => x.kind === 'page');
  const metafiles = {};
  for (const e of pages) {
    const built = await esbuild.build({
      ...common,
      entryPoints: [{ in: r(e.dir, 'index.ts'), out: e.name }],
      outdir: out,
      format: 'esm',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
    });
    metafiles[e.name] = built.metafile;
  }
  for (const e of entries) {
    const outfile = join(out, `${e.name}.js`);
    sizes[e.name] = statSync(outfile).size;
    if (e.budget && sizes[e.name] > e.budget) {
      fail(`dist/${browser}/${e.name}.js is ${kb(sizes[e.name])}, over its budget of ${kb(e.budget)}`);
    }
    if (e.kind === 'page') {
      const html = r(e.dir, `${e.name}.html`);
      if (!existsSync(html)) fail(`missing page ${e.dir}/${e.name}.html`);
      writeFileSync(join(out, `${e.name}.html`), withModulePreloads(readFileSync(html, 'utf8'), staticChunks(metafiles[e.name], out, `${e.name}.js`)));
      const css = r(e.dir, `${e.name}.css`);
      if (existsSync(css)) cpSync(css, join(out, `${e.name}.css`));
    }
  }

  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(browser), null, 2) + '\n');

  if (existsSync(r('icons'))) {
    const pngs = readdirSync(r('icons')).filter((f) => f.endsWith('.png'));
    if (pngs.length) mkdirSync(join(out, 'icons'), { recursive: true });
    for (const f of pngs) cpSync(r('icons', f), join(out, 'icons', f));
  }
  if (existsSync(r('src', '_locales'))) {
    cpSync(r('src', '_locales'), join(out, '_locales'), { recursive: true });
  }

  const list = Object.entries(sizes)
    .map(([n, s]) => `${n}.js ${kb(s)}`)
    .join(', ');
  console.log(`build: dist/${browser}/  ${list}`);
  return sizes;
}

/** Every chunk a page's script imports statically, directly or through another chunk (paths relative to `out`). */
function staticChunks(metafile, out, script) {
  const rel = (p) => relative(out, resolve(root, p)).split(sep).join('/');
  const byRel = new Map(Object.entries(metafile.outputs).map(([p, o]) => [rel(p), o]));
  const seen = new Set();
  const visit = (file) => {
    for (const i of byRel.get(file)?.imports ?? []) {
      const chunk = rel(i.path);
      if (i.kind === 'import-statement' && !seen.has(chunk)) {
        seen.add(chunk);
        visit(chunk);
      }
    }
  };
  visit(script);
  return [...seen];
}

/**
 * The page asks for all its chunks at once, instead of discovering them one import at a time after parsing its
 * script: the reader's time to first paint is a budget.
 */
function withModulePreloads(html, chunks) {
  const links = chunks.map((c) => `<link rel="modulepreload" href="${c}">\n`).join('');
  return html.replace(/<script type="module"/, `${links}<script type="module"`);
}

function packageBrowser(browser) {
  const filename = `rfi-reader-${browser}-${version}.zip`;
  const res = spawnSync(
    'npx',
    ['web-ext', 'build', '--source-dir', `dist/${browser}`, '--artifacts-dir', 'dist/packages', '--filename', filename, '--overwrite-dest'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
  );
  if (res.status !== 0) {
    process.stderr.write(res.stdout ?? '');
    process.stderr.write(res.stderr ?? '');
    fail(`web-ext build failed for ${browser} (exit ${res.status ?? res.signal})`);
  }
  const zip = r('dist', 'packages', filename);
  console.log(`package: dist/packages/${filename} ${kb(statSync(zip).size)}`);
}

const started = Date.now();
let contentSize = 0;
for (const b of BROWSERS) {
  const sizes = await buildBrowser(b);
  contentSize = Math.max(contentSize, sizes.content ?? 0);
}
const budget = ENTRIES.find((e) => e.name === 'content')?.budget;
console.log(`build: content.js ${contentSize} bytes (${kb(contentSize)} of ${kb(budget)} budget)`);
if (doPackage) {
  mkdirSync(r('dist', 'packages'), { recursive: true });
  for (const b of BROWSERS) packageBrowser(b);
}
// The main job on the bundled sample: proves the extractor works on this machine and shows what it makes.
if (!args.has('--no-sample')) {
  const sample = spawnSync(process.execPath, [r('bin/rfi-reader.mjs'), 'extract', r('seeds'), '--format', 'md', '--out', r('dist/sample')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  const summary = sample.stderr.trim().split('\n').at(-1);
  console.log(`sample: seeds/ → dist/sample/ (${summary})`);
  if (sample.status !== 0) {
    process.stderr.write(sample.stderr);
    process.exit(1);
  }
}
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s (version ${version})`);
