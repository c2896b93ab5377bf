import browser from 'webextension-polyfill';
import type { PageKind } from '../core/detect';
import type { Article } from '../core/article';
import type { PageSnapshot } from '../core/extract';
import type { Message } from '../core/message';

/** What the content script reports of its tab: all the background and popup need to know, nothing more. */
export interface TabReport {
  kind: PageKind;
  isArticle: boolean;
  reason: Message;
  title: string;
  url: string;
}

/**
 * Every message between contexts, once: `area/verb` names to argument and result types. A sender and a handler
 * that disagree, or a handler that is missing, fail to compile.
 */
/** What became of one save: the user is told what was kept and what was not. */
export type SaveReport =
  | { ok: true; url: string; title: string; created: boolean; imagesSaved: number; imagesMissing: { src: string; reason: string }[] }
  | { ok: false; url: string; error: Message; /** The disk or the browser's quota is full; nothing was written. */ full: boolean };

/**
 * What to save: the article a context has already read (the popup, the reader), or, where none has, an open tab
 * or a link not yet visited, read once where the save happens.
 */
export type SaveSource = { article: Article } | { tabId: number } | { url: string };

export interface QueueItem {
  url: string;
  /** `skipped`: the archive already held the article, so its page was not fetched again. */
  state: 'waiting' | 'saving' | 'saved' | 'skipped' | 'failed';
  error?: Message;
}

/** What the popup can do to the batch queue: `clear` empties its list, `retry` queues its failures again. */
export type QueueAction = 'pause' | 'resume' | 'clear' | 'retry';

/** The batch queue ("save all articles on this page"), kept in storage.local so a restarted browser resumes it. */
export interface QueueState {
  paused: boolean;
  items: QueueItem[];
}

/** What the DOM context is given to save: an article already read, a page's HTML, or an address to fetch. */
export type SavedFrom = { article: Article } | PageSnapshot | { url: string };

export interface BackgroundProtocol {
  /** content → background: the tab's page has been classified. */
  'tab/report': { args: TabReport; result: void };
  /** popup → background: what the active tab holds. */
  'tab/state': { args: { tabId: number }; result: TabReport | null };
  /** content or popup → background: open this tab's article in the reader. */
  'reader/open': { args: { tabId?: number }; result: { ok: true } | { ok: false; error: Message } };
  /** popup or reader → background: keep this article, with its images, in the archive. */
  'archive/save': { args: SaveSource; result: SaveReport };
  /** popup → background: queue every article linked from this (section or home) page. */
  'archive/save-all': { args: { tabId: number }; result: { queued: number } };
  /** popup → background: pause, resume, clear or retry the batch queue. */
  'queue/control': { args: { action: QueueAction }; result: QueueState };
}

/**
 * background → the page that has a DOM (Chrome's offscreen document; Firefox's background page itself):
 * extraction and sanitizing need `DOMParser` and DOMPurify, which a service worker lacks.
 */
export interface DomProtocol {
  /** Read the page (as given, or fetched from `url`) unless the article comes read, fetch its images, write it all. */
  'dom/save': { args: SavedFrom; result: SaveReport };
  /** Whether the archive already holds the article at `url` (under its canonical key): asked before any fetch. */
  'dom/is-saved': { args: { url: string }; result: boolean };
}

export interface ContentProtocol {
  /** background → content: the page's HTML as it is now (with what its scripts added), for the reader to extract. */
  'page/snapshot': { args: Record<string, never>; result: { html: string; url: string } };
  /** background → content: the RFI Chinese article links on this page, for "save all". */
  'page/article-links': { args: Record<string, never>; result: { urls: string[] } };
}

export type ArgsOf<P, K extends keyof P> = P[K] extends { args: infer A } ? A : never;
export type ResultOf<P, K extends keyof P> = P[K] extends { result: infer R } ? R : never;
export type Handlers<P> = { [K in keyof P]: (args: ArgsOf<P, K>, sender: browser.Runtime.MessageSender) => Promise<ResultOf<P, K>> | ResultOf<P, K> };

/** A typed `runtime.sendMessage` for one protocol: the message reaches every extension context that listens. */
function runtimeSender<P>() {
  return <K extends keyof P>(type: K, args: ArgsOf<P, K>): Promise<ResultOf<P, K>> => browser.runtime.sendMessage({ type, args });
}

export const sendToBackground = runtimeSender<BackgroundProtocol>();
export const sendToDom = runtimeSender<DomProtocol>();

export function sendToTab<K extends keyof ContentProtocol>(tabId: number, type: K, args: ArgsOf<ContentProtocol, K>): Promise<ResultOf<ContentProtocol, K>> {
  return browser.tabs.sendMessage(tabId, { type, args });
}

/** Only this extension's own pages and its content scripts may talk to its background and offscreen document. */
export const fromThisExtension = (sender: browser.Runtime.MessageSender): boolean => sender.id === browser.runtime.id;

/** Routes messages to a handler map; unknown types are ignored so other listeners can answer them. */
export function listen<P>(handlers: Handlers<P>, accept: (sender: browser.Runtime.MessageSender) => boolean = () => true): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    const { type, args } = (message ?? {}) as { type?: string; args?: unknown };
    if (!type || !(type in (handlers as object)) || !accept(sender)) return undefined;
    const handler = (handlers as Record<string, (a: unknown, s: browser.Runtime.MessageSender) => unknown>)[type]!;
    return Promise.resolve(handler(args, sender));
  });
}
