import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHtml } from '../../src/cli/parse-html';
import type { Article } from '../../src/core/article';
import { extractSnapshot, type ExtractResult } from '../../src/core/extract';
import { corpusEntries, SEEDS } from './corpus';
import { english } from '../../src/cli/english';
import type { Message } from '../../src/core/message';
import { HOSTILE_PAGES, HOSTILE_TEMPLATE_CASE } from './hostile-pages';
import { pageCases } from './page-fixtures';
import { INPUT_LIMITS } from '../../src/core/input-limits';

/** A small seeded PRNG (mulberry32): the same seed gives the same documents, so a failure can be replayed. */
export function prng(seed: number) {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]! };
}
export type Rng = ReturnType<typeof prng>;

/** A page to mutate: its text as on disk and the address it was read from ('' when it names itself). */
export interface FuzzSource {
  id: string;
  text: string;
  url: string;
}

/** The seed, every full-page fixture, and the real corpus when it is beside the clone. */
export function fuzzSources(): FuzzSource[] {
  return [
    { id: 'seeds/000_252142d8092668fd.txt', text: readFileSync(join(SEEDS, '000_252142d8092668fd.txt'), 'utf8'), url: '' },
    ...pageCases().map((c) => ({ id: `fixtures/${c.name}`, text: c.html, url: c.url })),
    ...corpusEntries('rfi').map((e) => ({ id: `corpus/${e.id}`, text: readFileSync(e.path, 'utf8'), url: '' })),
  ];
}

const utf8 = new TextEncoder();
const latin1 = new TextDecoder('latin1');
const gbk = new TextDecoder('gbk');
const lossy = new TextDecoder('utf-8');

/** The positions of `pattern` in `text`, for mutations that act on markup rather than anywhere. */
function positions(text: string, pattern: RegExp): number[] {
  return Array.from(text.matchAll(pattern), (m) => m.index);
}

/** A slice of `text` of a random size, somewhere in it: where a mojibake or a byte flip lands. */
function span(text: string, rng: Rng): [number, number] {
  const start = rng.int(text.length);
  return [start, Math.min(text.length, start + 1 + rng.int(4000))];
}

const replaceSpan = (text: string, [a, b]: [number, number], by: (s: string) => string) => text.slice(0, a) + by(text.slice(a, b)) + text.slice(b);

