import type { ArticleAudio } from './article';
import { parseUrl } from './rfi-url';

/**
 * RFI's programme audio, as a page declares it: NewsArticle JSON-LD `audio` (`contentUrl`, `duration` in ISO 8601
 * such as `P0DT00H09M32S`), else the JSON inside the programme's play button (`button.m-feed-sub__audio`:
 * `sources[0].url`, `duration` in seconds). Only an https file on RFI's audio host is kept: the reader links to it,
 * and a page must not be able to put any other address there.
 */

/** Where RFI's episodes are (public podcast feeds and scrapers of every RFI language: /rfi/<language>/audio/…). */
const AUDIO_HOSTS = new Set(['aod-rfi.akamaized.net']);
/** Longer than any programme: a bigger figure is a broken or hostile page. */
export const MAX_AUDIO_SECONDS = 24 * 60 * 60;
/** The play button's JSON is a few hundred characters; a page's megabyte there is not read. */
const MAX_BUTTON_JSON = 64 * 1024;

/** The address as the reader may link to it (https, RFI's audio host, nothing smuggled in), or null. */
export function rfiAudioUrl(url: string): string | null {
  const u = parseUrl(url.trim());
  return u && u.protocol === 'https:' && AUDIO_HOSTS.has(u.hostname) && !u.port && !u.username && !u.password ? u.href : null;
}

export function isAudioDuration(seconds: unknown): seconds is number {
  return Number.isSafeInteger(seconds) && (seconds as number) > 0 && (seconds as number) <= MAX_AUDIO_SECONDS;
}

/** Seconds in an ISO 8601 duration (`P0DT00H09M32S`, `PT9M32S`, `PT572S`), or null if it is not one. */
export function parseIsoDuration(text: string): number | null {
  const m = /^P(?:(\d{1,3})D)?(?:T(?:(\d{1,4})H)?(?:(\d{1,5})M)?(?:(\d{1,6}(?:\.\d{1,3})?)S)?)?$/.exec(text.trim());
  if (!m || m.slice(1).every((part) => part === undefined) || text.trim().endsWith('T')) return null;
  const [days = 0, hours = 0, minutes = 0, seconds = 0] = m.slice(1).map((part) => (part ? Number(part) : 0));
  return Math.round(((days * 24 + hours) * 60 + minutes) * 60 + seconds);
}

function audio(url: unknown, seconds: number | null): ArticleAudio | undefined {
  const safe = typeof url === 'string' ? rfiAudioUrl(url) : null;
  return safe && isAudioDuration(seconds) ? { url: safe, durationSeconds: seconds } : undefined;
}

function fromJsonLd(ld: Record<string, unknown> | null): ArticleAudio | undefined {
  const value = ld?.['audio'];
  for (const item of Array.isArray(value) ? value.slice(0, 10) : [value]) {
    if (!item || typeof item !== 'object') continue;
    const { contentUrl, duration } = item as Record<string, unknown>;
    const found = audio(contentUrl, typeof duration === 'string' ? parseIsoDuration(duration) : null);
    if (found) return found;
  }
  return undefined;
}

function fromPlayButton(root: ParentNode): ArticleAudio | undefined {
  const json = root.querySelector('button.m-feed-sub__audio script[type="application/json"]')?.textContent ?? '';
  if (!json || json.length > MAX_BUTTON_JSON) return undefined;
  try {
    const data = JSON.parse(json) as { sources?: { url?: unknown }[]; duration?: unknown };
    return audio(Array.isArray(data.sources) ? data.sources[0]?.url : undefined, typeof data.duration === 'number' ? Math.round(data.duration) : null);
  } catch {
    return undefined;
  }
}

export function audioOf(ld: Record<string, unknown> | null, root: ParentNode): ArticleAudio | undefined {
  return fromJsonLd(ld) ?? fromPlayButton(root);
}
