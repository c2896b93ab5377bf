import { wrap } from 'idb';
import type { Article } from '../core/article';
import type { ImportReport } from './backup/import';
import type { FetchedImage } from '../saving/fetch-images';
import type { Digester } from './backup/image-digests';
import type { BackupFile, BackupFileLimits } from './backup/export';
import { FIRST_SCREEN_ROWS, refreshFirstScreen, type FirstScreen } from './first-screen';
import { isStoredRef, withText, type ArchiveRow, type SavedArticle } from './records';
import { readImages } from './image-packs';
import { deleteRecord, putRecord, type DeletedArticle } from './record-writes';
import { ALL_STORES, DB_NAME, DB_VERSION, upgradeArchive, type ArchiveDb, type UpgradeTx } from './schema';
import type { SearchFilter, SearchIndex, SearchOptions } from './search/query';
import { PENDING_BEFORE_BUILD, SEGMENT_DOCS } from './search/doc-table';
import { recoverInterruptedImport } from './backup/import-journal';
import { writeTransaction } from './transaction';
import type { PreparedArticle } from './prepare';
import type { FilledImages } from './fill-images';
import type { MirrorImportNote } from './mirror/import-note';

export interface ArchiveOptions {
  /** Defaults to the global `indexedDB`; tests pass a fresh fake one. */
  indexedDB?: IDBFactory;
  /** The DOM that sanitizes article HTML before it is written; defaults to the page's own window. */
  window?: Window;
  /** Clock (epoch ms), for tests. */
  now?: () => number;
  /** Where pending texts are indexed (the archive page's worker); in this context when not given. */
  indexer?: Indexer;
}

/** Runs search/build.ts's indexPending, with this `minimum`, somewhere. */
export type Indexer = (minimum: number) => Promise<void>;

export interface SaveOutcome {
  record: SavedArticle;
  /** False when the article was already in the archive and has been updated. */
  created: boolean;
  /** The images that could not be kept, and why: what the user is told was not saved. */
  missing: { src: string; reason: string }[];
}

export interface ListQuery extends SearchFilter {
  offset?: number;
  limit?: number;
}

export interface SectionCount {
  section: string;
  count: number;
}

/** What `delete` took away; hand it back to `restore` to undo. Holds image bytes: keep it only while undo is offered. */
export interface UndoToken {
  deleted: DeletedArticle[];
}

export interface BackupStatus {
  /** Epoch ms of the last export, or null if there never was one. */
  lastBackupAt: number | null;
  /** Articles saved or updated since then: the reminder to back up counts these. */
  notBackedUp: number;
}

export { ArchiveFullError, ImportError } from './errors';
export type { ImportReport } from './backup/import';

export async function openArchive(options: ArchiveOptions = {}): Promise<Archive> {
  // idb's openDB always uses the global factory; this is its few lines with the factory passed in.
  const request = (options.indexedDB ?? indexedDB).open(DB_NAME, DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    const tx = wrap(request.transaction!) as unknown as UpgradeTx;
    // A failed step aborts the upgrade, so the database stays at its old version rather than half-upgraded.
    upgradeArchive(wrap(request.result) as unknown as ArchiveDb, event.oldVersion, tx).catch(() => {
      try {
        tx.abort();
      } catch {
        // The transaction has already ended.
      }
    });
  });
  const db = (await wrap(request)) as unknown as ArchiveDb;
  // A newer version of the extension opening the archive must not wait for this page to be closed.
  db.addEventListener('versionchange', () => db.close());
  // Before anything is read: an import cut off by a closed browser must not show its half (one request, usually).
  await recoverInterruptedImport(db);
  return new Archive(db, options.window, options.now ?? Date.now, options.indexer);
}

/**
 * The offline archive: articles with their images and search text in IndexedDB. Every write is one transaction
 * over all stores, so a crash, a closed browser or a full disk leaves the archive as it was, never half-written.
 * What only some callers need (sanitizing, search, backups) is loaded when first used: the archive page's first
 * screen waits for none of it.
 */
export class Archive {
  private searchIndex: Promise<SearchIndex> | null = null;

  constructor(
    private readonly db: ArchiveDb,
    private readonly win: Window | undefined,
    private readonly now: () => number,
    private readonly indexer: Indexer | undefined,
  ) {}

