import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync, strToU8, zipSync, type Zippable } from 'fflate';
import { entryData, readEntry, readZipDirectory, ZipFormatError, type ZipEntry } from '../../src/archive/backup/zip-reader';
import { prng } from '../support/fuzz';
import { crc32, zipBytes, type RawEntry } from '../support/zip-bytes';

/** The reader works on Blobs (a backup is a File): these give it the test's bytes. */
const directoryOf = (bytes: Uint8Array, accept?: (entry: ZipEntry) => void) => readZipDirectory(new Blob([bytes as Uint8Array<ArrayBuffer>]), accept);
const entryBytes = (bytes: Uint8Array, entry: ZipEntry) => readEntry(new Blob([bytes as Uint8Array<ArrayBuffer>]), entry);

// A fixed time, so that every run builds the same bytes (the DOS date is part of each header).
const mtime = new Date(2024, 0, 1);

/** Incompressible bytes, like a JPEG's: the way backups store images. */
function noise(length: number, seed = 1): Uint8Array {
  const rng = prng(seed);
  return Uint8Array.from({ length }, () => rng.int(256));
}

const text = strToU8('习近平承诺有力支持俄罗斯"核心利益"。'.repeat(300));

/** A backup-like ZIP: a deflated text and a stored image. */
function sampleZip(): Uint8Array {
  // The image carries an extra field (an extended timestamp, as Info-ZIP writes): its data starts after it.
  const timestamp = { 0x5455: new Uint8Array([1, 0x80, 0xfb, 0x91, 0x65]) };
  return zipSync({ 'backup.json': [text, { level: 6 }], 'images/图片.jpg': [noise(5000), { level: 0, extra: timestamp }] }, { mtime });
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Where each entry's central directory record starts, walked independently of the code under test. */
function centralRecords(zip: Uint8Array): Map<string, number> {
  const v = view(zip);
  const eocd = zip.length - 22;
  assert.equal(v.getUint32(eocd, true), 0x06054b50, 'the test ZIP ends with its end record and no comment');
  const out = new Map<string, number>();
  for (let at = v.getUint32(eocd + 16, true); at < eocd;) {
    assert.equal(v.getUint32(at, true), 0x02014b50);
    const nameLength = v.getUint16(at + 28, true);
    out.set(new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)), at);
    at += 46 + nameLength + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return out;
}

/** A copy of `zip` with one field of `name`'s central record changed. */
function patchCentral(zip: Uint8Array, name: string, offset: number, bytes: 2 | 4, value: number): Uint8Array {
  const copy = zip.slice();
  const at = centralRecords(copy).get(name);
  assert.ok(at !== undefined, `${name} is in the ZIP`);
  if (bytes === 2) view(copy).setUint16(at + offset, value, true);
  else view(copy).setUint32(at + offset, value, true);
  return copy;
}

function entryNamed(entries: ZipEntry[], name: string): ZipEntry {
  const entry = entries.find((e) => e.name === name);
  assert.ok(entry, `${name} is listed`);
  return entry;
}

function isZipFormatError(pattern?: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ZipFormatError, `a ZipFormatError, not ${String(err)}`);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

test('stored and deflated entries come back byte for byte, and a stored entry is the file’s own bytes', async () => {
  const zip = sampleZip();
  const entries = await directoryOf(zip);
  assert.deepEqual(
    entries.map((e) => [e.name, e.method, e.size]),
    [
      ['backup.json', 8, text.length],
      ['images/图片.jpg', 0, 5000],
    ],
  );
  const [json, image] = [entryNamed(entries, 'backup.json'), entryNamed(entries, 'images/图片.jpg')];
  assert.ok(json.compressedSize < json.size, 'the text really is deflated');
  assert.deepEqual(await entryBytes(zip, json), text);
  assert.deepEqual(await entryBytes(zip, image), noise(5000));
  // The import writes a stored image as a slice of the file, so dataStart must point at its first byte.
  assert.deepEqual(zip.subarray(entryData(zip, 0, image).dataStart, entryData(zip, 0, image).dataStart + image.size), noise(5000));
});

