import { JSDOM } from 'jsdom';
import type { HtmlParser } from '../core/extract';
import { flattenTooDeep } from './flatten-deep';

/**
 * jsdom rather than linkedom: it parses with the HTML standard's algorithm (parse5), so broken markup becomes
 * the same tree the browser builds for the extension, and the CLI's output matches the reader's. Like Chromium's
 * parser, it flattens nesting beyond 512 levels (see flatten-deep.ts).
 */
export const parseHtml: HtmlParser = (html, url) => {
  // jsdom throws on an address it cannot parse (a damaged host, say): the page is then read without one.
  const safeUrl = /^https?:\/\//i.test(url) && URL.canParse(url) ? url : 'about:blank';
  return new JSDOM(flattenTooDeep(html), { url: safeUrl }).window.document;
};
