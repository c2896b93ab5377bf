import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './corpus';
import { zipBytes, type RawEntry } from './zip-bytes';

/** The hand-written feed-mirror entries (test/fixtures/mirror/README.md says what each is). */
const FIXTURES = join(REPO, 'test', 'fixtures', 'mirror');

/** RFI Chinese entries that extract: three /cn/ shapes and a /tw/ one. */
export const RFI_ENTRIES = ['rfi/1100001.md', 'rfi/1100002.md', 'rfi/1100003.md', 'rfi/1100004.md'] as const;
/** An RFI Chinese entry with nothing to read: extraction refuses it. */
export const EMPTY_ENTRY = 'rfi/1100005.md';
/** Other outlets (DW, Reuters) and RFI's French edition. */
export const OTHER_ENTRIES = ['other/dw-2200001.md', 'other/reuters-2200002.md', 'other/rfi-fr-2200003.md'] as const;

export const mirrorEntry = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

const HEADER = /^<!--(\d+)-->\n\[(.*)\]\((\S+)\)\n(-{3,}\n)/;

/** The header's fields of an entry. */
export function entryHeader(text: string): { feedTimeMs: number; title: string; url: string } {
  const m = HEADER.exec(text);
  if (!m) throw new Error('not a feed-mirror entry');
  return { feedTimeMs: Number(m[1]), title: m[2]!, url: m[3]! };
}

/**
 * Another article in the entry's shape: its own address (`-n` after the slug), title (` n` before the site's
 * suffix, if any) and feed time (`n` minutes later unless given).
 */
export function entryVariant(text: string, n: number, feedTimeMs?: number): string {
  const { feedTimeMs: time, title, url } = entryHeader(text);
  const numbered = title.replace(/( – .*)?$/, (suffix) => ` ${n}${suffix}`);
  return text.replace(HEADER, (_, _t, _ti, _u, rule: string) => `<!--${feedTimeMs ?? time + n * 60_000}-->\n[${numbered}](${url}-${n})\n${rule}`);
}

export interface RepoFile {
  /** Inside the repository, e.g. `articles/rfi/1.md`. */
  path: string;
  data: string | Uint8Array;
  /** Its bytes damaged after the ZIP was written: the CRC-32 the headers claim is not theirs. */
  damaged?: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The extended-timestamp extra field git writes for every entry (APPNOTE 4.6.x "UT", 0x5455): flags, mtime. */
const UT_EXTRA = new Uint8Array([0x55, 0x54, 5, 0, 1, 0x00, 0x2d, 0x92, 0x65]);

/**
 * A repository as GitHub's "Download ZIP" gives it (`git archive`): everything under `<repo>-<branch>/`, each folder
 * an entry of its own before its files, files deflated with a timestamp extra field, the commit's id as the ZIP's
 * comment, and (`zip64`) ZIP64 end records, which git writes from 65,535 entries on.
 */
export function repositoryZip(files: RepoFile[], options: { top?: string; zip64?: boolean } = {}): Uint8Array {
  const top = options.top ?? 'news-main/';
  const entries: RawEntry[] = [{ name: top, data: new Uint8Array(0), extra: UT_EXTRA }];
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = `${parts.slice(0, i).join('/')}/`;
      if (!folders.has(folder)) entries.push({ name: top + folder, data: new Uint8Array(0), extra: UT_EXTRA });
      folders.add(folder);
    }
    const data = typeof file.data === 'string' ? utf8(file.data) : file.data;
    entries.push({ name: top + file.path, data, deflate: true, extra: UT_EXTRA, ...(file.damaged ? { crc32: 0x12345678 } : {}) });
  }
  return zipBytes(entries, { comment: '3f2a9c41d0b7e65a8c1f4e2d9b0a7c6e5d4f3a21', zip64: options.zip64 ?? entries.length >= 0xffff });
}

/**
 * Web Locks as one browser session holds them (Node has none): a lock requested `ifAvailable` while held is refused.
 * A new instance is a new session, as after the browser was closed: it holds nothing.
 */
export function sessionLocks() {
  const held = new Set<string>();
  const locks = {
    async request(name: string, options: LockOptions, callback: LockGrantedCallback<unknown>) {
      if (held.has(name)) {
        if (!options.ifAvailable) throw new Error('this fake waits for no lock');
        return callback(null);
      }
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
      }
    },
    async query() {
      return { held: [...held].map((name) => ({ name, mode: 'exclusive' as const, clientId: 'test' })), pending: [] };
    },
  };
  return locks as unknown as Pick<LockManager, 'request' | 'query'>;
}