test('a ZIP inside a larger buffer is read from its own first byte', async () => {
  // A Uint8Array can be a window on a bigger buffer (a slice of a read file); offsets count from the window.
  const zip = sampleZip();
  const padded = new Uint8Array(zip.length + 100);
  padded.set(zip, 37);
  const window = padded.subarray(37, 37 + zip.length);
  const entries = await directoryOf(window);
  assert.deepEqual(await entryBytes(window, entryNamed(entries, 'images/图片.jpg')), noise(5000));
  assert.deepEqual(await entryBytes(window, entryNamed(entries, 'backup.json')), text);
});

/** Two tiny entries, one stored and one deflated: small enough to try every cut. */
function smallZip(): Uint8Array {
  return zipSync({ 'a.txt': [strToU8('hello'), { level: 0 }], 'b.txt': [strToU8('world world world'), { level: 9 }] }, { mtime });
}

/** `zip` with an archive comment appended: the end record's last field says how long it is. */
function withComment(zip: Uint8Array, comment: Uint8Array): Uint8Array {
  const out = new Uint8Array(zip.length + comment.length);
  out.set(zip);
  view(out).setUint16(zip.length - 2, comment.length, true);
  out.set(comment, zip.length);
  return out;
}

test('a ZIP with an archive comment is read, even when the comment holds an end-record signature', async () => {
  // Some zip tools add a comment; the end record is then no longer the last 22 bytes of the file.
  const comment = strToU8('made by some zip tool; PK\x05\x06 looks like an end record but its length does not fit');
  for (const zip of [withComment(sampleZip(), comment), withComment(sampleZip(), noise(0xffff, 7))]) {
    const entries = await directoryOf(zip);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['backup.json', 'images/图片.jpg'],
    );
    assert.deepEqual(await entryBytes(zip, entryNamed(entries, 'backup.json')), text);
  }
});

test('a file cut short anywhere is refused as a damaged ZIP, whatever the cut', async () => {
  // A download or copy that stopped early must give the import's "truncated or damaged" message, not a RangeError.
  const zip = withComment(sampleZip(), strToU8('comment'));
  const cuts = new Set([zip.length - 1, zip.length - 22, zip.length - 30]);
  for (let tenth = 0; tenth < 10; tenth++) cuts.add(Math.floor((zip.length * tenth) / 10));
  // And every length of a small ZIP, so no cut through a header goes untested.
  const small = smallZip();
  for (const [file, lengths] of [
    [zip, [...cuts]],
    [small, Array.from({ length: small.length }, (_, n) => n)],
  ] as const) {
    for (const length of lengths) {
      await assert.rejects(directoryOf(file.subarray(0, length)), isZipFormatError(), `cut to ${length} of ${file.length} bytes`);
    }
  }
});

test('a file missing its first bytes is refused as a damaged ZIP', async () => {
  // Every offset in the directory then points to the wrong place; none may be trusted.
  const small = smallZip();
  for (let drop = 1; drop < small.length; drop++) {
    await assert.rejects(directoryOf(small.subarray(drop)), isZipFormatError(), `first ${drop} bytes missing`);
  }
});