/** Each mutation breaks the page the way a broken download, a bad proxy or a hostile author would. */
export const MUTATIONS: Record<string, (text: string, rng: Rng) => string> = {
  truncate: (text, rng) => text.slice(0, rng.int(text.length)),
  'drop close tags': (text, rng) => {
    const at = new Set(positions(text, /<\/[a-z][\w-]*\s*>/gi).filter(() => rng.next() < 0.3));
    return text.replace(/<\/[a-z][\w-]*\s*>/gi, (tag, i: number) => (at.has(i) ? '' : tag));
  },
  'duplicate close tags': (text, rng) => text.replace(/<\/[a-z][\w-]*\s*>/gi, (tag) => (rng.next() < 0.3 ? tag.repeat(1 + rng.int(4)) : tag)),
  'stray open tags': (text, rng) =>
    text.replace(/<(div|p|span|figure|a|table|li)\b/gi, (tag, name: string) => (rng.next() < 0.2 ? `<${name}><${name}>${tag}` : tag)),
  'swap attribute names and values': (text, rng) =>
    text.replace(/([\w:-]+)="([^"<>]*)"/g, (whole, name: string, value: string) =>
      rng.next() < 0.4 ? `${value.replace(/[\s"'=<>]/g, '') || 'x'}="${name}"` : whole,
    ),
  'unclosed quotes': (text, rng) =>
    text.replace(/="([^"]*)"/g, (whole, value: string) => (rng.next() < 0.05 ? `="${value}` : rng.next() < 0.05 ? `='${value}"` : whole)),
  'UTF-8 read as latin1': (text, rng) => replaceSpan(text, span(text, rng), (s) => latin1.decode(utf8.encode(s))),
  'UTF-8 read as GBK': (text, rng) => replaceSpan(text, span(text, rng), (s) => gbk.decode(utf8.encode(s))),
  'lone surrogates': (text, rng) => text.replace(/[\u4e00-\u9fff]/g, (c) => (rng.next() < 0.05 ? (rng.next() < 0.5 ? '\ud83d' : '\udc00') : c)),
  'NUL bytes': (text, rng) => text.replace(/[<>"=\u4e00-\u9fff]/g, (c) => (rng.next() < 0.03 ? `\0${c}\0` : c)),
  'byte flips': (text, rng) => {
    const bytes = utf8.encode(text);
    for (let n = 1 + rng.int(50); n > 0; n--) {
      const at = rng.int(bytes.length);
      bytes[at] = bytes[at]! ^ (1 << rng.int(8));
    }
    return lossy.decode(bytes);
  },
};

/** Where the body's first paragraph starts (or the end of the text), for the extreme documents. */
function bodyInsertPoint(text: string): number {
  const p = text.indexOf('<p>');
  return p >= 0 ? p : text.length;
}

const insert = (text: string, what: string) => text.slice(0, bodyInsertPoint(text)) + what + text.slice(bodyInsertPoint(text));

const figures = (n: number, caption: boolean) =>
  Array.from(
    { length: n },
    (_, i) =>
      `<figure><img src="https://s.rfi.fr/media/display/${i}/w:640/p:16x9/p${i}.jpg" alt="图${i}">${caption ? `<figcaption>图片说明${i}</figcaption>` : ''}</figure>`,
  ).join('');
const paragraphs = (n: number) => `<p>${'中国经济新闻文字，消费回暖仍待观察。'}</p>`.repeat(n);

/**
 * The extreme documents of the issue, each built on the full-page fixture inside its article body, and the most
 * a page can hold within each input limit, where a page costs the most and is still read.
 */
export const EXTREMES: Record<string, (text: string) => string> = {
  '10 MB page': (text) => {
    const paragraph = `<p>${'中国经济新闻文字，消费回暖仍待观察。'.repeat(60)}</p>\n`;
    return insert(text, paragraph.repeat(Math.ceil((10 * 1024 * 1024) / utf8.encode(paragraph).length)));
  },
  '5,000 images': (text) => insert(text, figures(5000, false)),
  'nesting 10,000 deep': (text) => insert(text, `${'<div>'.repeat(10_000)}<p>深处的一段文字。</p>${'</div>'.repeat(10_000)}`),
  'nesting 1,000 deep': (text) => insert(text, `${'<div>'.repeat(1_000)}<p>深处的一段文字。</p>${'</div>'.repeat(1_000)}`),
  'tags up to the page limit, outside the body': (text) =>
    text.replace('</body>', `<footer>${paragraphs(INPUT_LIMITS.pageTags - tagsIn(text) - 1)}</footer></body>`),
  'paragraphs up to the body limit': (text) => insert(text, paragraphs(INPUT_LIMITS.bodyElements - FIXTURE_BODY_ELEMENTS)),
  'paragraphs up to the body limit, tags up to the page limit': (text) =>
    EXTREMES['tags up to the page limit, outside the body']!(EXTREMES['paragraphs up to the body limit']!(text)),
  'images with captions up to the body limit': (text) => insert(text, figures(Math.floor((INPUT_LIMITS.bodyElements - FIXTURE_BODY_ELEMENTS) / 3), true)),
  'images over the image limit': (text) => insert(text, '<img src="https://s.rfi.fr/media/display/x/w:640/p.jpg" alt="">'.repeat(INPUT_LIMITS.bodyImages + 1)),
};

/** Start tags, counted as the page limit counts them. */
const tagsIn = (text: string) => text.match(/<[a-z]/gi)?.length ?? 0;
/** Elements of the fixture's article body before anything is added, with room for the ones a mutation brings. */
const FIXTURE_BODY_ELEMENTS = 100;

export interface FuzzDoc {
  /** Replays this document: `source`, mutation, seed. */
  label: string;
  /** The source's id: what the document was before it was damaged. */
  source: string;
  mutation: string;
  text: string;
  url: string;
}

/** `count` documents: each a source with one to three random mutations, reproducible from `seed`. */
export function* fuzzDocuments(sources: FuzzSource[], count: number, seed: number): Generator<FuzzDoc> {
  const rng = prng(seed);
  const names = Object.keys(MUTATIONS);
  for (let i = 0; i < count; i++) {
    const source = rng.pick(sources);
    const docSeed = rng.int(2 ** 31);
    const docRng = prng(docSeed);
    const applied = Array.from({ length: 1 + docRng.int(3) }, () => docRng.pick(names));
    const text = applied.reduce((t, name) => MUTATIONS[name]!(t, docRng), source.text);
    yield {
      label: `#${i} ${source.id} [${applied.join(' + ')}] seed ${seed} doc seed ${docSeed}`,
      source: source.id,
      mutation: applied.join(' + '),
      text,
      url: source.url,
    };
  }
}

/** The extreme documents, then the hostile pages of issue 15 (huge and deep JSON-LD, deep nesting, long attributes, siblings). */
export function* extremeDocuments(sources: FuzzSource[]): Generator<FuzzDoc> {
  const page = sources.find((s) => s.id === `fixtures/${HOSTILE_TEMPLATE_CASE}`)!;
  const makers: [string, (text: string) => string][] = [
    ...Object.entries(EXTREMES),
    ...HOSTILE_PAGES.map((p) => [p.name, p.build] as [string, (text: string) => string]),
  ];
  for (const [name, make] of makers) yield { label: `${page.id} [${name}]`, source: page.id, mutation: name, text: make(page.text), url: page.url };
}

export interface FuzzRun {
  result: ExtractResult | null;
  /** The uncaught error, if there was one: always a failure. */
  error: unknown;
  /** CPU time of this process: other people's tests on the same machine do not count against the bound. */
  cpuMs: number;
  wallMs: number;
}

export function runExtraction(doc: FuzzDoc): FuzzRun {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  let result: ExtractResult | null = null;
  let error: unknown = null;
  try {
    result = extractSnapshot({ html: doc.text, url: doc.url }, parseHtml);
  } catch (err) {
    error = err;
  }
  const used = process.cpuUsage(cpu);
  return { result, error, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

/** What is wrong with an extraction result, if anything: an empty list means sane. */
export function insanity(result: ExtractResult): string[] {
  if (!result.ok) return english(result.reason).trim().length > 10 && result.detection ? [] : [`refusal without a reason: ${JSON.stringify(result.reason)}`];
  const a: Article = result.article;
  const problems: string[] = [];
  if (a.lang !== 'zh-Hans' && a.lang !== 'zh-Hant') problems.push(`lang ${a.lang}`);
  // A damaged feed link can still be a valid rfi.fr address (`httpS:/+www.rfi.fr/…` parses): what matters is that it is one.
  for (const [field, value] of [
    ['url', a.url],
    ['canonicalUrl', a.canonicalUrl],
  ] as const) {
    const u = URL.canParse(value) ? new URL(value) : null;
    if (!u || !/^https?:$/.test(u.protocol) || !/(^|\.)rfi\.fr$/.test(u.hostname)) problems.push(`${field} ${value}`);
  }
  if (!a.text.trim() && !a.lead.trim()) problems.push('neither text nor lead');
  if (!Number.isSafeInteger(a.length) || a.length <= 0) problems.push(`length ${a.length}`);
  if (!Number.isFinite(a.readingMinutes) || a.readingMinutes < 0) problems.push(`readingMinutes ${a.readingMinutes}`);
  if (/<script|<iframe|<style|\son\w+\s*=|javascript:/i.test(a.contentHtml)) problems.push('unsafe markup in contentHtml');
  for (const image of [a.heroImage, ...a.images]) if (image && !/^https?:\/\//.test(image.src)) problems.push(`image src ${image.src.slice(0, 60)}`);
  if ([a.title, a.lead, a.byline, a.section, a.publishedAt, ...a.tags].some((s) => typeof s !== 'string')) problems.push('a field is not a string');
  return problems;
}

/** The refusal reason by kind: its message, the numbers and names that vary left out. */
export function reasonKind(reason: Message): string {
  return reason.key;
}
