/**
 * A page fixture's extraction against its expected.json, both put in the same terms so that they compare key by key:
 * pages.test.ts asserts that they are equal, `npm run fixtures` prints where they differ and writes the extraction
 * back. Hand-written keys (`mustNotContain`, `optional`, `notes`…) are not extraction results: they say how to read it.
 */
import { english } from '../../src/cli/english';
import { parseHtml } from '../../src/cli/parse-html';
import type { Article, ArticleImage } from '../../src/core/article';
import { extractSnapshot, type ExtractResult } from '../../src/core/extract';
import { leaksIn } from './leaks';
import type { ExpectedImage, PageCase, PageExpectation } from './page-fixtures';

/** What extraction decides of a page, in expected.json's vocabulary. */
export type View = Record<string, unknown>;

const FIELDS = ['lang', 'title', 'lead', 'byline', 'section', 'tags', 'publishedAt', 'modifiedAt', 'canonicalUrl'] as const;
/** Refusal details a case states when it is about them; the others are not compared. */
const REFUSAL_DETAILS = ['reasonKey', 'urlSaysArticle'] as const;
const VIDEO_LINK = /https:\/\/www\.youtube\.com\/watch\?v=([\w-]+)/;

/** A case read as the CLI reads a file. */
export function extractCase(c: PageCase): ExtractResult {
  return extractSnapshot({ html: c.html, url: c.url }, parseHtml);
}

const image = ({ src, alt, caption, credit }: ArticleImage): ArticleImage => ({ src, alt, caption, credit });

export function expectedView(e: PageExpectation): View {
  if (e.kind !== 'article') return { kind: e.kind, ...Object.fromEntries(REFUSAL_DETAILS.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])) };
  const view: View = { kind: e.kind };
  for (const key of FIELDS) if (e[key] !== undefined) view[key] = e[key];
  view['heroImage'] = e.heroImage ? image(e.heroImage) : null;
  view['images'] = (e.images ?? []).map(image);
  view['paragraphs'] = e.paragraphs ?? [];
  if (e.expectLayoutWarning) view['expectLayoutWarning'] = true;
  if (e.audio) view['audio'] = { contentUrl: e.audio.contentUrl, durationSeconds: e.audio.durationSeconds };
  if (e.video) view['video'] = { id: e.video.id };
  return view;
}

/** `got` as `want` would say it: an equivalent address is the expected one, and a `lenient` field may stay empty. */
function imageAs(got: ArticleImage, want: ExpectedImage | null | undefined, lenient: string[] = []): ArticleImage {
  const seen = image(got);
  if (!want) return seen;
  if ((want.acceptAlso ?? []).includes(got.src)) seen.src = want.src;
  for (const key of ['alt', 'caption', 'credit'] as const) if (lenient.includes(key) && seen[key] === '') seen[key] = want[key];
  return seen;
}

function articleView(e: PageExpectation, a: Article): View {
  const lenient = e.lenient ?? [];
  const view: View = { kind: 'article' };
  for (const key of FIELDS) view[key] = lenient.includes(key) && !a[key] && e[key] !== undefined ? e[key] : a[key];
  const heroLenient = lenient.filter((k) => k.startsWith('heroImage.')).map((k) => k.slice('heroImage.'.length));
  view['heroImage'] = a.heroImage && imageAs(a.heroImage, e.heroImage, heroLenient);
  // The video's poster may be kept or not: the images compared are the others.
  const optionalImages = new Set((e.optionalImages ?? []).map((i) => i.src));
  view['images'] = a.images.filter((i) => !optionalImages.has(i.src)).map((got, i) => imageAs(got, e.images?.[i]));
  const optional = new Set(e.optional ?? []);
  view['paragraphs'] = a.text.split('\n\n').filter((p) => !optional.has(p));
  if (a.extractedBy === 'readability') view['expectLayoutWarning'] = true;
  if (a.audio) view['audio'] = { contentUrl: a.audio.url, durationSeconds: a.audio.durationSeconds };
  const videoId = e.video && a.contentHtml.includes(`https://www.youtube.com/watch?v=${e.video.id}`) ? e.video.id : VIDEO_LINK.exec(a.contentHtml)?.[1];
  if (videoId) view['video'] = { id: videoId };
  return view;
}

export function observedView(e: PageExpectation, result: ExtractResult): View {
  if (result.ok) return articleView(e, result.article);
  const view: View = { kind: result.detection.kind };
  if (e.reasonKey !== undefined) view['reasonKey'] = result.reason.key;
  if (e.urlSaysArticle !== undefined) view['urlSaysArticle'] = result.detection.urlSaysArticle;
  return view;
}

/** What is wrong with an extraction whatever the expectation's values: leaks, a silent refusal, stray warnings. */
export function faultsOf(e: PageExpectation, result: ExtractResult): string[] {
  if (!result.ok) {
    const reason = english(result.reason);
    return reason.length > 20 ? [] : [`the refusal does not say why: ${JSON.stringify(reason)}`];
  }
  const a = result.article;
  const faults: string[] = [];
  const warnings = a.extractedBy === 'readability' ? ['warningLayoutChanged'] : [];
  if (JSON.stringify(a.warnings) !== JSON.stringify(warnings)) faults.push(`warnings ${JSON.stringify(a.warnings)} on the ${a.extractedBy} path`);
  const visible = `${a.title}\n${a.lead}\n${a.text}\n${[a.heroImage, ...a.images].map((i) => `${i?.caption} ${i?.credit}`).join('\n')}`;
  for (const junk of e.mustNotContain ?? []) if (visible.includes(junk)) faults.push(`leaked: ${junk}`);
  for (const leak of leaksIn(a)) faults.push(`leaked: ${leak}`);
  return faults;
}

/**
 * `e` with the extraction's values written in: hand-written keys stay, and so do the parts of an image, video or
 * audio that extraction does not give (`acceptAlso`, `embedUrl`, the ISO `duration`…).
 */
export function withObserved(e: PageExpectation, observed: View): PageExpectation {
  const out: Record<string, unknown> = { ...e };
  for (const key of Object.keys(expectedView(e))) if (!(key in observed)) delete out[key];
  for (const [key, value] of Object.entries(observed)) {
    const before = out[key];
    if (key === 'images') out[key] = (value as ArticleImage[]).map((img, i) => ({ ...e.images?.[i], ...img }));
    else if (value && typeof value === 'object' && before && typeof before === 'object' && !Array.isArray(value)) out[key] = { ...before, ...value };
    else out[key] = value;
  }
  return out as unknown as PageExpectation;
}
