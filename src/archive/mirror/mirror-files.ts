import { errorText } from '../../core/error-text';
import { bytesOf, contentOf, crc32, entryData, readZipDirectory, ZipFormatError, type ZipEntry } from '../backup/zip-reader';

/** One file of what the reader chose, read: its bytes, or why they could not be had. */
export type MirrorFile = { name: string; bytes: Uint8Array } | { name: string; unreadable: string };

/** What the reader chose, opened: the files that may be entries, read a run at a time, in order. */
export interface MirrorSource {
  /** Files named like entries (`.md`, `.txt`): what the progress counts through. */
  readonly total: number;
  /** The other files (a repository's images, scripts, settings): not entries, and never read. */
  readonly otherFiles: number;
  runs(): AsyncIterable<MirrorFile[]>;
}

/** A chosen file, as an `<input type=file>` gives it (`webkitRelativePath` inside a chosen folder). */
export type ChosenFile = Blob & { name: string; webkitRelativePath?: string };

/** The seed's and the mirrors' own extensions: anything else in a repository is not an entry. */
export const isEntryName = (name: string): boolean => /\.(md|txt)$/i.test(name);

/**
 * Past this a file is not an entry but damage or something else: extraction refuses pages of over 2 million
 * characters, which UTF-8 writes in at most 6 MB (3 bytes a character), and it is not read into memory.
 */
export const MAX_ENTRY_BYTES = 6 * 1024 * 1024 + 64 * 1024;

/** Files per run: what the import sorts, looks up in the archive and writes together. */
const RUN_FILES = 150;
/** Bytes of a ZIP read in one go for a run of its entries (a mirror entry is 1 to 15 KB deflated). */
const RUN_BYTES = 2 * 1024 * 1024;
/** Entries inflated at once. */
const INFLATE_TOGETHER = 8;

const tooLarge = (size: number) => `larger than an entry can be (${size} bytes)`;

/** The chosen files in one source: ZIP files opened as mirror repositories, the rest read as they are. */
export async function openChosen(files: ChosenFile[], pause?: () => Promise<void>): Promise<MirrorSource> {
  const loose = files.filter((f) => !/\.zip$/i.test(f.name));
  const zips = await Promise.all(files.filter((f) => /\.zip$/i.test(f.name)).map((f) => zipSource(f, pause)));
  return concat([looseSource(loose), ...zips]);
}

function concat(sources: MirrorSource[]): MirrorSource {
  return {
    total: sources.reduce((n, s) => n + s.total, 0),
    otherFiles: sources.reduce((n, s) => n + s.otherFiles, 0),
    async *runs() {
      for (const source of sources) yield* source.runs();
    },
  };
}

/** Files chosen one by one or as a folder. */
export function looseSource(files: ChosenFile[]): MirrorSource {
  const entries = files.filter((f) => isEntryName(f.name));
  return {
    total: entries.length,
    otherFiles: files.length - entries.length,
    async *runs() {
      for (let i = 0; i < entries.length; i += RUN_FILES) yield Promise.all(entries.slice(i, i + RUN_FILES).map(readLoose));
    },
  };
}

async function readLoose(file: ChosenFile): Promise<MirrorFile> {
  const name = file.webkitRelativePath || file.name;
  if (file.size > MAX_ENTRY_BYTES) return { name, unreadable: tooLarge(file.size) };
  try {
    return { name, bytes: new Uint8Array(await file.arrayBuffer()) };
  } catch (err) {
    // A file deleted or changed on disk since it was chosen: that one file is lost, not the import.
    return { name, unreadable: errorText(err) };
  }
}

/** Thrown before anything is imported when a chosen ZIP cannot be opened at all. */
export class MirrorZipError extends Error {
  override name = 'MirrorZipError';
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName} is not a readable ZIP file: ${reason}`);
  }
}

/**
 * A ZIP of a mirror repository (GitHub's "Download ZIP": a top folder, folders as entries, deflated files, ZIP64
 * end records past 65,534 entries). Its entries are read in runs of neighbours, one slice of the file each; a
 * damaged entry is that entry lost, the rest is read.
 */
export async function zipSource(file: ChosenFile, pause?: () => Promise<void>): Promise<MirrorSource> {
  let directory: ZipEntry[];
  try {
    directory = await readZipDirectory(file, undefined, { zip64: true, ...(pause ? { pause } : {}) });
  } catch (err) {
    throw new MirrorZipError(file.name, errorText(err));
  }
  const files = directory.filter((e) => !e.name.endsWith('/'));
  // In file order, so that a run is one stretch of the file.
  const entries = files.filter((e) => isEntryName(e.name)).sort((a, b) => a.localOffset - b.localOffset);
  return {
    total: entries.length,
    otherFiles: files.length - entries.length,
    async *runs() {
      const runs = runsOf(entries);
      // The next run is read and inflated while this one is extracted: reading is mostly waiting, in small tasks.
      let next = runs.length ? readRun(file, runs[0]!) : null;
      for (let i = 0; next; i++) {
        const current = next;
        next = i + 1 < runs.length ? readRun(file, runs[i + 1]!) : null;
        // A read ahead that fails is reported when its turn comes, or never if the import stops before.
        next?.catch(() => {});
        yield current;
      }
    },
  };
}

const tooLargeEntry = (e: ZipEntry) => Math.max(e.size, e.compressedSize) > MAX_ENTRY_BYTES;

/**
 * Where the bytes an entry needs end: its header, data and descriptor, not whatever lies between it and the next
 * header (which `entryData` does not read).
 */
const dataEnd = (e: ZipEntry) => Math.min(e.end, e.localOffset + 30 + 2 * 0xffff + e.compressedSize + 16);

/** Neighbouring entries, at most RUN_FILES of them within RUN_BYTES; an entry too large to be one is a run alone. */
function runsOf(entries: ZipEntry[]): ZipEntry[][] {
  const runs: ZipEntry[][] = [];
  for (const entry of entries) {
    const run = runs.at(-1);
    if (run && run.length < RUN_FILES && !tooLargeEntry(run[0]!) && !tooLargeEntry(entry) && dataEnd(entry) - run[0]!.localOffset <= RUN_BYTES) run.push(entry);
    else runs.push([entry]);
  }
  return runs;
}

async function inflated(region: Uint8Array, regionStart: number, entry: ZipEntry): Promise<MirrorFile> {
  try {
    const bytes = await contentOf(entry, entryData(region, regionStart, entry).raw);
    if (crc32(bytes) !== entry.crc32) return { name: entry.name, unreadable: 'its CRC-32 does not match: the entry is damaged' };
    return { name: entry.name, bytes };
  } catch (err) {
    if (!(err instanceof ZipFormatError)) throw err;
    return { name: entry.name, unreadable: err.message };
  }
}

/** Reading the file itself failing (it was moved or changed) ends the import: every entry after would fail too. */
async function readRun(file: ChosenFile, run: ZipEntry[]): Promise<MirrorFile[]> {
  const first = run[0]!;
  if (tooLargeEntry(first)) return [{ name: first.name, unreadable: tooLarge(first.size) }];
  const region = await bytesOf(file, first.localOffset, dataEnd(run.at(-1)!));
  const out: MirrorFile[] = [];
  // A few at a time: inflated together, a run's 150 entries came out in one task of 200 ms (Chromium), the page
  // frozen meanwhile; one by one, each waits for the last.
  for (let i = 0; i < run.length; i += INFLATE_TOGETHER)
    out.push(...(await Promise.all(run.slice(i, i + INFLATE_TOGETHER).map((e) => inflated(region, first.localOffset, e)))));
  return out;
}
