/**
 * A ZIP written to disk entry by entry with fflate's streaming writer (the library the project's own exports use),
 * for the benchmarks' large files: nothing bigger than one chunk is held in memory. The file appears under its name
 * only once it is complete, so a run cut short never leaves a truncated file where a cache expects a whole one.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { strToU8, Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from 'fflate';

/** Every entry gets this time, so the same content gives the same bytes on every run. */
const ENTRY_TIME = new Date(2026, 0, 1);
/** Text is handed to the deflater in pieces of about this many characters. */
const TEXT_CHUNK = 1 << 20;

export interface TextEntry {
  write(text: string): void;
  end(): void;
}

export class ZipFile {
  readonly #path: string;
  readonly #fd: number;
  readonly #zip: Zip;
  #bytes = 0;
  #open: TextEntry | null = null;

  constructor(path: string) {
    this.#path = path;
    this.#fd = openSync(`${path}.part`, 'w');
    this.#zip = new Zip((err, chunk) => {
      if (err) throw err;
      writeSync(this.#fd, chunk);
      this.#bytes += chunk.length;
    });
  }

  /** An entry stored as it is (images, which are compressed already). */
  stored(name: string, bytes: Uint8Array): void {
    this.#add(new ZipPassThrough(name)).push(bytes, true);
  }

  /** A deflated entry of text, written piece by piece; it must be ended before the next entry is added. */
  text(name: string, level: 1 | 6 = 6): TextEntry {
    const entry = this.#add(new ZipDeflate(name, { level }));
    let pending: string[] = [];
    let length = 0;
    const flush = (final: boolean) => {
      entry.push(strToU8(pending.join('')), final);
      pending = [];
      length = 0;
    };
    const text: TextEntry = {
      write: (s) => {
        pending.push(s);
        length += s.length;
        if (length >= TEXT_CHUNK) flush(false);
      },
      end: () => {
        flush(true);
        this.#open = null;
      },
    };
    this.#open = text;
    return text;
  }

  /** Writes the directory and gives the file its name; returns its size. */
  close(): number {
    if (this.#open) throw new Error(`${this.#path}: an entry is still open`);
    this.#zip.end();
    closeSync(this.#fd);
    renameSync(`${this.#path}.part`, this.#path);
    return this.#bytes;
  }

  /** Leaves nothing behind after a failure. */
  discard(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // Closed already: the failure came after close() had started.
    }
    rmSync(`${this.#path}.part`, { force: true });
  }

  #add<T extends ZipInputFile>(entry: T): T {
    // fflate holds an entry's data in memory until the entry before it has ended: one at a time keeps it streaming.
    if (this.#open) throw new Error(`${this.#path}: an entry is still open`);
    entry.mtime = ENTRY_TIME;
    this.#zip.add(entry);
    return entry;
  }
}
