#!/usr/bin/env node
// npm test: typecheck, ESLint, Prettier's check, build, the extension's lint gate, then one node:test run over unit and e2e tests.
// Stops at the first failing step and exits non-zero.
//
//   npm test                                   everything
//   npm test -- test/unit/rfi-url.test.ts      only test files whose path contains one of the given strings
//   npm test -- --test-name-pattern="feed"     arguments starting with "-" go to `node --test` as they are
//
// Test files: test/unit/**/*.test.ts and test/e2e/**/*.test.ts, expanded here (Node 20's --test does not
// expand globs). E2E tests drive real browsers, so the run is serial (--test-concurrency=1) whenever an
// e2e file is included. If test/setup.ts exists it is loaded (--import) in every test process.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;

const extra = process.argv.slice(2);
const runnerArgs = extra.filter((a) => a.startsWith('-'));
const fileFilters = extra
  .filter((a) => !a.startsWith('-'))
  .map((a) =>
    a
      .split('/')
      .join(sep)
      .replace(/^\.[/\\]/, ''),
  );

function run(label, cmd, args) {
  const started = Date.now();
  console.log(`\n== ${label}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (res.error) {
    console.error(`test: ${label}: could not start ${cmd}: ${res.error.message}`);
    process.exit(1);
  }
  const code = res.status ?? 1;
  if (code !== 0) {
    console.error(`\ntest: FAILED at "${label}" (exit ${res.status ?? res.signal}, ${secs} s)`);
    process.exit(code);
  }
  console.log(`== ${label}: ok (${secs} s)`);
}

/** Files under `dir` (relative to the repo) whose name ends with `.test.ts`, sorted. */
function testFiles(dir) {
  const out = [];
  const walk = (abs) => {
    if (!existsSync(abs)) return;
    for (const ent of readdirSync(abs, { withFileTypes: true })) {
      if (ent.name === 'node_modules' || ent.name.startsWith('.')) continue;
      const p = join(abs, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && ent.name.endsWith('.test.ts')) out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
run('typecheck (tsc --noEmit)', node, [tsc, '--noEmit', '-p', 'tsconfig.json']);
run('code lint (eslint)', node, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '.']);
run('format (prettier --check)', node, [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '.']);
run('build (scripts/build.mjs)', node, ['scripts/build.mjs']);
run('lint (scripts/lint-extension.mjs)', node, ['scripts/lint-extension.mjs']);

const matches = (f) => fileFilters.length === 0 || fileFilters.some((s) => f.includes(s));
const unit = testFiles('test/unit').filter(matches);
const e2e = testFiles('test/e2e').filter(matches);
const files = [...unit, ...e2e];

console.log(`\n== tests: ${unit.length} unit file(s), ${e2e.length} e2e file(s)`);
if (files.length === 0) {
  console.log(fileFilters.length ? `test: no test file matches ${fileFilters.join(', ')}` : 'test: no test files');
  process.exit(fileFilters.length ? 1 : 0);
}

const args = ['--import', 'tsx'];
if (existsSync(join(root, 'test', 'setup.ts'))) args.push('--import', './test/setup.ts');
args.push('--test');
if (e2e.length) args.push('--test-concurrency=1');
args.push(...runnerArgs, ...files);

const res = spawnSync(node, args, { cwd: root, stdio: 'inherit' });
if (res.error) {
  console.error(`test: could not start the test runner: ${res.error.message}`);
  process.exit(1);
}
process.exit(res.status ?? 1);