  close(): void {
    this.db.close();
  }

  async save(article: Article, images: FetchedImage[]): Promise<SaveOutcome> {
    const { prepareSave } = await import('./prepare');
    const prepared = await prepareSave(article, images, this.win, this.now());
    const outcome = await writeTransaction(this.db, async (tx) => {
      const previous = await tx.objectStore('articles').get(prepared.record.url);
      const record = { ...prepared.record, savedAt: previous?.savedAt ?? prepared.record.savedAt };
      await putRecord(tx, record, prepared.images, prepared.search, previous);
      return { record, created: !previous };
    });
    const search = { ...prepared.search, savedAt: outcome.record.savedAt };
    this.searchChanged();
    // Saves are made outside the archive page (the background's queue, the reader, the popup): the page's next
    // first screen shows them. Not waited for: counting 10,000 rows made each save 20-30 ms slower in Chromium, and
    // a failure costs only that the next archive page reads its first rows from the archive.
    void refreshFirstScreen(() => this.firstScreen()).catch(() => {});
    const missing = outcome.record.images.flatMap((r) => ('missing' in r ? [{ src: r.src, reason: r.missing }] : []));
    return { ...outcome, record: withText(outcome.record, search), missing };
  }

  async get(url: string): Promise<SavedArticle | undefined> {
    const tx = this.db.transaction(['articles', 'search']);
    const [record, search] = await Promise.all([tx.objectStore('articles').get(url), tx.objectStore('search').get(url)]);
    return record && withText(record, search);
  }

  async has(url: string): Promise<boolean> {
    return (await this.db.count('articles', url)) > 0;
  }

  async imageBlob(hash: string): Promise<Blob | null> {
    const [image] = await readImages(this.db, [hash]);
    return image?.data ?? null;
  }

  /** Each stored image of the record by the source the article uses, for `blob:` URLs in the reader. */
  async imagesFor(record: SavedArticle): Promise<Map<string, Blob>> {
    const refs = record.images.filter(isStoredRef);
    const images = new Map(
      (
        await readImages(
          this.db,
          refs.map((r) => r.hash),
        )
      ).map((i) => [i.hash, i.data]),
    );
    return new Map(refs.flatMap((r) => (images.has(r.hash) ? [[r.src, images.get(r.hash)!] as const] : [])));
  }