test('random damage to a ZIP gives its entries or a ZipFormatError, never another error', async (t) => {
  // Bit rot or a bad copy can change any byte; the import turns only ZipFormatError into "damaged file".
  class OverLimit extends Error {}
  const zip = withComment(sampleZip(), strToU8('comment'));
  const directory = centralRecords(sampleZip()).get('backup.json')!;
  const rng = prng(2024);
  const outcomes = new Map<string, number>();
  for (let round = 0; round < 1500; round++) {
    const damaged = zip.slice();
    // Mostly in the directory and end record, where the offsets and sizes are; sometimes anywhere.
    const from = rng.int(4) === 0 ? 0 : directory;
    for (let k = 1 + rng.int(3); k > 0; k--) damaged[from + rng.int(zip.length - from)] = rng.int(256);
    let outcome = 'read';
    try {
      // As the import does: claims over a limit are refused in the callback, before anything is allocated.
      const entries = await directoryOf(damaged, (e) => {
        if (e.size > 1 << 20) throw new OverLimit();
      });
      for (const entry of entries) await entryBytes(damaged, entry);
    } catch (err) {
      if (!(err instanceof OverLimit)) assert.ok(err instanceof ZipFormatError, `round ${round}: ${String(err)}`);
      outcome = err instanceof OverLimit ? 'over the limit' : 'refused';
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  t.diagnostic([...outcomes].map(([o, n]) => `${n} × ${o}`).join('; '));
});

test('a deflated entry that inflates to more or fewer bytes than its directory claims is refused', async () => {
  // The claim made in both headers, as a ZIP bomb would make it (one that disagrees is refused before inflating).
  const claiming = (size: number) => zipBytes([{ name: 'backup.json', data: text, deflate: true, local: { size } }]);
  const claimed = (size: number) => patchCentral(claiming(size), 'backup.json', 24, 4, size);
  // Claiming fewer is how a ZIP bomb slips past a size limit: reading must stop, not grow.
  for (const claim of [text.length - 1, 10, 0]) {
    const patched = claimed(claim);
    const entry = entryNamed(await directoryOf(patched), 'backup.json');
    assert.equal(entry.size, claim);
    await assert.rejects(entryBytes(patched, entry), isZipFormatError(/backup\.json inflates to more than/));
  }
  const patched = claimed(text.length + 1);
  const entry = entryNamed(await directoryOf(patched), 'backup.json');
  await assert.rejects(entryBytes(patched, entry), isZipFormatError(new RegExp(`backup\\.json inflates to ${text.length} bytes, not the ${text.length + 1}`)));
});

test('a deflated entry whose data is not deflate is refused as a damaged ZIP', async () => {
  const zip = sampleZip();
  const entry = entryNamed(await directoryOf(zip), 'backup.json');
  const damaged = zip.slice();
  // 0xff starts a block of the reserved type 3: no inflater can read on.
  const { dataStart } = entryData(zip, 0, entry);
  damaged.fill(0xff, dataStart, dataStart + 8);
  await assert.rejects(entryBytes(damaged, entry), isZipFormatError(/backup\.json cannot be inflated/));
});

test('a stored entry with two different sizes is refused', async () => {
  // A stored entry is handed out as its compressedSize bytes while the import's limits check its size: they must agree.
  const zip = patchCentral(sampleZip(), 'images/图片.jpg', 24, 4, 4000);
  await assert.rejects(directoryOf(zip), isZipFormatError(/images\/图片\.jpg is stored with two different sizes/));
});

test('an unsupported compression method or an encrypted entry is refused, naming the entry', async () => {
  const zip = sampleZip();
  // 12 is bzip2, which some zip tools offer.
  await assert.rejects(directoryOf(patchCentral(zip, 'images/图片.jpg', 10, 2, 12)), isZipFormatError(/images\/图片\.jpg uses compression method 12/));
  const flags = view(zip).getUint16(centralRecords(zip).get('backup.json')! + 8, true);
  await assert.rejects(directoryOf(patchCentral(zip, 'backup.json', 8, 2, flags | 1)), isZipFormatError(/backup\.json is encrypted/));
});

test('the accept callback sees every entry before its data, and its refusal comes out unchanged', async () => {
  const zip = sampleZip();
  const seen: string[] = [];
  const entries = await directoryOf(zip, (entry) => void seen.push(`${entry.name} ${entry.method} ${entry.size}`));
  assert.deepEqual(
    seen,
    entries.map((e) => `${e.name} ${e.method} ${e.size}`),
  );

  // The second entry's local header is destroyed: the callback must refuse it before the reader looks there,
  // so the reader's message is the callback's (e.g. "claims too many bytes"), not a format error. (The local
  // header is read with the entry's data.)
  const damaged = zip.slice();
  const local = view(zip).getUint32(centralRecords(zip).get('images/图片.jpg')! + 42, true);
  damaged.fill(0, local, local + 30);
  await assert.rejects(
    entryBytes(damaged, entryNamed(await directoryOf(damaged), 'images/图片.jpg')),
    isZipFormatError(/images\/图片\.jpg has no local header/),
  );
  const refusal = new RangeError('images/图片.jpg claims too many bytes');
  const names: string[] = [];
  await assert.rejects(
    directoryOf(damaged, (entry) => {
      names.push(entry.name);
      if (entry.name.startsWith('images/')) throw refusal;
    }),
    (err) => err === refusal,
  );
  assert.deepEqual(names, ['backup.json', 'images/图片.jpg']);
});

test('more than 65,535 entries are all found, though the end record’s 16-bit count wraps', { timeout: 30_000 }, async () => {
  // A backup of a large archive can hold more images than the end record's count can say.
  const count = 65_540;
  const files: Zippable = {};
  for (let n = 0; n < count; n++) files[`images/${n}`] = [new Uint8Array([n & 0xff]), { level: 0 }];
  const zip = zipSync(files, { mtime });
  const eocd = view(zip);
  assert.equal(eocd.getUint16(zip.length - 22 + 10, true), count & 0xffff, 'the end record holds the count modulo 65,536');

  const entries = await directoryOf(zip);
  assert.equal(entries.length, count);
  assert.equal(new Set(entries.map((e) => e.name)).size, count);
  for (const n of [0, 65_535, 65_536, count - 1]) {
    assert.deepEqual(await entryBytes(zip, entryNamed(entries, `images/${n}`)), new Uint8Array([n & 0xff]));
  }

  // The wrapped count is still checked: a directory that lost or gained an entry does not pass.
  const wrongCount = zip.slice();
  view(wrongCount).setUint16(zip.length - 22 + 10, (count + 1) & 0xffff, true);
  await assert.rejects(directoryOf(wrongCount), isZipFormatError(/lists 65540 entries, not the 5/));
});

/** Refused with the translated sentence `key`, its substitutions `substitutions`. */
function isRefusal(key: string, substitutions?: string[]) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ZipFormatError, `a ZipFormatError, not ${String(err)}`);
    assert.equal(err.text?.key, key, err.message);
    if (substitutions) assert.deepEqual(err.text.substitutions, substitutions);
    return true;
  };
}

