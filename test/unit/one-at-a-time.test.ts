import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneAtATime } from '../../src/shared/one-at-a-time';

/** A store whose reads and writes take a moment, like storage.local: the window in which updates get lost. */
function slowStore() {
  let value: Record<string, number> = {};
  const pause = () => new Promise((r) => setTimeout(r, 5));
  return {
    read: async () => (await pause(), { ...value }),
    write: async (next: Record<string, number>) => (await pause(), (value = next)),
    now: () => value,
  };
}

test('two quick changes to one stored object both land (the lost update the settings sliders once had)', async () => {
  const store = slowStore();
  const merge = oneAtATime(async (change: Record<string, number>) => store.write({ ...(await store.read()), ...change }));
  await Promise.all([merge({ lineHeight: 2 }), merge({ measure: 30 }), merge({ fontSize: 21 })]);
  assert.deepEqual(store.now(), { lineHeight: 2, measure: 30, fontSize: 21 });

  const unguarded = slowStore();
  const racy = async (change: Record<string, number>) => unguarded.write({ ...(await unguarded.read()), ...change });
  await Promise.all([racy({ lineHeight: 2 }), racy({ measure: 30 })]);
  assert.notDeepEqual(unguarded.now(), { lineHeight: 2, measure: 30 }, 'without it, one change is lost');
});

test('a failed change does not block the next one', async () => {
  const run = oneAtATime(async (fail: boolean) => {
    if (fail) throw new Error('disk full');
    return 'ok';
  });
  await assert.rejects(run(true), /disk full/);
  assert.equal(await run(false), 'ok');
});
