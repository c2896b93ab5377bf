import { JSDOM } from 'jsdom';
import type { HtmlParser } from '../core/extract';

/**
 * jsdom rather than linkedom: it parses with the HTML standard's algorithm (parse5), so broken markup becomes
 * the same tree the browser builds for the extension, and the CLI's output matches the reader's.
 */
export const parseHtml: HtmlParser = (html, url) => {
  const safeUrl = /^https?:\/\//i.test(url) ? url : 'about:blank';
  return new JSDOM(html, { url: safeUrl }).window.document;
};