  /** The list's rows, newest saved first, one page at a time: never loads the whole archive. */
  async list(query: ListQuery = {}): Promise<ArchiveRow[]> {
    const { offset = 0, limit = 50 } = query;
    if (limit <= 0) return [];
    const index = this.rowIndexFor(query);
    const range = this.rangeFor(query);
    // The first page (what the archive page opens on) in one request; later ones by cursor, which can skip.
    if (offset === 0) return index.getAll(range, limit);
    const out: ArchiveRow[] = [];
    let cursor = await index.openCursor(range);
    if (cursor) cursor = await cursor.advance(offset);
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  /** The rows of these articles, in the same order; undefined where one is no longer in the archive. */
  async rows(urls: string[]): Promise<(ArchiveRow | undefined)[]> {
    const store = this.db.transaction('rows').store;
    return Promise.all(urls.map((url) => store.get(url)));
  }

  /** The URLs the filter selects, newest saved first. */
  urls(filter: SearchFilter = {}): Promise<string[]> {
    return this.rowIndexFor(filter).getAllKeys(this.rangeFor(filter));
  }

  count(filter: SearchFilter = {}): Promise<number> {
    if (filter.section === undefined && filter.from === undefined && filter.to === undefined) return this.db.count('rows');
    return this.rowIndexFor(filter).count(this.rangeFor(filter));
  }

  /** The sections present in the archive, each with its number of articles, in key order. */
  async sections(): Promise<SectionCount[]> {
    const index = this.db.transaction('rows').store.index('by-section-order');
    const out: SectionCount[] = [];
    for (let cursor = await index.openKeyCursor(); cursor;) {
      const [section] = cursor.key;
      out.push({ section, count: await index.count(IDBKeyRange.bound([section, -Infinity], [section, Infinity])) });
      // On to the first key of the next section.
      cursor = await cursor.continue([section, Infinity]);
    }
    return out;
  }

  async delete(urls: string[]): Promise<UndoToken> {
    const deleted = await writeTransaction(this.db, async (tx) => {
      const out: DeletedArticle[] = [];
      for (const url of new Set(urls)) {
        const gone = await deleteRecord(tx, url);
        if (gone) out.push(gone);
      }
      return out;
    });
    this.searchChanged();
    return { deleted };
  }

  /** Puts deleted articles back, unless one has been saved again since (the newer save wins). */
  async restore(token: UndoToken): Promise<void> {
    await writeTransaction(this.db, async (tx) => {
      const images = token.deleted.flatMap((d) => d.images);
      for (const d of token.deleted) {
        if ((await tx.objectStore('articles').count(d.record.url)) > 0 || !d.search) continue;
        await putRecord(tx, d.record, images, d.search, undefined);
      }
    });
    this.searchChanged();
  }

  /** Empties every store: no article, image, search text or backup note is left. */
  async deleteEverything(): Promise<void> {
    // Not while a segment is being built: written after the reset, it would index the old texts under numbers the
    // new ones are given.
    const { asTheIndexer } = await import('./search/build');
    await asTheIndexer(() =>
      writeTransaction(this.db, async (tx) => {
        for (const name of ALL_STORES) await tx.objectStore(name).clear();
      }),
    );
    this.searchChanged();
  }

  /** URLs of the articles whose title, lead or body contain every term of the query, newest saved first. */
  async search(query: string, options: SearchOptions = {}): Promise<string[]> {
    return (await this.loadSearchIndex()).search(query, options);
  }

  /** After another context (the background's save queue, another archive tab) wrote the archive: the next search reads the index again. */
  syncSearch(): void {
    this.searchIndex = null;
  }

  /**
   * Indexes the texts saves and upgrades left pending (search/build.ts), if there are at least `minimum`. With a
   * `minimum` above 1 it resolves at once when another page of the extension is already indexing.
   */
  async indexPending(minimum = 1): Promise<void> {
    if (this.indexer) {
      await this.indexer(minimum);
    } else {
      // Loaded when first needed: the folding tables it brings are no part of the archive page's first screen.
      const { indexPending } = await import('./search/build');
      await indexPending(this.db, { minimum, wait: minimum <= 1 });
    }
    this.searchIndex = null;
  }

  /** Indexes the pending texts once there are enough of them for a segment of their own; resolves at once otherwise. */
  indexSavedTexts(): Promise<void> {
    return this.indexPending(PENDING_BEFORE_BUILD);
  }

  async backupStatus(): Promise<BackupStatus> {
    const entry = await this.db.get('meta', 'lastBackupAt');
    const lastBackupAt = entry?.key === 'lastBackupAt' ? entry.value : null;
    const notBackedUp =
      lastBackupAt === null
        ? await this.db.count('articles')
        : await this.db.countFromIndex('articles', 'by-updated', IDBKeyRange.lowerBound(lastBackupAt, true));
    return { lastBackupAt, notBackedUp };
  }

  /**
   * Every article and image as backup files, each handed to `onFile` as soon as it is made (one file unless the
   * archive is larger than `limits` allow); records the export as the last backup once all are made.
   */
  async exportBackup(onFile: (file: BackupFile) => Promise<void> | void, limits?: BackupFileLimits): Promise<number> {
    const exportedAt = this.now();
    const { exportBackup } = await import('./backup/export');
    const files = await exportBackup(this.db, exportedAt, onFile, limits);
    await this.db.put('meta', { key: 'lastBackupAt', value: exportedAt });
    return files;
  }

  /**
   * Validates the whole file first, then merges it; throws ImportError and changes nothing if it is refused. Its
   * images are checked by `digest` (a worker, where the caller has one; in the caller's thread otherwise). Resolves
   * once every article is in; the texts it added are indexed after that (`indexPending()` waits for it), and until
   * then searches find them by reading them.
   */
  async importBackup(input: Blob | Uint8Array, digest?: Digester): Promise<ImportReport> {
    const { importBackup } = await import('./backup/import');
    const report = await importBackup(this.db, input, this.win, digest);
    this.searchIndex = null;
    // Not waited for: at 10,000 articles it took 14 s more than the import's own 20 s. A failure leaves the texts
    // pending, still found.
    void this.indexPending().catch(() => {});
    return report;
  }

  /**
   * Adds prepared articles (prepareRecord: sanitized, images included or marked missing) that are not in the archive
   * yet, all in one transaction; those already there (same URL) are left as they are. Resolves to the URLs added.
   * Whole segments of their texts are indexed meanwhile; the caller's last batch is followed by `indexPending()`.
   */
  async addNew(prepared: PreparedArticle[]): Promise<string[]> {
    const added = await writeTransaction(this.db, async (tx) => {
      const out: PreparedArticle[] = [];
      for (const p of prepared) {
        if ((await tx.objectStore('articles').count(p.record.url)) > 0 || out.some((o) => o.record.url === p.record.url)) continue;
        await putRecord(tx, p.record, p.images, p.search, undefined);
        out.push(p);
      }
      return out;
    });
    this.searchIndex = null;
    void this.indexPending(SEGMENT_DOCS).catch(() => {});
    return added.map((p) => p.record.url);
  }

  /** The note a running mirror import keeps (mirror/import-note.ts), or null. */
  async mirrorImportNote(): Promise<MirrorImportNote | null> {
    const entry = await this.db.get('meta', 'mirrorImport');
    return entry?.key === 'mirrorImport' ? entry.value : null;
  }

  /** Writes the mirror import's note, or removes it (null). */
  async keepMirrorImportNote(note: MirrorImportNote | null): Promise<void> {
    if (note) await this.db.put('meta', { key: 'mirrorImport', value: note });
    else await this.db.delete('meta', 'mirrorImport');
  }

  /** The list as the archive page first shows it: the newest rows and the count. */
  private async firstScreen(): Promise<FirstScreen> {
    return { total: await this.count(), rows: await this.list({ limit: FIRST_SCREEN_ROWS }) };
  }

  /** The rows' index for the filter, with or without a section; both are ordered newest saved first. */
  private rowIndexFor(filter: SearchFilter) {
    const store = this.db.transaction('rows').store;
    return filter.section === undefined ? store.index('by-order') : store.index('by-section-order');
  }

  /** The filter's range of that index: save times become orders (their negatives), so the bounds swap. */
  private rangeFor(filter: SearchFilter): IDBKeyRange {
    const first = filter.to === undefined ? -Infinity : -filter.to;
    const last = filter.from === undefined ? Infinity : -filter.from;
    return filter.section === undefined ? IDBKeyRange.bound(first, last) : IDBKeyRange.bound([filter.section, first], [filter.section, last]);
  }

  /** Starts loading the search index, if it is not loaded yet: a page calls this when the reader starts typing. */
  prepareSearch(): void {
    // A failure is the next search's to report.
    this.loadSearchIndex().catch(() => {});
  }

  private loadSearchIndex(): Promise<SearchIndex> {
    if (!this.searchIndex) {
      const loading = import('./search/query').then(({ SearchIndex }) => SearchIndex.load(this.db));
      // A load that failed is tried again by the next search.
      loading.catch(() => {
        if (this.searchIndex === loading) this.searchIndex = null;
      });
      this.searchIndex = loading;
    }
    return this.searchIndex;
  }

  /**
   * After a write of this context: the next search reads the index again, and enough pending texts are indexed
   * (not waited for: a save does not wait for its segment, and a failure leaves the texts pending, still found).
   */
  private searchChanged(): void {
    this.searchIndex = null;
    void this.indexSavedTexts().catch(() => {});
  }

  /**
   * Stores the images fetched later for the article's missing ones, in one transaction (fill-images.ts); those that
   * failed stay missing with their new reason. Null when the article is no longer in the archive.
   */
  async fillImages(url: string, fetched: FetchedImage[]): Promise<FilledImages | null> {
    const { fillImages, hashArrived } = await import('./fill-images');
    const arrived = await hashArrived(fetched);
    const filled = await writeTransaction(this.db, (tx) => fillImages(tx, url, arrived, this.now()));
    // Its row's size and thumbnail changed: as after a save, the next archive page's first screen shows them.
    if (filled?.stored.length) void refreshFirstScreen(() => this.firstScreen()).catch(() => {});
    return filled;
  }
}
