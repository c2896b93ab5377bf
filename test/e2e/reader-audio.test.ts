// An audio programme in real browsers (headless Chromium and Firefox ESR, one launch each), on the fake rfi.fr
// (the page fixture cn-audio-article): the reader shows the programme's length instead of a reading time, and a plain link to
// the recording that opens in a tab of its own, with no player and no request to RFI's audio host; the popup says the
// same length, and so does the reader opening the article from the archive after it is saved. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../support/messages';
import { reportedTab, send } from './extension-pages';
import { hostname, type RfiSite } from './rfi-site';
import { onFakeSite, type Session, type Tab } from './session';

const TEST_TIMEOUT = 120_000;
const AUDIO_HOST = 'aod-rfi.akamaized.net';
const MP3 = `https://${AUDIO_HOST}/rfi/chinois/audio/magazines/r012/fengturenqing_20240315.mp3`;

const READ_AUDIO = `(() => {
  const main = document.querySelector('main');
  const text = (n) => (n && n.textContent || '').replace(/\\s+/g, ' ').trim();
  const link = main.querySelector('article .audio a');
  const img = main.querySelector('figure img');
  return {
    busy: main.getAttribute('aria-busy'),
    meta: text(main.querySelector('article .meta')),
    length: text(main.querySelector('article .meta .length')),
    link: link && { href: link.getAttribute('href'), target: link.target, rel: link.rel, text: text(link) },
    links: [...main.querySelectorAll('a')].filter((a) => a.href.includes(${JSON.stringify(AUDIO_HOST)})).length,
    players: document.querySelectorAll('audio, video, iframe, object, embed').length,
    heroLoaded: Boolean(img && img.complete && img.naturalWidth > 0),
  };
})()`;

interface AudioView {
  busy: string | null;
  meta: string;
  length: string;
  link: { href: string; target: string; rel: string; text: string } | null;
  links: number;
  players: number;
  heroLoaded: boolean;
}

const LENGTH = en('audioDuration', 9, 32);

async function shownInReader(reader: Tab): Promise<AudioView> {
  await reader.waitFor(`${READ_AUDIO}.busy === 'false' && ${READ_AUDIO}.heroLoaded`, 'the programme and its picture');
  const view = await reader.run<AudioView>(READ_AUDIO);
  assert.equal(view.length, LENGTH);
  assert.doesNotMatch(view.meta, /min read/, 'no reading time beside the length');
  assert.deepEqual(view.link, { href: MP3, target: '_blank', rel: 'noopener noreferrer', text: en('audioLink') });
  assert.equal(view.links, 1, 'one link to the recording');
  assert.equal(view.players, 0, 'no player of any kind');
  return view;
}

const audioHostRequests = (site: RfiSite) => site.requests.filter((r) => hostname(r.host) === AUDIO_HOST).map((r) => `${r.scheme} ${r.host}${r.path}`);

async function audioProgramme(session: Session, site: RfiSite): Promise<void> {
  const programme = site.fixture('cn-audio-article');
  await session.openPage(programme.httpUrl);
  const helper = await session.openExtensionPage('options.html');
  await helper.waitFor(reportedTab(programme.httpUrl), 'the report on the programme');
  const tabId = await helper.run<number>(reportedTab(programme.httpUrl));

  const reader = await session.newTabFrom(() => helper.run(send('reader/open', { tabId })), `${session.origin}/reader.html`);
  await shownInReader(reader);
  await reader.screenshot(`reader-audio-${session.name}`);

  const popup = await session.openExtensionPage(`popup.html?tab=${tabId}`);
  await popup.waitFor(`document.getElementById('facts').textContent !== ''`, 'the popup facts');
  assert.equal(await popup.run<string>(`document.getElementById('facts').textContent`), `${programme.expect['section']} · ${LENGTH}`);

  // Saved, then opened from the archive: the recording came through the archive with the rest.
  const saved = await helper.run<{ ok: boolean; url: string }>(send('archive/save', { tabId }));
  assert.equal(saved.ok, true, JSON.stringify(saved));
  const fromArchive = await session.newTabFrom(
    () => helper.run(`(globalThis.browser ?? globalThis.chrome).tabs.create({ url: 'reader.html?saved=' + encodeURIComponent(${JSON.stringify(saved.url)}) })`),
    `${session.origin}/reader.html?saved=`,
  );
  await shownInReader(fromArchive);

  // Nothing asked RFI's audio host for anything (a refused https tunnel would be recorded too).
  assert.deepEqual(audioHostRequests(site), []);
}

test('audio programme in Chromium: length and a plain link to the recording, no reading time, no request to the audio host', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('chromium', audioProgramme),
);
test('audio programme in Firefox ESR: length and a plain link to the recording, no reading time, no request to the audio host', { timeout: TEST_TIMEOUT }, () =>
  onFakeSite('firefox', audioProgramme),
);
