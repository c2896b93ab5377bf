import type { Archive } from '../archive/archive';
import type { SavedArticle } from '../archive/records';
import type { SearchFilter } from '../archive/search-index';
import { measureSearch } from './paint-marks';

export interface ResultQuery {
  text: string;
  filter: SearchFilter;
}

const BLOCK = 50;

/**
 * The articles a query selects, newest saved first, read a block of rows at a time as the list needs them.
 * Without search words it walks the archive's save-time index (first rows at once, whatever the archive's size);
 * with them, the search gives every matching URL and the records are read per block.
 */
export class Results {
  private readonly blocks = new Map<number, Promise<(SavedArticle | undefined)[]>>();

  private constructor(
    private readonly archive: Archive,
    private readonly query: ResultQuery,
    readonly count: number,
    /** The matching URLs when the query has search words; null while browsing. */
    private readonly urls: string[] | null,
  ) {}

  static async run(archive: Archive, query: ResultQuery): Promise<Results> {
    if (!query.text.trim()) {
      // The first rows and the count are read at once: on a large archive each takes a noticeable time.
      const firstBlock = archive.list({ ...query.filter, offset: 0, limit: BLOCK });
      const results = new Results(archive, query, await archive.count(query.filter), null);
      results.blocks.set(0, firstBlock);
      await firstBlock;
      return results;
    }
    const urls = await measureSearch(() => archive.search(query.text, { ...query.filter, limit: Number.MAX_SAFE_INTEGER }));
    return new Results(archive, query, urls.length, urls);
  }

  get searching(): boolean {
    return this.urls !== null;
  }

  /** The record at `index`, or undefined if it was deleted meanwhile. */
  async recordAt(index: number): Promise<SavedArticle | undefined> {
    const block = Math.floor(index / BLOCK);
    let rows = this.blocks.get(block);
    if (!rows) {
      rows = this.readBlock(block * BLOCK);
      this.blocks.set(block, rows);
    }
    return (await rows)[index % BLOCK];
  }

  /** Every URL the query selects ("select all results"). */
  async allUrls(): Promise<string[]> {
    if (this.urls) return [...this.urls];
    return this.archive.search('', { ...this.query.filter, limit: Number.MAX_SAFE_INTEGER });
  }

  private readBlock(offset: number): Promise<(SavedArticle | undefined)[]> {
    if (!this.urls) return this.archive.list({ ...this.query.filter, offset, limit: BLOCK });
    return Promise.all(this.urls.slice(offset, offset + BLOCK).map((url) => this.archive.get(url)));
  }
}
