import type { DBSchema, IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { BLOCK_BITS, type DocBlock } from './search/doc-table';
import type { GramRow } from './search/postings';
import {
  rowOf,
  searchTextOf,
  withoutText,
  type ArchiveRow,
  type ImageRow,
  type MetaEntry,
  type Pack,
  type SavedArticle,
  type SearchText,
  type StoredImage,
} from './records';

export const DB_NAME = 'rfi-reader-archive';

/**
 * Schema history. Every version ever shipped stays described here, because a browser profile can skip
 * releases and open the archive with any older version on disk:
 * - v1: `articles` (by URL; indexes by save time, by section and save time, by section, by image hash)
 *   and `images` (by SHA-256).
 * - v2: `search` (the folded text of each article; filled by the v4 step, which writes it anew),
 *   `meta` (last backup time) and an index of articles by update time (how many are in no backup yet).
 * - v3: image bytes as Blobs instead of ArrayBuffers (kept by browsers in files beside the database: at 10,000
 *   articles an ArrayBuffer archive was slow to open and to import into); v2 images are converted.
 * - v4: `rows` (the list's few fields of each article, newest first through `by-order`), filled from the articles,
 *   replaces the list indexes on `articles` (`by-saved`, `by-section-saved`, `by-section`), which made the list
 *   read whole records; image bytes move to `packs` (records.ts says why), each v3 image becoming a pack of its
 *   own, and `images` rows say where; `search` keeps each article's words as written (the index folds them, one
 *   character at a time: search-text.ts), and the plain text moves there out of `articles`, which held it twice.
 * - v5: the persisted search index (search/): `docs` (blocks of the document table), `segments` and `grams` (each
 *   segment's documents and postings, by bucket). Every v4 text gets a document number and is pending; the archive
 *   page indexes them after opening (search/build.ts), searches reading them meanwhile.
 */
export const DB_VERSION = 5;

export interface ArchiveSchema extends DBSchema {
  articles: {
    key: string;
    value: SavedArticle;
    indexes: {
      'by-image': string;
      'by-updated': number;
    };
  };
  rows: {
    key: string;
    value: ArchiveRow;
    indexes: {
      'by-order': number;
      'by-section-order': [string, number];
    };
  };
  images: { key: string; value: ImageRow; indexes: { 'by-pack': string } };
  packs: { key: string; value: Pack };
  search: { key: string; value: SearchText };
  meta: { key: string; value: MetaEntry };
  docs: { key: number; value: DocBlock };
  /** `end`: the first document number past this segment's (and every earlier one's). */
  segments: { key: number; value: { id: number; docs: Uint32Array; end: number } };
  grams: { key: [number, number]; value: GramRow };
}

export type ArchiveDb = IDBPDatabase<ArchiveSchema>;
export type StoreName = StoreNames<ArchiveSchema>;
export const ALL_STORES: StoreName[] = ['articles', 'rows', 'images', 'packs', 'search', 'meta', 'docs', 'segments', 'grams'];

export type UpgradeTx = IDBPTransaction<ArchiveSchema, StoreName[], 'versionchange'>;

/** Brings a database at `oldVersion` (0 when new) up to DB_VERSION, one step at a time. */
export async function upgradeArchive(db: ArchiveDb, oldVersion: number, tx: UpgradeTx): Promise<void> {
  // Indexes of earlier versions that later ones dropped: the schema type no longer names them.
  const articles = () => tx.objectStore('articles') as unknown as IDBPObjectStore<unknown, string[], 'articles', 'versionchange'>;
  if (oldVersion < 1) {
    db.createObjectStore('articles', { keyPath: 'url' });
    articles().createIndex('by-saved', 'savedAt');
    articles().createIndex('by-section-saved', ['article.section', 'savedAt']);
    articles().createIndex('by-section', 'article.section');
    articles().createIndex('by-image', 'imageHashes', { multiEntry: true });
    db.createObjectStore('images', { keyPath: 'hash' });
  }
  if (oldVersion < 2) {
    db.createObjectStore('meta', { keyPath: 'key' });
    tx.objectStore('articles').createIndex('by-updated', 'updatedAt');
    // Filled by the v4 step, which folds every text again anyway.
    db.createObjectStore('search', { keyPath: 'url' });
  }
  // Image rows as v1 to v3 kept them, bytes included.
  const oldImages = () => tx.objectStore('images') as unknown as IDBPObjectStore<unknown, string[], 'images', 'versionchange'>;
  if (oldVersion < 3) {
    for (let cursor = await oldImages().openCursor(); cursor; cursor = await cursor.continue()) {
      const image = cursor.value as Omit<StoredImage, 'data'> & { data: Blob | ArrayBuffer };
      if (image.data instanceof ArrayBuffer) await cursor.update({ ...image, data: new Blob([image.data], { type: image.type }) });
    }
  }
  if (oldVersion < 4) {
    const rows = db.createObjectStore('rows', { keyPath: 'url' });
    rows.createIndex('by-order', 'order');
    rows.createIndex('by-section-order', ['section', 'order']);
    for (const name of ['by-saved', 'by-section-saved', 'by-section']) articles().deleteIndex(name);
    const packs = db.createObjectStore('packs', { keyPath: 'id' });
    tx.objectStore('images').createIndex('by-pack', 'pack');
    for (let cursor = await oldImages().openCursor(); cursor; cursor = await cursor.continue()) {
      const { data, ...image } = cursor.value as StoredImage;
      await packs.put({ id: image.hash, data });
      await cursor.update({ ...image, pack: image.hash, offset: 0 });
    }
    const search = tx.objectStore('search');
    for (let cursor = await tx.objectStore('articles').openCursor(); cursor; cursor = await cursor.continue()) {
      await rows.put(rowOf(cursor.value));
      await search.put(searchTextOf(cursor.value));
      await cursor.update(withoutText(cursor.value));
    }
  }
  if (oldVersion < 5) {
    db.createObjectStore('docs', { keyPath: 'block' });
    db.createObjectStore('segments', { keyPath: 'id' });
    db.createObjectStore('grams', { keyPath: ['bucket', 'seg'] });
    const blocks = new Map<number, DocBlock>();
    let doc = 0;
    for (let cursor = await tx.objectStore('search').openCursor(); cursor; cursor = await cursor.continue(), doc++) {
      const { url, savedAt, section } = cursor.value;
      const n = doc >>> BLOCK_BITS;
      let block = blocks.get(n);
      if (!block) blocks.set(n, (block = { block: n, urls: [], savedAt: new Float64Array(1 << BLOCK_BITS), sections: [] }));
      const i = doc - (n << BLOCK_BITS);
      [block.urls[i], block.savedAt[i], block.sections[i]] = [url, savedAt, section];
      await cursor.update({ ...cursor.value, doc });
    }
    for (const block of blocks.values()) await tx.objectStore('docs').put(block);
    await tx.objectStore('meta').put({ key: 'nextDoc', value: doc });
  }
}
