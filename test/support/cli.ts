import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { REPO, SEEDS } from './corpus';

/** The seed entry: an RFI Chinese article in a feed mirror's format. */
export const SEED = join(SEEDS, '000_252142d8092668fd.txt');

export const BIN = join(REPO, 'bin/rfi-reader.mjs');

/** The real command, as a user runs it, with its output as text. */
export const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: REPO });

/** The real command with standard output as bytes, for what is not text (a book); `tz`: the machine's time zone. */
export const cliBytes = (...args: string[]) => cliBytesIn(process.env['TZ'], ...args);
export const cliBytesIn = (tz: string | undefined, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, TZ: tz } });

/** A directory of its own for the test, removed when it ends. */
export function scratchDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'rfi-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
