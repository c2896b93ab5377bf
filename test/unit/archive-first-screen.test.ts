// The archive list's first screen kept in localStorage (src/archive/first-screen.ts): trusted only while no write
// to the list has happened since it was read. Node has no localStorage: each test installs a fresh one.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Archive } from '../../src/archive/archive';
import { cachedFirstScreen, FIRST_SCREEN_ROWS, keepFirstScreen, writeStamp, type FirstScreen } from '../../src/archive/first-screen';
import { backupZip, fetchedFor, freshArchive, manualClock, variant, withFullDisk } from '../support/archive';

/** The Storage methods first-screen.ts uses, over a Map. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  /** Called after each removal: lets a test act in the middle of a write. */
  onRemove = (): void => {};
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
    this.onRemove();
  }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true });
});

/** An archive of `n` articles, a second apart. */
async function archiveOf(n: number): Promise<Archive> {
  const clock = manualClock();
  const { archive } = await freshArchive(clock.now);
  for (let i = 1; i <= n; i++) {
    await archive.save(variant(i), fetchedFor(variant(i), i));
    clock.advance();
  }
  return archive;
}

/** What the archive page reads and keeps: the newest rows and the count, under the stamp taken before reading. */
async function readScreen(archive: Archive): Promise<{ stamp: ReturnType<typeof writeStamp>; screen: FirstScreen }> {
  const stamp = writeStamp();
  const screen = { total: await archive.count(), rows: await archive.list({ limit: FIRST_SCREEN_ROWS }) };
  return { stamp, screen };
}

/** Waits (a few turns of the event loop at most) for the copy a save keeps after it has resolved. */
async function keptAfterSave(ok: (screen: FirstScreen) => boolean): Promise<FirstScreen> {
  for (let turn = 0; turn < 1000; turn++) {
    const screen = cachedFirstScreen();
    if (screen && ok(screen)) return screen;
    await new Promise(setImmediate);
  }
  throw new Error(`no such first screen kept; last: ${JSON.stringify(cachedFirstScreen())}`);
}

async function keep(archive: Archive): Promise<FirstScreen> {
  const { stamp, screen } = await readScreen(archive);
  keepFirstScreen(stamp, screen);
  return screen;
}

test('the kept first screen comes back as read while nothing is written, at most FIRST_SCREEN_ROWS rows of it', async () => {
  const archive = await archiveOf(3);
  const screen = await keep(archive);
  assert.equal(screen.rows.length, 3);
  assert.deepEqual(cachedFirstScreen(), screen);
  assert.deepEqual(
    cachedFirstScreen()!.rows.map((r) => r.url),
    [3, 2, 1].map((n) => variant(n).canonicalUrl),
    'newest first',
  );

  const rows = Array.from({ length: FIRST_SCREEN_ROWS + 10 }, (_, i) => ({ ...screen.rows[0]!, url: `${screen.rows[0]!.url}?${i}` }));
  keepFirstScreen(writeStamp(), { total: rows.length, rows });
  assert.equal(cachedFirstScreen()!.rows.length, FIRST_SCREEN_ROWS);
  assert.equal(cachedFirstScreen()!.total, FIRST_SCREEN_ROWS + 10);
});

test('a save (made in the background, the reader or the popup) leaves the first screen up to date, itself on top', async () => {
  const archive = await archiveOf(2);
  await keep(archive);
  await archive.save(variant(7), []);
  const after = await keptAfterSave((screen) => screen.total === 3);
  assert.deepEqual(after, (await readScreen(archive)).screen);
  assert.equal(after.rows[0]!.url, variant(7).canonicalUrl);
  await archive.save({ ...variant(7), title: 'Another title' }, []);
  const updated = await keptAfterSave((screen) => screen.rows[0]!.title === 'Another title');
  assert.equal(updated.total, 3);
});

