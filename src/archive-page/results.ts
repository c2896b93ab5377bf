import type { Archive } from '../archive/archive';
import type { ArchiveRow } from '../archive/records';
import type { SearchFilter } from '../archive/search/query';
import { measureSearch } from './paint-marks';

export interface ResultQuery {
  text: string;
  filter: SearchFilter;
}

const BLOCK = 50;

/**
 * The articles a query selects, newest saved first, read a block of rows at a time as the list needs them.
 * Without search words it walks the archive's rows in save order, and the first block is there before the count
 * of a large archive (which takes longer); with them, the search gives every matching URL and the rows are read
 * per block.
 */
export class Results {
  private readonly blocks = new Map<number, Promise<(ArchiveRow | undefined)[]>>();

  private constructor(
    private readonly archive: Archive,
    private readonly query: ResultQuery,
    /** Rows known to exist now: at least the first block's. */
    readonly known: number,
    /** How many rows the query selects in all. */
    readonly total: Promise<number>,
    /** The matching URLs when the query has search words; null while browsing. */
    private readonly urls: string[] | null,
  ) {}

  static async run(archive: Archive, query: ResultQuery): Promise<Results> {
    if (!query.text.trim()) {
      const firstBlock = archive.list({ ...query.filter, offset: 0, limit: BLOCK });
      const rows = await firstBlock;
      const total = rows.length < BLOCK ? Promise.resolve(rows.length) : archive.count(query.filter);
      const results = new Results(archive, query, rows.length, total, null);
      results.blocks.set(0, firstBlock);
      return results;
    }
    const urls = await measureSearch(() => archive.search(query.text, { ...query.filter, limit: Number.MAX_SAFE_INTEGER }));
    return new Results(archive, query, urls.length, Promise.resolve(urls.length), urls);
  }

  get searching(): boolean {
    return this.urls !== null;
  }

  /** The row at `index`, or undefined if its article was deleted meanwhile. */
  async rowAt(index: number): Promise<ArchiveRow | undefined> {
    const block = Math.floor(index / BLOCK);
    let rows = this.blocks.get(block);
    if (!rows) {
      rows = this.readBlock(block * BLOCK);
      this.blocks.set(block, rows);
    }
    return (await rows)[index % BLOCK];
  }

  /** The first `n` rows, or fewer if the query selects fewer. */
  async firstRows(n: number): Promise<ArchiveRow[]> {
    const rows = await Promise.all(Array.from({ length: Math.min(n, this.known) }, (_, i) => this.rowAt(i)));
    return rows.filter((row) => row !== undefined);
  }

  /** Every URL the query selects ("select all results"). */
  async allUrls(): Promise<string[]> {
    return this.urls ? [...this.urls] : this.archive.urls(this.query.filter);
  }

  private readBlock(offset: number): Promise<(ArchiveRow | undefined)[]> {
    if (!this.urls) return this.archive.list({ ...this.query.filter, offset, limit: BLOCK });
    return this.archive.rows(this.urls.slice(offset, offset + BLOCK));
  }
}
