// An archived article's missing images, fetched on demand in real browsers (headless Chromium and Firefox ESR): an
// article saved while RFI's image host failed, with one image on another host besides, opens from the archive
// without asking any host for anything and offers its missing images with their count (offline, the button says a
// connection is needed); one click has the background fetch them from the (fake) RFI image host, and they appear
// without a reload; the one RFI has taken down stays offered; the other host is never asked, and a reopened page
// shows what came from storage. Run scripts/build.mjs first. Screenshot: test-artifacts/reader-missing-images-<browser>.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../../src/core/article';
import { fixtureArticle } from '../support/articles';
import { enCount } from '../support/messages';
import { send } from './extension-pages';
import { hostname, type RfiSite } from './rfi-site';
import { onFakeSite, type Session, type Tab } from './session';

const TEST_TIMEOUT = 120_000;
const FOREIGN_HOST = 'images.example.org';
/** How long a page is given to start a request it should not make. */
const QUIET_MS = 1_000;

/** cn-article with a second body image (which RFI has taken down) and an image on another host in its list. */
function articleWithImages(): { article: Article; hero: string; body: string; gone: string; foreign: string } {
  const article = fixtureArticle('cn-article');
  const hero = article.heroImage!.src;
  const body = article.images[0]!.src;
  const gone = 'https://s.rfi.fr/media/display/0e9a4c2e-e03d-11ee-9c1d-005056a90284/w:1280/p:16x9/removed.jpg';
  const foreign = `https://${FOREIGN_HOST}/photo.jpg`;
  const figure = `<figure><img src="${gone}" alt="已删除的图片"><figcaption>已删除的图片</figcaption></figure>`;
  const image = (src: string) => ({ src, alt: '', caption: '', credit: '' });
  return {
    article: { ...article, contentHtml: article.contentHtml + figure, images: [...article.images, image(gone), image(foreign)] },
    hero,
    body,
    gone,
    foreign,
  };
}

/** What the reader shows of the article's images and of the offer, read in the page. */
const READ_IMAGES = `(() => {
  const text = (n) => (n && n.textContent || '').replace(/\\s+/g, ' ').trim();
  const button = document.querySelector('#toolbar-actions button.fetch-images');
  return {
    busy: document.querySelector('main').getAttribute('aria-busy'),
    images: [...document.querySelectorAll('main article img')].map((img) => ({
      alt: img.alt,
      src: img.hasAttribute('src') ? img.src.slice(0, 5) : null,
      loaded: img.complete && img.naturalWidth > 0,
    })),
    button: button && !button.hidden ? { text: text(button), disabled: button.disabled } : null,
    status: text(document.querySelector('#toolbar-actions .images-status')),
  };
})()`;

interface ImagesView {
  busy: string | null;
  images: { alt: string; src: string | null; loaded: boolean }[];
  button: { text: string; disabled: boolean } | null;
  status: string;
}

/** The page told the browser has gone offline, or back online, as the browser tells it (navigator.onLine and its event). */
const setOnline = (online: boolean) => `(() => {
  Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => ${online} });
  window.dispatchEvent(new Event(${JSON.stringify(online ? 'online' : 'offline')}));
  return true;
})()`;

/** Requests to RFI's image host since request number `from`, as `host/path`. */
const imageRequests = (site: RfiSite, from: number) =>
  site
    .requested()
    .slice(from)
    .filter((r) => r.startsWith('s.rfi.fr/'));
const imageKey = (src: string) => `s.rfi.fr${decodeURIComponent(new URL(src).pathname)}`;

async function openSaved(session: Session, helper: Tab, url: string): Promise<Tab> {
  return session.newTabFrom(
    () => helper.run(`(globalThis.browser ?? globalThis.chrome).tabs.create({ url: 'reader.html?saved=' + encodeURIComponent(${JSON.stringify(url)}) })`),
    `${session.origin}/reader.html?saved=`,
  );
}

