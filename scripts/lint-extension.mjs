#!/usr/bin/env node
// Lint gate for the Firefox build (run scripts/build.mjs first).
//
//   node scripts/lint-extension.mjs                   check dist/firefox against the baseline
//   node scripts/lint-extension.mjs --update-baseline rewrite test/web-ext-lint-baseline.json
//
// Fails (exit 1) on any lint error, and on any warning or notice that the committed baseline
// does not cover. A baseline entry is keyed by type + code + file + message (not line/column,
// which shift on every rebuild) and carries a count: one more occurrence of the same finding in
// the same file is new too (a bundle holds DOMPurify *and* our code, so a new innerHTML of ours
// must not hide behind DOMPurify's). Shared page chunks count as one file, `chunks/*.js`: their
// names change with every content hash. Every entry needs a `reviewed` note saying why it is
// acceptable; --update-baseline keeps existing notes and marks new entries "TODO", which fails
// the gate until someone writes the note. Entries no longer seen are printed as stale.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIR = 'dist/firefox';
const BASELINE = 'test/web-ext-lint-baseline.json';
const baselinePath = join(root, BASELINE);
const update = process.argv.includes('--update-baseline');

function die(msg) {
  console.error(`lint: ${msg}`);
  process.exit(1);
}

if (!existsSync(join(root, SOURCE_DIR, 'manifest.json'))) {
  die(`${SOURCE_DIR}/manifest.json not found: run "node scripts/build.mjs" first`);
}

const res = spawnSync('npx', ['web-ext', 'lint', '--source-dir', SOURCE_DIR, '--output', 'json', '--self-hosted', 'false', '--no-config-discovery'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
});
let report;
try {
  // web-ext exits 1 when there are errors; the JSON report is on stdout either way.
  const out = res.stdout ?? '';
  report = JSON.parse(out.slice(out.indexOf('{')));
} catch {
  process.stderr.write(res.stdout ?? '');
  process.stderr.write(res.stderr ?? '');
  die(`could not run or parse "web-ext lint" (exit ${res.status ?? res.signal})`);
}

const errors = report.errors ?? [];
const findings = [...(report.warnings ?? []), ...(report.notices ?? [])];

/**
 * Notes for library code that has been reviewed once, matched on the bundled module (esbuild's
 * "// node_modules/..." banners in unminified bundles) and the source line. Used by
 * --update-baseline to fill `reviewed` for those entries; anything else gets "TODO".
 */
const KNOWN = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    module: /^node_modules\/dompurify\//,
    line: /innerHTML = IS_EMPTY_INPUT \? emptyHTML : dirtyPayload/,
    note:
      'DOMPurify _initDocument: parses the untrusted input into an inert document made by DOMParser / ' +
      'implementation.createHTMLDocument (no scripts run, nothing is attached to a live page) so it can be ' +
      'sanitized; this is how the sanitizer itself works.',
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    module: /^node_modules\/@mozilla\/readability\//,
    line: /page\.innerHTML = pageCacheHtml/,
    note:
      'Readability _grabArticle: restores markup it cached from the same document a moment earlier, inside ' +
      'the document handed to Readability (always a clone or a DOMParser document, never a live page); no new ' +
      'markup comes in, and what Readability returns is sanitized by DOMPurify before use.',
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    module: /^node_modules\/@mozilla\/readability\//,
    line: /tmp\.innerHTML = noscript\.innerHTML/,
    note:
      "Readability _unwrapNoscriptImages: re-parses a <noscript>'s content from the same (cloned, inert) " +
      'document to recover lazy-loaded images; nothing reaches a live page, and the output is sanitized by ' +
      'DOMPurify before use.',
  },
];

/** Source lines of the built files, and the esbuild module banner ("// node_modules/x/y.js") above a line. */
const fileLines = new Map();
function linesOf(file) {
  if (!fileLines.has(file)) {
    let text = '';
    try {
      text = readFileSync(join(root, SOURCE_DIR, file), 'utf8');
    } catch {
      // A file the report names but the build did not write: its lines are shown empty.
    }
    fileLines.set(file, text.split('\n'));
  }
  return fileLines.get(file);
}
function originOf(f) {
  if (!f.file || !f.line || !/\.js$/.test(f.file)) return { module: '', text: '' };
  const lines = linesOf(f.file);
  const text = (lines[f.line - 1] ?? '').trim();
  let module = '';
  for (let i = f.line - 1; i >= 0; i--) {
    // esbuild names a module by its path from the working directory; for a node_modules reached through a symlink
    // (a git worktree sharing another's) that is the link's target, ../main/node_modules/...: named from node_modules.
    const m = /^\s*\/\/ ((?:\S*\/)?node_modules\/\S+|src\/\S+)$/.exec(lines[i] ?? '');
    if (m) {
      module = m[1].replace(/^\S*?\/(?=node_modules\/)/, '');
      break;
    }
  }
  return { module, text: text.length > 160 ? '' : text }; // minified lines are useless as context
}
function knownNote(f) {
  const { module, text } = originOf(f);
  return KNOWN.find((k) => k.code === f.code && k.module.test(module) && k.line.test(text))?.note;
}