const jpeg = noise(300, 3);

test('a ZIP written by a streaming writer (sizes in a descriptor after the data) is read byte for byte', async () => {
  const zip = zipBytes([
    { name: 'backup.json', data: text, deflate: true, streamed: true },
    { name: 'images/a', data: jpeg, streamed: true },
  ]);
  const entries = await directoryOf(zip);
  assert.deepEqual(await entryBytes(zip, entryNamed(entries, 'backup.json')), text);
  assert.deepEqual(await entryBytes(zip, entryNamed(entries, 'images/a')), jpeg);
});

test('two entries of one name are refused, however the second one spells it, before the second is accepted', async () => {
  const spellings: [string, string][] = [
    ['backup.json', 'backup.json'],
    ['backup.json', 'BACKUP.json'],
    ['backup.json', './backup.json'],
    ['backup.json', '/backup.json'],
    ['backup.json', '.\\backup.json'],
    ['images/a', 'images\\a'],
    ['images/a', 'images//a'],
    ['images/a', 'images/./a'],
    // é precomposed, and e with a combining acute accent (as macOS writes names).
    ['images/\u00e9', 'images/e\u0301'],
  ];
  for (const [first, second] of spellings) {
    const zip = zipBytes([
      { name: first, data: jpeg },
      { name: 'images/b', data: jpeg },
      { name: second, data: strToU8('{"format":"rfi-reader-backup"}') },
    ]);
    const accepted: string[] = [];
    await assert.rejects(
      directoryOf(zip, (e) => void accepted.push(e.name)),
      isRefusal('archiveImportZipDuplicate', [first, second]),
      JSON.stringify([first, second]),
    );
    assert.deepEqual(accepted, [first, 'images/b'], 'the second copy is refused before the import sees it');
  }
  // Names that only look alike are different entries.
  const distinct = ['images/a', 'images/a.jpg', 'images/b/a', 'image/a', 'images/\u00e9e'];
  const entries = await directoryOf(zipBytes(distinct.map((name) => ({ name, data: jpeg }))));
  assert.deepEqual(
    entries.map((e) => e.name),
    distinct,
  );
});

test('a duplicate name in a ZIP from a library is refused too', async () => {
  // fflate writes what it is given: a second entry whose name differs only by a leading slash.
  const zip = zipSync({ 'backup.json': strToU8('{}'), '/backup.json': strToU8('{"evil":1}') } as Zippable, { mtime });
  await assert.rejects(directoryOf(zip), isRefusal('archiveImportZipDuplicate', ['backup.json', '/backup.json']));
});

