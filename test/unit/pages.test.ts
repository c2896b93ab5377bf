import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectedView, extractCase, faultsOf, observedView } from '../support/page-expectations';
import { pageCases } from '../support/page-fixtures';

/**
 * Full rfi.fr pages written after RFI's public markup (test/fixtures/pages/<case>/, each with its SOURCE.md), read
 * as the CLI reads a file: every value extraction gives is the one expected.json holds, and nothing a reader must not
 * see gets through. `npm run fixtures` prints the same comparison case by case.
 */
describe('full rfi.fr pages (test/fixtures/pages)', () => {
  for (const c of pageCases()) {
    const what = c.expect.kind === 'article' ? 'gives the article and nothing else' : `is refused as ${c.expect.kind}, with a reason`;
    test(`${c.name} ${what}`, () => {
      const result = extractCase(c);
      assert.deepEqual(observedView(c.expect, result), expectedView(c.expect));
      assert.deepEqual(faultsOf(c.expect, result), []);
    });
  }
});
