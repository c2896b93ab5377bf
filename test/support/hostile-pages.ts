/**
 * The hostile pages of issue 15 ("the content script is not linear on hostile pages"): RFI's article page
 * (the page fixture cn-article, whose shape its SOURCE.md documents) with one attack each,
 * put where a page's author, or a script rewriting the page, could put it. The article itself stays intact in
 * every one, so what the user sees is that article, or the input limit the page is over, in bounded time. Used by
 * the unit tests, the fuzz run, the browser tests and `npm run bench:hostile`; each page stays under the
 * 2,000,000-character limit, so more than the size check runs on it.
 */
import { pageCase } from './page-fixtures';

export const HOSTILE_TEMPLATE_CASE = 'cn-article';
export const hostileTemplate = (): string => pageCase(HOSTILE_TEMPLATE_CASE).html;

/** The marker every body attack is put after: the article body's opening tag in RFI's markup. */
const BODY_OPEN = '<div class="t-content__body u-clearfix">';
/** RFI's NewsArticle block: the JSON-LD extraction reads the headline, byline, tags and dates from. */
const NEWS_ARTICLE = /<script type="application\/ld\+json">(\{"@context":"https:\/\/schema.org","@type":"NewsArticle".*?)<\/script>/;

function replaceOnce(html: string, from: string | RegExp, to: (match: string, ...groups: string[]) => string): string {
  let hit = false;
  const out = html.replace(from, (match: string, ...rest: unknown[]) => {
    hit = true;
    return to(match, ...(rest.filter((r) => typeof r === 'string') as string[]));
  });
  if (!hit) throw new Error(`hostile page: the template has no ${String(from)}`);
  return out;
}

/** A JSON-LD block of the page's own, put first in `<head>` so that it is read before RFI's blocks. */
const withHeadScript = (html: string, json: string) => replaceOnce(html, '<head>', (head) => `${head}\n<script type="application/ld+json">${json}</script>`);
const inBody = (html: string, what: string) => replaceOnce(html, BODY_OPEN, (open) => `${open}\n${what}`);
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Where the paragraph at the bottom of the deep nesting must still be read from. */
export const DEEP_TEXT = '这段文字位于十万层嵌套的最深处。';
export const SIBLINGS = 50_000;
export const siblingParagraph = (i: number) => `第${i}段。`;

export interface HostilePage {
  name: string;
  /** What the attack is and what the extension does with it, for the benchmark's table and the tests' names. */
  note: string;
  build: (template: string) => string;
}

export const HOSTILE_PAGES: HostilePage[] = [
  {
    name: 'JSON-LD array of 300,000 items',
    note: "a 600 KB block before RFI's own: a spread push of it overflows the stack",
    build: (t) => withHeadScript(t, `[${Array(300_000).fill('1').join(',')}]`),
  },
  {
    name: 'JSON-LD of 1 MB of nested arrays',
    note: '500 arrays of 1,000 items: a queue walked with shift() is quadratic',
    build: (t) =>
      withHeadScript(
        t,
        `[${Array(500)
          .fill(`[${Array(1_000).fill('1').join(',')}]`)
          .join(',')}]`,
      ),
  },
  {
    name: 'JSON-LD nested 100,000 deep',
    note: "RFI's NewsArticle with @type, author and keywords holding arrays 100,000 deep: recursive readers overflow",
    build: (t) =>
      replaceOnce(t, NEWS_ARTICLE, (_match, json) => {
        const ld = JSON.parse(json) as Record<string, unknown>;
        const deep = nestedArrays(100_000);
        const text = JSON.stringify({ ...ld, '@type': ['NewsArticle', '@DEEP@'], author: ['@DEEP@', ...(ld['author'] as unknown[])], keywords: ['@DEEP@'] });
        return `<script type="application/ld+json">${text.replaceAll('"@DEEP@"', deep)}</script>`;
      }),
  },
  {
    name: '40,000 JSON-LD blocks',
    note: 'tiny blocks side by side in <head>, each parsed on its own',
    build: (t) => replaceOnce(t, '<head>', (head) => `${head}\n${'<script type=application/ld+json>{}</script>'.repeat(40_000)}`),
  },
  {
    name: 'elements nested 100,000 deep',
    note: 'a paragraph under 100,000 <div>s in the body: browsers flatten at 512 levels, jsdom does not',
    build: (t) => inBody(t, `${'<div>'.repeat(100_000)}<p>${DEEP_TEXT}</p>${'</div>'.repeat(100_000)}`),
  },
  {
    name: 'noscript of 100,000 words under 500 levels',
    note: "first in <body>, where RFI puts its tag manager's <noscript>: markup where scripting is off (DOMParser, jsdom), text in the tab",
    build: (t) =>
      replaceOnce(t, /<body[^>]*>/, (body) => `${body}<noscript>${'<div>'.repeat(500)}${'<i>字</i>'.repeat(100_000)}${'</div>'.repeat(500)}</noscript>`),
  },
  {
    name: 'megabyte attributes',
    note: 'a 900,000-character class on a paragraph and a 900,000-character srcset on an in-body image',
    build: (t) => {
      const candidate = (i: number) => `https://s.rfi.fr/media/display/9d0c55e8-e03c-11ee-9c1d-005056a90284/w:${i}/p:16x9/x.jpg ${i}w`;
      const srcset: string[] = [];
      for (let i = 1, length = 0; length < 900_000; i++) length += (srcset[srcset.length] = candidate(i)).length + 1;
      return inBody(
        t,
        `<p class="${'a '.repeat(450_000)}">长属性段落。</p><figure><img src="https://s.rfi.fr/media/display/9d0c55e8-e03c-11ee-9c1d-005056a90284/w:640/p:16x9/x.jpg" srcset="${srcset.join(',')}" alt="长属性图片"></figure>`,
      );
    },
  },
  {
    name: `${SIBLINGS.toLocaleString('en-US')} siblings`,
    note: 'paragraphs and empty <div>s side by side in the body, half of them removed while cleaning',
    build: (t) => inBody(t, Array.from({ length: SIBLINGS / 2 }, (_, i) => `<p>${siblingParagraph(i)}</p><div></div>`).join('')),
  },
];

export const hostilePage = (name: string): HostilePage => {
  const page = HOSTILE_PAGES.find((p) => p.name === name);
  if (!page) throw new Error(`no hostile page named ${name}`);
  return page;
};