test('a local header whose name, method, flags, sizes or CRC-32 disagree with the directory is refused, naming the entry', async () => {
  const compressedSize = deflateSync(text).length;
  const cases: [string, RawEntry, string, string[]][] = [
    ['another name', { name: 'images/a', data: jpeg, local: { name: 'evil.js' } }, 'archiveImportZipLocalName', ['images/a', 'evil.js']],
    ['the name in another case', { name: 'images/a', data: jpeg, local: { name: 'IMAGES/A' } }, 'archiveImportZipLocalName', ['images/a', 'IMAGES/A']],
    ['a longer name', { name: 'images/a', data: jpeg, local: { name: 'images/a\u0000.js' } }, 'archiveImportZipLocalName', ['images/a', 'images/a.js']],
    ['deflated, where the directory says stored', { name: 'images/a', data: jpeg, local: { method: 8 } }, 'archiveImportZipLocalHeader', ['images/a']],
    [
      'stored, where the directory says deflated',
      { name: 'backup.json', data: text, deflate: true, local: { method: 0 } },
      'archiveImportZipLocalHeader',
      ['backup.json'],
    ],
    ['encrypted', { name: 'images/a', data: jpeg, local: { flags: 0x801 } }, 'archiveImportZipLocalHeader', ['images/a']],
    ['another size', { name: 'images/a', data: jpeg, local: { size: jpeg.length - 1 } }, 'archiveImportZipLocalHeader', ['images/a']],
    [
      'another compressed size',
      { name: 'backup.json', data: text, deflate: true, local: { compressedSize: compressedSize + 1 } },
      'archiveImportZipLocalHeader',
      ['backup.json'],
    ],
    ['another CRC-32', { name: 'images/a', data: jpeg, local: { crc32: crc32(jpeg) ^ 1 } }, 'archiveImportZipLocalHeader', ['images/a']],
    ['a descriptor with another size', { name: 'images/a', data: jpeg, streamed: true, descriptor: { size: 5 } }, 'archiveImportZipLocalHeader', ['images/a']],
    [
      'a descriptor with another CRC-32',
      { name: 'images/a', data: jpeg, streamed: true, descriptor: { crc32: 0 } },
      'archiveImportZipLocalHeader',
      ['images/a'],
    ],
    [
      'sizes in both, the header’s wrong',
      { name: 'images/a', data: jpeg, streamed: true, local: { size: 7, compressedSize: 7 } },
      'archiveImportZipLocalHeader',
      ['images/a'],
    ],
  ];
  for (const [what, entry, key, substitutions] of cases) {
    const zip = zipBytes([{ name: 'images/first', data: noise(100, 9) }, entry]);
    // The directory itself is sound: the disagreement shows where the entry is read, in the page or the worker.
    const entries = await directoryOf(zip);
    const target = entryNamed(entries, entry.name);
    await assert.rejects(entryBytes(zip, target), isRefusal(key, substitutions), what);
    assert.throws(() => entryData(zip, 0, target), isRefusal(key, substitutions), what);
    assert.deepEqual(await entryBytes(zip, entryNamed(entries, 'images/first')), noise(100, 9), `${what}: the sound entry still reads`);
  }
});

/** git's ZIP (GitHub's "Download ZIP") past 65,534 entries: ZIP64 end records, the 16-bit counts at 0xffff. */
function gitLikeZip(count: number, more: Partial<RawEntry> = {}): Uint8Array {
  const entries: RawEntry[] = Array.from({ length: count }, (_, n) => ({ name: `repo-main/${n}.md`, data: new Uint8Array([n & 0xff]), ...more }));
  return zipBytes(entries, { zip64: true, comment: 'c0ffee' });
}