const keyOf = (f) => JSON.stringify([f.type, f.code, f.file ?? '', f.message ?? '']);
const where = (f) => `${f.file ?? '(package)'}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}`;
const show = (f) => {
  const { module, text } = originOf(f);
  return `  ${f._type.toUpperCase()} ${f.code} ${where(f)}${module ? ` (from ${module})` : ''}\n    ${f.message}` + (text ? `\n    > ${text}` : '');
};

/** Shared page chunks are named by content hash (chunks/chunk-XXXX.js): they are one file for the baseline. */
const stableName = (file) => (file ?? '').replace(/^chunks\/chunk-[A-Z0-9]+\.js$/, 'chunks/*.js');

/** Occurrences grouped by key. */
const seen = new Map();
for (const f of findings) {
  const entry = { type: f._type, code: f.code, file: stableName(f.file), message: f.message ?? '' };
  const k = keyOf(entry);
  const g = seen.get(k) ?? { entry, items: [] };
  g.items.push(f);
  seen.set(k, g);
}

let baseline = [];
if (existsSync(baselinePath)) {
  try {
    const parsed = JSON.parse(readFileSync(baselinePath, 'utf8'));
    baseline = Array.isArray(parsed) ? parsed : (parsed.entries ?? []);
  } catch (e) {
    die(`${BASELINE} is not valid JSON: ${e.message}`);
  }
}
const baseByKey = new Map(baseline.map((b) => [keyOf(b), b]));

if (update) {
  const entries = [...seen.values()]
    .map(({ entry, items }) => ({
      ...entry,
      count: items.length,
      reviewed:
        baseByKey.get(keyOf(entry))?.reviewed ||
        // Only when every occurrence is a known, reviewed library site.
        (items.every((f) => knownNote(f)) ? [...new Set(items.map((f) => knownNote(f)))].join(' | ') : 'TODO: say why this is acceptable, or fix it'),
      sites: items.map((f) => {
        const { module, text } = originOf(f);
        return [module, text].filter(Boolean).join(': ') || where(f);
      }),
    }))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const doc = {
    about:
      'Reviewed web-ext lint warnings/notices for dist/firefox. Keyed by type+code+file+message; count is the ' +
      'number of occurrences allowed. Regenerate with "node scripts/lint-extension.mjs --update-baseline" and ' +
      'write a "reviewed" note for every new entry. Lint errors can never be baselined.',
    entries,
  };
  writeFileSync(baselinePath, JSON.stringify(doc, null, 2) + '\n');
  const todo = entries.filter((e) => /^TODO\b/.test(e.reviewed));
  console.log(`lint: wrote ${BASELINE} with ${entries.length} entries (${todo.length} need a "reviewed" note)`);
  for (const e of todo) {
    console.log(`  TODO ${e.code} ${e.file} x${e.count}: ${e.message}`);
    for (const site of e.sites) console.log(`    at ${site}`);
  }
  if (errors.length) {
    console.log(`lint: ${errors.length} error(s) are not baselined and still fail the gate:`);
    for (const f of errors) console.log(show(f));
  }
  process.exit(0);
}

const fresh = []; // findings over their baselined count
for (const [k, { entry, items }] of seen) {
  const allowed = baseByKey.get(k)?.count ?? 0;
  if (items.length > allowed) fresh.push({ entry, allowed, items });
}
const stale = baseline.filter((b) => (seen.get(keyOf(b))?.items.length ?? 0) < (b.count ?? 1));
const unreviewed = baseline.filter((b) => !b.reviewed || /^TODO\b/.test(b.reviewed));

for (const f of errors) console.log(show(f));
for (const { entry, allowed, items } of fresh) {
  console.log(`NEW: ${entry.code} in ${entry.file}: ${items.length} seen, ${allowed} in baseline`);
  for (const f of items) console.log(show(f));
}
for (const b of unreviewed) console.log(`UNREVIEWED baseline entry: ${b.code} ${b.file}: ${b.message}`);
for (const b of stale) {
  console.log(`stale baseline entry (seen ${seen.get(keyOf(b))?.items.length ?? 0} of ${b.count ?? 1}): ${b.code} ${b.file}: ${b.message}`);
}

const newCount = fresh.reduce((n, g) => n + g.items.length - g.allowed, 0);
const s = report.summary ?? {};
console.log(
  `lint: ${errors.length} errors, ${s.warnings ?? 0} warnings, ${s.notices ?? 0} notices; ` +
    `baseline ${baseline.length} entries; ${newCount} new; ${stale.length} stale; ${unreviewed.length} unreviewed`,
);
process.exit(errors.length || newCount || unreviewed.length ? 1 : 0);
