// An audio programme's recording: read from the page (NewsArticle JSON-LD `audio`, else the play button's JSON, as
// RFI writes both: the page fixture cn-audio-article, sources in its SOURCE.md), kept only as an https file on RFI's audio host
// with a real length, and carried through a backup and back field by field; a backup naming any other audio address
// is refused and changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ImportError } from '../../src/archive/archive';
import { parseHtml } from '../../src/cli/parse-html';
import { parseIsoDuration } from '../../src/core/audio';
import { extractArticle } from '../../src/core/extract';
import { backupZip, dumpStores, fetchedFor, freshArchive } from '../support/archive';
import { fixtureArticle } from '../support/articles';
import { pageCase } from '../support/page-fixtures';
import { english } from '../../src/cli/english';

const FIXTURE = pageCase('cn-audio-article');
const PAGE = FIXTURE.html;
const MP3 = 'https://aod-rfi.akamaized.net/rfi/chinois/audio/magazines/r012/fengturenqing_20240315.mp3';
const EXPECTED = { url: MP3, durationSeconds: 572 };

function audioOfPage(html: string) {
  const result = extractArticle({ doc: parseHtml(html, FIXTURE.url), url: FIXTURE.url });
  assert.ok(result.ok, result.ok ? '' : english(result.reason));
  return result.article.audio;
}

/** The page with its JSON-LD `audio` object changed (or, with `undefined`, removed). */
function withLdAudio(change: Record<string, unknown> | undefined): string {
  return PAGE.replace(/("audio":)\{[^}]*\}/, (_, key: string) => (change ? `${key}${JSON.stringify(change)}` : `"noAudio":{}`));
}
const ldAudio = (fields: Record<string, unknown>) => ({ '@type': 'AudioObject', contentUrl: MP3, duration: 'P0DT00H09M32S', ...fields });
/** The page with the play button's JSON replaced. */
const withButtonJson = (html: string, json: string) =>
  html.replace(/(<button type="button" class="m-feed-sub__audio"[^]*?<script type="application\/json">)[^<]*/, `$1${json}`);

test('ISO 8601 durations as RFI writes them, and nothing else', () => {
  for (const [text, seconds] of [
    ['P0DT00H09M32S', 572],
    ['PT9M32S', 572],
    ['PT572S', 572],
    ['PT1H', 3600],
    ['P1DT0H0M1S', 86401],
    ['PT9M31.6S', 572],
  ] as const) {
    assert.equal(parseIsoDuration(text), seconds, text);
  }
  for (const text of ['', 'P', 'PT', 'P0DT', '9:32', '572', 'P0DT00H09M32', '-PT5M', 'PT1e3S', 'PT9M32S<script>']) {
    assert.equal(parseIsoDuration(text), null, JSON.stringify(text));
  }
});

test('the programme page gives its recording from the JSON-LD; an article without one has none', () => {
  assert.deepEqual(audioOfPage(PAGE), EXPECTED);
  assert.equal(fixtureArticle('cn-article').audio, undefined);
  assert.ok(!('audio' in fixtureArticle('cn-article')), 'no audio key on an ordinary article');
});

test('without JSON-LD audio, the play button JSON gives it', () => {
  const html = withLdAudio(undefined);
  assert.ok(!html.includes('"AudioObject"'));
  assert.deepEqual(audioOfPage(html), EXPECTED);
});

test('any address but an https file on RFI audio host, or a length that is not one, gives no recording', () => {
  const noButton = withButtonJson(withLdAudio(undefined), '{}');
  assert.equal(audioOfPage(noButton), undefined, 'neither source left');
  for (const contentUrl of [
    'http://aod-rfi.akamaized.net/rfi/chinois/audio/x.mp3',
    'https://evil.example/rfi/chinois/audio/x.mp3',
    'https://aod-rfi.akamaized.net.evil.example/x.mp3',
    'https://user:pw@aod-rfi.akamaized.net/x.mp3',
    'https://aod-rfi.akamaized.net:8443/x.mp3',
    'javascript:alert(1)//aod-rfi.akamaized.net',
    'data:audio/mpeg;base64,AAAA',
    '//aod-rfi.akamaized.net/x.mp3',
  ]) {
    const html = withButtonJson(withLdAudio(ldAudio({ contentUrl })), JSON.stringify({ sources: [{ url: contentUrl }], duration: 572 }));
    assert.equal(audioOfPage(html), undefined, contentUrl);
  }
  for (const duration of ['P0DT00H00M00S', 'P2D', 'nine minutes', 572]) {
    const html = withButtonJson(
      withLdAudio(ldAudio({ duration })),
      JSON.stringify({ sources: [{ url: MP3 }], duration: typeof duration === 'number' ? -1 : 0 }),
    );
    assert.equal(audioOfPage(html), undefined, String(duration));
  }
});

test('a backup carries the recording back field by field; one naming another audio address is refused and changes nothing', async () => {
  const article = fixtureArticle(FIXTURE.name);
  assert.deepEqual(article.audio, EXPECTED);
  const source = await freshArchive();
  await source.archive.save(article, fetchedFor(article));
  const zip = await backupZip(source.archive);
  const target = await freshArchive();
  assert.equal((await target.archive.importBackup(new Blob([zip]))).added, 1);
  assert.deepEqual((await target.archive.get(article.canonicalUrl))?.article.audio, EXPECTED);

  const tampered = (audio: unknown) => {
    const files = unzipSync(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files['backup.json']));
    manifest.articles[0].article.audio = audio;
    files['backup.json'] = strToU8(JSON.stringify(manifest));
    return new Blob([zipSync(files as Zippable)]);
  };
  const empty = await freshArchive();
  const before = await dumpStores(empty.idb);
  for (const [audio, message] of [
    [{ url: 'https://evil.example/x.mp3', durationSeconds: 572 }, /audio\.url is not an https address on RFI's audio host/],
    [{ url: MP3.replace('https:', 'http:'), durationSeconds: 572 }, /audio\.url/],
    [{ url: MP3, durationSeconds: 0 }, /audio\.durationSeconds/],
    [{ url: MP3, durationSeconds: '572' }, /audio\.durationSeconds/],
    ['https://aod-rfi.akamaized.net/x.mp3', /audio is not an object/],
    [null, /audio is not an object/],
  ] as const) {
    await assert.rejects(empty.archive.importBackup(tampered(audio)), (err: unknown) => {
      assert.ok(err instanceof ImportError, String(err));
      assert.match(err.message, message);
      return true;
    });
  }
  assert.deepEqual(await dumpStores(empty.idb), before);
  // Fields beside url and durationSeconds are not carried in.
  assert.equal((await empty.archive.importBackup(tampered({ ...EXPECTED, onplay: 'alert(1)' }))).added, 1);
  assert.deepEqual((await empty.archive.get(article.canonicalUrl))?.article.audio, EXPECTED);
});