async function missingImages(session: Session, site: RfiSite): Promise<void> {
  const { article, hero, body, gone, foreign } = articleWithImages();
  // Saved while RFI's image host answered nothing but 404: every image is missing.
  for (const src of [hero, body, gone]) site.goneImages.add(imageKey(src));
  const helper = await session.openExtensionPage('options.html');
  const saved = await helper.run<{ ok: boolean; url: string; imagesSaved: number; imagesMissing: { src: string; reason: string }[] }>(
    send('archive/save', { article }),
  );
  assert.equal(saved.ok, true, JSON.stringify(saved));
  assert.deepEqual(
    saved.imagesMissing.map((m) => [m.src, m.reason]),
    [
      [hero, 'HTTP 404'],
      [body, 'HTTP 404'],
      [gone, 'HTTP 404'],
      [foreign, "not an image on RFI's hosts"],
    ],
  );
  // The host is back, but for the image RFI has taken down.
  site.goneImages.delete(imageKey(hero));
  site.goneImages.delete(imageKey(body));

  const from = site.requests.length;
  const reader = await openSaved(session, helper, saved.url);
  await reader.waitFor(`${READ_IMAGES}.busy === 'false' && ${READ_IMAGES}.button !== null`, 'the saved article and its offer');
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const opened = await reader.run<ImagesView>(READ_IMAGES);
  assert.deepEqual(opened.button, { text: enCount('readerFetchImages', 3), disabled: false }, 'three images on RFI can be fetched');
  assert.ok(
    opened.images.length === 3 && opened.images.every((i) => i.src === null),
    `the missing images wait to be asked for: ${JSON.stringify(opened.images)}`,
  );
  assert.deepEqual(imageRequests(site, from), [], 'opening the article asked RFI for nothing');

  // Offline the offer stays, disabled, and says why; back online it can be clicked again.
  await reader.run(setOnline(false));
  assert.deepEqual((await reader.run<ImagesView>(READ_IMAGES)).button, { text: enCount('readerImagesNeedConnection', 3), disabled: true });
  await reader.run(setOnline(true));
  assert.deepEqual((await reader.run<ImagesView>(READ_IMAGES)).button, { text: enCount('readerFetchImages', 3), disabled: false });

  await reader.click('#toolbar-actions button.fetch-images');
  const expectedStatus = `${enCount('readerImagesFetched', 2)} ${enCount('readerImagesStillMissing', 1)}`;
  await reader.waitFor(
    `${READ_IMAGES}.status === ${JSON.stringify(expectedStatus)} && ${READ_IMAGES}.images.filter((i) => i.loaded).length === 2`,
    'the fetched images to show',
  );
  const filled = await reader.run<ImagesView>(READ_IMAGES);
  assert.deepEqual(
    filled.images.map((i) => [i.src, i.loaded]),
    [
      ['blob:', true],
      ['blob:', true],
      [null, false],
    ],
    'hero and body image from storage, in place; the removed one still waiting',
  );
  assert.deepEqual(filled.button, { text: enCount('readerFetchImages', 1), disabled: false }, 'the removed image stays offered');
  assert.deepEqual(imageRequests(site, from).sort(), [hero, body, gone].map(imageKey).sort(), 'each missing RFI image asked for once');
  await reader.screenshot(`reader-missing-images-${session.name}`);

  // Reopened, what came is read from storage; nothing asks the network.
  const afterFill = site.requests.length;
  await reader.reload();
  await reader.waitFor(`${READ_IMAGES}.busy === 'false' && ${READ_IMAGES}.images.filter((i) => i.loaded).length === 2`, 'the reopened article');
  const reopened = await reader.run<ImagesView>(READ_IMAGES);
  assert.deepEqual(
    reopened.images.map((i) => i.src),
    ['blob:', 'blob:', null],
  );
  assert.deepEqual(reopened.button, { text: enCount('readerFetchImages', 1), disabled: false });
  assert.equal(reopened.status, '');
  assert.deepEqual(imageRequests(site, afterFill), []);

  assert.deepEqual(
    site.requests.filter((r) => hostname(r.host) === FOREIGN_HOST),
    [],
    `${FOREIGN_HOST} was never asked, by the save or by the fetch`,
  );
}

test('missing images in Chromium: held back, offered with their count, fetched in one click from RFI only', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('chromium', missingImages),
);
test('missing images in Firefox ESR: held back, offered with their count, fetched in one click from RFI only', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('firefox', missingImages),
);
