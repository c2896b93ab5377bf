/**
 * npm run fixtures [-- --write] [case…]
 *
 * Extracts every page fixture (test/fixtures/pages/<case>/) as the CLI does and prints, case by case, where the
 * result differs from expected.json, what is wrong with it whatever the expectation (leaks, stray warnings), and
 * what the page's HTML contradicts in the expectation when read with plain selectors. `--write` writes the
 * extraction's values into expected.json (hand-written keys stay); review the change with `git diff`. Exits 1 while
 * anything is left to look at.
 */
import { writeFileSync } from 'node:fs';
import { jsonDiff } from '../test/support/json-diff';
import { expectedView, extractCase, faultsOf, observedView, withObserved } from '../test/support/page-expectations';
import { expectedFile, pageCase, pageCaseNames } from '../test/support/page-fixtures';
import { selectorProblems } from './fixtures-check';

const args = process.argv.slice(2);
const write = args.includes('--write');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--write');
if (unknown.length) {
  console.error(`fixtures: unknown option ${unknown.join(' ')} (usage: npm run fixtures [-- --write] [case…])`);
  process.exit(2);
}
const names = args.filter((a) => !a.startsWith('-'));

function report(name: string, heading: string, lines: string[]): void {
  if (lines.length) console.log([`${name}: ${heading}`, ...lines.map((l) => `    ${l}`)].join('\n'));
}

let open = 0;
for (const name of names.length ? names : pageCaseNames()) {
  const c = pageCase(name);
  const result = extractCase(c);
  const observed = observedView(c.expect, result);
  const diff = jsonDiff(expectedView(c.expect), observed);
  let expect = c.expect;
  if (write && diff.length) {
    expect = withObserved(c.expect, observed);
    writeFileSync(expectedFile(name), `${JSON.stringify({ url: c.url, ...expect }, null, 2)}\n`);
  }
  const faults = faultsOf(c.expect, result);
  const contradicted = selectorProblems(c, expect);
  const pending = (write ? 0 : diff.length) + faults.length + contradicted.length;
  open += pending;
  if (!diff.length && !pending) {
    console.log(`${name}: as expected`);
    continue;
  }
  report(name, `${write ? 'written to expected.json' : 'extraction differs from expected.json'} (- expected, + extracted)`, diff);
  report(name, 'wrong whatever the expectation', faults);
  report(name, `the page's HTML, read with plain selectors, contradicts ${write ? 'what was written' : 'expected.json'}`, contradicted);
}
process.exitCode = open ? 1 : 0;