test('ZIP64, when asked for: the end record’s count and place, and an entry’s offset in its extra field', { timeout: 30_000 }, async () => {
  const zip = gitLikeZip(65_536);
  assert.equal(view(zip).getUint16(zip.length - 6 - 22 + 10, true), 0xffff, 'the 16-bit count says "see the ZIP64 record"');
  const blob = new Blob([zip as Uint8Array<ArrayBuffer>]);
  // A backup is never ZIP64: without the option the clamped count does not pass.
  await assert.rejects(readZipDirectory(blob), isZipFormatError(/not the 65535 it announces/));
  const entries = await readZipDirectory(blob, undefined, { zip64: true });
  assert.equal(entries.length, 65_536);
  assert.deepEqual(await readEntry(blob, entryNamed(entries, 'repo-main/65535.md')), new Uint8Array([0xff]));

  // Offsets past 4 GiB are in each record's ZIP64 extra field, after the timestamp git writes there too.
  const ut = new Uint8Array([0x55, 0x54, 5, 0, 1, 0, 0, 0, 0]);
  const far = zipBytes(
    ['a.md', 'b.md'].map((name, n) => ({ name, data: strToU8(`第${n}篇`), deflate: true, extra: ut, zip64Offset: true })),
    { zip64: true },
  );
  const farBlob = new Blob([far as Uint8Array<ArrayBuffer>]);
  await assert.rejects(readZipDirectory(farBlob), isZipFormatError(/no local header where the directory says/));
  const [a, b] = await readZipDirectory(farBlob, undefined, { zip64: true });
  assert.equal(new TextDecoder().decode(await readEntry(farBlob, b!)), '第1篇');
  assert.equal(a!.localOffset, 0);
});

test('ZIP64: a record that claims its sizes are in an extra field it lacks, or a count off by one, is refused', async () => {
  const zip = zipBytes([{ name: 'a.md', data: strToU8('x') }], { zip64: true });
  // The one central record starts where the end record says; its local header offset is at 42 in it.
  const marked = zip.slice();
  view(marked).setUint32(view(zip).getUint32(zip.length - 22 + 16, true) + 42, 0xffffffff, true);
  await assert.rejects(readZipDirectory(new Blob([marked as Uint8Array<ArrayBuffer>]), undefined, { zip64: true }), isZipFormatError(/ZIP64 extra field/));
  // The ZIP64 record's total count (at 32 in the record, which starts 56 + 20 bytes before the end record).
  const miscounted = zip.slice();
  view(miscounted).setUint32(miscounted.length - 22 - 20 - 56 + 32, 2, true);
  await assert.rejects(
    readZipDirectory(new Blob([miscounted as Uint8Array<ArrayBuffer>]), undefined, { zip64: true }),
    isZipFormatError(/not the 2 it announces/),
  );
});

test('a directory of many records pauses every thousand, so a page can paint while it is read', async () => {
  let pauses = 0;
  const zip = zipBytes(Array.from({ length: 5_500 }, (_, n) => ({ name: `${n}`, data: new Uint8Array(0) })));
  const entries = await readZipDirectory(new Blob([zip as Uint8Array<ArrayBuffer>]), undefined, { pause: async () => void pauses++ });
  assert.equal(entries.length, 5_500);
  assert.equal(pauses, 5);
});

test('random damage to a ZIP64 ZIP read with zip64 gives its entries or a ZipFormatError, never another error', async (t) => {
  class OverLimit extends Error {}
  const ut = new Uint8Array([0x55, 0x54, 5, 0, 1, 0, 0, 0, 0]);
  const zip = zipBytes(
    ['a.md', 'b.md', 'c.md'].map((name, n) => ({ name, data: strToU8(`第${n}篇`.repeat(20)), deflate: n !== 1, extra: ut, zip64Offset: n !== 0 })),
    { zip64: true, comment: 'c0ffee' },
  );
  const directory = view(zip).getUint32(zip.length - 6 - 22 + 16, true);
  const rng = prng(64);
  const outcomes = new Map<string, number>();
  for (let round = 0; round < 1500; round++) {
    const damaged = zip.slice();
    const from = rng.int(4) === 0 ? 0 : directory;
    for (let k = 1 + rng.int(3); k > 0; k--) damaged[from + rng.int(zip.length - from)] = rng.int(256);
    let outcome = 'read';
    const blob = new Blob([damaged as Uint8Array<ArrayBuffer>]);
    try {
      const entries = await readZipDirectory(
        blob,
        (e) => {
          if (e.size > 1 << 20) throw new OverLimit();
        },
        { zip64: true },
      );
      for (const entry of entries) await readEntry(blob, entry);
    } catch (err) {
      if (!(err instanceof OverLimit)) assert.ok(err instanceof ZipFormatError, `round ${round}: ${String(err)}`);
      outcome = err instanceof OverLimit ? 'over the limit' : 'refused';
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  t.diagnostic([...outcomes].map(([o, n]) => `${n} × ${o}`).join('; '));
});
