// Bundled into a blank page by core-in-browser.test.ts: the core, with the browser's own DOMParser and DOM.
import { extractSnapshot } from '../../../src/core/extract';

(globalThis as unknown as { rfiExtract: (text: string) => unknown }).rfiExtract = (text: string) => {
  const result = extractSnapshot({ html: text, url: '' }, (html) => new DOMParser().parseFromString(html, 'text/html'));
  return result.ok ? { ok: true, article: result.article } : { ok: false, kind: result.detection.kind, reason: result.reason };
};