test('every other write to the list makes the kept first screen stale: delete, undo, import, delete everything', async () => {
  const archive = await archiveOf(2);
  await archive.save(variant(7), []);
  await keptAfterSave((screen) => screen.total === 3);
  let undo: Awaited<ReturnType<Archive['delete']>> | undefined;
  const writes: [string, () => Promise<unknown>][] = [
    ['delete', async () => (undo = await archive.delete([variant(7).canonicalUrl]))],
    ['undo', () => archive.restore(undo!)],
    [
      'import',
      async () => {
        const other = await archiveOf(1);
        const backup = await backupZip(other);
        await archive.importBackup(backup);
      },
    ],
    ['delete everything', () => archive.deleteEverything()],
  ];
  for (const [what, write] of writes) {
    await keep(archive);
    assert.ok(cachedFirstScreen(), `kept before: ${what}`);
    await write();
    assert.equal(cachedFirstScreen(), null, `stale after: ${what}`);
  }
  // "Delete everything" leaves no title behind in localStorage either.
  for (const n of [1, 2, 7]) assert.ok(![...storage.items.values()].some((v) => v.includes(variant(n).title)), `title ${n} left behind`);
});

test('rows read before a write that has ended since are not kept: the copy would show the archive from before it', async () => {
  const archive = await archiveOf(2);
  const { stamp, screen } = await readScreen(archive);
  await archive.delete([variant(2).canonicalUrl]);
  keepFirstScreen(stamp, screen);
  assert.equal(cachedFirstScreen(), null);
  // Read again after the write, the list is kept.
  await keep(archive);
  assert.deepEqual(
    cachedFirstScreen()!.rows.map((r) => r.url),
    [variant(1).canonicalUrl],
  );
});

test('a copy kept while a write runs is not trusted once the write has ended', async () => {
  const archive = await archiveOf(2);
  const { screen: before } = await readScreen(archive);
  // A page whose localStorage had not yet seen the write begin keeps what it read before it, as the transaction runs.
  let keptDuring = false;
  storage.onRemove = () => {
    if (keptDuring) return;
    keptDuring = true;
    queueMicrotask(() => keepFirstScreen(writeStamp(), before));
  };
  await archive.delete([variant(2).canonicalUrl]);
  assert.ok(keptDuring);
  assert.equal(cachedFirstScreen(), null);
});

test('a write that fails (full disk) still makes the kept first screen stale, and the list is read anew', async () => {
  const archive = await archiveOf(1);
  await keep(archive);
  await withFullDisk('request fails', async () => {
    await assert.rejects(archive.save(variant(5), fetchedFor(variant(5), 5)));
  });
  assert.equal(cachedFirstScreen(), null);
});

test('a backup export writes no list row and leaves the kept first screen in place', async () => {
  const archive = await archiveOf(2);
  const screen = await keep(archive);
  await backupZip(archive);
  assert.deepEqual(cachedFirstScreen(), screen);
});

test('an unreadable or misshapen copy is ignored', async () => {
  const archive = await archiveOf(1);
  await keep(archive);
  const key = [...storage.items.keys()].find((k) => k.includes('first-screen'))!;
  const kept = JSON.parse(storage.getItem(key)!) as { stamp: string; total: number; rows: Record<string, unknown>[] };
  const broken = [
    '{"stamp":',
    'null',
    JSON.stringify({ ...kept, total: -1 }),
    JSON.stringify({ ...kept, rows: [{ ...kept.rows[0], title: 7 }] }),
    JSON.stringify({ ...kept, rows: 'rows' }),
    JSON.stringify({ ...kept, stamp: 'another stamp' }),
  ];
  for (const value of broken) {
    storage.setItem(key, value);
    assert.equal(cachedFirstScreen(), null, value);
  }
});

test('without localStorage (a service worker, storage turned off) the archive works and keeps no copy', async () => {
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
  const archive = await archiveOf(2);
  await keep(archive);
  assert.equal(cachedFirstScreen(), null);
  assert.equal(await archive.count(), 2);
});
