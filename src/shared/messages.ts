import browser from 'webextension-polyfill';
import type { Article } from '../core/article';
import type { TabReport } from '../core/detect';
import type { QueueAction, QueueState } from '../saving/queue-state';
import type { SavedFrom, SaveReport } from '../saving/save-page';
import type { FillReport } from '../saving/fill-missing';
import { message, MessageError, messageOf, type Message } from '../core/message';

/**
 * Every message between contexts, once: `area/verb` names to argument and result types. A sender and a handler
 * that disagree, or a handler that is missing, fail to compile.
 */
export interface BackgroundProtocol {
  /** content → background: the tab's page has been classified. */
  'tab/report': { args: TabReport; result: void };
  /** popup → background: what the active tab holds. */
  'tab/state': { args: { tabId: number }; result: TabReport | null };
  /** content or popup → background: open this tab's article in the reader. */
  'reader/open': { args: { tabId?: number }; result: void };
  /**
   * popup, reader → background: keep this article, with its images, in the archive. A context that has read the
   * article sends it; the shortcut has only the tab, read once where the save happens.
   */
  'archive/save': { args: { article: Article } | { tabId: number }; result: SaveReport };
  /**
   * reader → background: fetch the images the archived article at `url` (its archive key) lacks, and keep those
   * that come. Sent only when the reader asks: a page never spends a metered or watched connection by itself.
   */
  'archive/fill-images': { args: { url: string }; result: FillReport };
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
  /** Fetch the missing images of the archived article at `url` and store them with it. */
  'dom/fill-images': { args: { url: string }; result: FillReport };
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

/**
 * A handler's answer as it crosses between contexts: its result, or what it threw as a message the sender can
 * show. (Thrown across, an error arrives as a bare English string, or not at all.)
 */
type Reply<R> = { ok: true; result: R } | { ok: false; error: Message };

/** The result a reply carries, or its error thrown again in the sender's context. */
async function unwrap<R>(sent: Promise<unknown>): Promise<R> {
  const reply = (await sent) as Reply<R> | undefined;
  if (!reply) throw new MessageError(message('errorUnexpected', 'no context answered the message'));
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.result;
}

/** A typed `runtime.sendMessage` for one protocol: the message reaches every extension context that listens. */
function runtimeSender<P>() {
  return <K extends keyof P>(type: K, args: ArgsOf<P, K>): Promise<ResultOf<P, K>> => unwrap(browser.runtime.sendMessage({ type, args }));
}

export const sendToBackground = runtimeSender<BackgroundProtocol>();
export const sendToDom = runtimeSender<DomProtocol>();

export function sendToTab<K extends keyof ContentProtocol>(tabId: number, type: K, args: ArgsOf<ContentProtocol, K>): Promise<ResultOf<ContentProtocol, K>> {
  return unwrap(browser.tabs.sendMessage(tabId, { type, args }));
}

/** Only this extension's own pages and its content scripts may talk to its background and offscreen document. */
export const fromThisExtension = (sender: browser.Runtime.MessageSender): boolean => sender.id === browser.runtime.id;

/**
 * Routes messages to a handler map; unknown types are ignored so other listeners can answer them. What a handler
 * throws is answered as an error value (see Reply).
 */
export function listen<P>(handlers: Handlers<P>, accept: (sender: browser.Runtime.MessageSender) => boolean = () => true): void {
  browser.runtime.onMessage.addListener((received: unknown, sender: browser.Runtime.MessageSender) => {
    const { type, args } = (received ?? {}) as { type?: string; args?: unknown };
    if (!type || !(type in (handlers as object)) || !accept(sender)) return undefined;
    const handler = (handlers as Record<string, (a: unknown, s: browser.Runtime.MessageSender) => unknown>)[type]!;
    return Promise.resolve()
      .then(() => handler(args, sender))
      .then(
        (result): Reply<unknown> => ({ ok: true, result }),
        (error: unknown): Reply<unknown> => ({ ok: false, error: messageOf(error) }),
      );
  });
}
