/**
 * The two Chrome-only APIs the background uses (offscreen documents), declared here rather than pulling in all of
 * @types/chrome: webextension-polyfill's types cover the rest, and Firefox has neither API.
 */
declare namespace chrome {
  namespace runtime {
    function getURL(path: string): string;
    function getContexts(filter: { contextTypes?: 'OFFSCREEN_DOCUMENT'[]; documentUrls?: string[] }): Promise<unknown[]>;
  }
  namespace offscreen {
    function createDocument(parameters: { url: string; reasons: 'DOM_PARSER'[]; justification: string }): Promise<void>;
  }
}
