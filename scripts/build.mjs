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
import { buildVendor, libraryImports, VENDOR_DIR, vendorFile, vendorPlugin } from './build-vendor.mjs';

/**
 * The one list of entry points.
 *   kind 'script': <dir>/index.ts -> <name>.js, one classic file (IIFE) with all it uses: the content script (content
 *                  scripts cannot load modules) and the import worker (started as a classic worker).
 *   kind 'module': <dir>/index.ts -> <name>.js, ESM (the background: a module service worker in Chrome, a module
 *                  background page in Firefox).
 *   kind 'page':   as 'module', and <dir>/<name>.html (required) and <dir>/<name>.css (if present) are copied next to it.
 *   browsers: which builds get it (default: all). minify: default false (reviewers read
 *   store builds). budget: maximum size in bytes, the build fails above it.
 */
const ENTRIES = [
  { name: 'content', dir: 'src/content', kind: 'script', minify: true, budget: 20 * 1024 },
  { name: 'background', dir: 'src/background', kind: 'module' },
  // The archive page's import reads and hashes a backup's images here, beside the page.
  { name: 'import-worker', dir: 'src/import-worker', kind: 'script' },
  // And indexes what an import (or earlier saves) left for the search index, beside the page.
  { name: 'index-worker', dir: 'src/index-worker', kind: 'script' },
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

  // Classic scripts are single files with everything they use inside (content scripts cannot load modules; the
  // worker uses no library). The content script so keeps its own, minified copy of webextension-polyfill.
  for (const e of entries.filter((x) => x.kind === 'script')) {
    await esbuild.build({ ...common, entryPoints: [r(e.dir, 'index.ts')], outfile: join(out, `${e.name}.js`), format: 'iife', minify: Boolean(e.minify) });
  }
  // Each module (the pages, the background) is built on its own, with code splitting for its dynamic import()s (the
  // 1 MB traditional-Chinese table, the exporters, the archive's import code), which are fetched only when used.
  // Built together, the pages shared many small chunks, and each was one more request before a page could run: the
  // archive page opened 11 of them, and painted about 40 ms later (measured in headless Chromium on an empty
  // archive). A page's own code is one file and a few chunks it shares with its lazy parts; the price is some of our
  // own code repeated across pages.
  //
  // Libraries are not repeated: each is built once, as a module of its own under vendor/ (build-vendor.mjs), which
  // every page, the background and the offscreen document import. Built into each page, DOMPurify, Readability,
  // OpenCC's tables, fflate, idb and webextension-polyfill had 2 to 7 copies each, and web-ext lint reviewed each
  // copy of DOMPurify's and Readability's innerHTML. One esbuild call for all modules with splitting would share the
  // libraries too, but esbuild makes one chunk per set of entry points that reach a module, and our own code fell
  // apart again into small chunks: 18 before the reader could run, 19 for the offscreen document (esbuild 0.28 on
  // this tree). With vendor modules a page's requests grow by the libraries it loads at start and no more (the
  // reader preloads 6 files instead of 4); the archive page's first screen uses no library, so its files are as before. The background
  // imports its libraries too, which is why it is a module ("type": "module" in the manifest): a module service
  // worker in Chrome, a module background page in Firefox.
  const modules = entries.filter((x) => x.kind !== 'script');
  const metafiles = [];
  for (const e of modules) {
    const built = await esbuild.build({
      ...common,
      entryPoints: [{ in: r(e.dir, 'index.ts'), out: e.name }],
      outdir: out,
      format: 'esm',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
      plugins: [vendorPlugin()],
    });
    metafiles.push(built.metafile);
  }
  const vendorMetafiles = await buildVendor(libraryImports(metafiles, root), out, common).catch((err) => fail(err.message));
  const graph = importGraph([...metafiles, ...vendorMetafiles], out);
  if (browser === 'chrome') {
    const lazy = [...staticClosure(graph, 'background.js'), 'background.js'].filter((f) => graph.get(f)?.dynamic.length);
    if (lazy.length) fail(`dist/chrome/${lazy[0]} uses import(), which Chrome's service worker does not allow`);
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
      writeFileSync(join(out, `${e.name}.html`), withModulePreloads(readFileSync(html, 'utf8'), staticClosure(graph, `${e.name}.js`)));
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
  const vendor = vendorMetafiles
    .flatMap((m) => Object.entries(m.outputs))
    .map(([p, o]) => `${relative(join(out, VENDOR_DIR), resolve(root, p)).split(sep).join('/')} ${kb(o.bytes)}`)
    .join(', ');
  console.log(`build: dist/${browser}/${VENDOR_DIR}/  ${vendor}`);
  const scripts = [...graph.keys(), ...entries.filter((x) => x.kind === 'script').map((x) => `${x.name}.js`)];
  const total = scripts.reduce((n, f) => n + statSync(join(out, f)).size, 0);
  console.log(`build: dist/${browser}/  ${scripts.length} script files, ${kb(total)} in all`);
  return sizes;
}

/** Each built file's imports, static and dynamic, as paths relative to `out` (vendor modules included). */
function importGraph(metafiles, out) {
  const rel = (p) => relative(out, resolve(root, p)).split(sep).join('/');
  const graph = new Map();
  for (const metafile of metafiles) {
    for (const [p, o] of Object.entries(metafile.outputs)) {
      const targets = (kind) => o.imports.filter((i) => i.kind === kind).flatMap((i) => (i.external ? (vendorFile(i.path) ?? []) : rel(i.path)));
      graph.set(rel(p), { static: targets('import-statement'), dynamic: targets('dynamic-import') });
    }
  }
  return graph;
}

/** Every file `script` imports statically, directly or through another (chunks and vendor modules). */
function staticClosure(graph, script) {
  const seen = new Set();
  const visit = (file) => {
    for (const next of graph.get(file)?.static ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        visit(next);
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
