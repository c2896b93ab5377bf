// Keeping an archive page from reading its rows, to see what it shows before the archive answers.
/**
 * Extension-page code: holds a write transaction over the list's rows, as another page's long write would, until
 * RELEASE_ROWS. An archive page opened meanwhile cannot read its rows: what it shows is its kept first screen. The
 * transaction is opened here directly, so it does not turn the write stamp.
 */
export const HOLD_ROWS = `new Promise((resolve, reject) => {
  window.releaseRows = false;
  const open = indexedDB.open('rfi-reader-archive');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const store = db.transaction('rows', 'readwrite').objectStore('rows');
    const spin = () => { if (!window.releaseRows) store.get('').onsuccess = spin; else db.close(); };
    spin();
    resolve(true);
  };
})`;
export const RELEASE_ROWS = 'window.releaseRows = true';
