import browser from 'webextension-polyfill';
import type { PageKind } from './core/detect';

/** What the content script reports of its tab: all the background and popup need to know, nothing more. */
export interface TabReport {
  kind: PageKind;
  isArticle: boolean;
  reason: string;
  title: string;
  url: string;
}

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
  'reader/open': { args: { tabId?: number }; result: { ok: true } | { ok: false; error: string } };
}

export interface ContentProtocol {
  /** background → content: the page's HTML as it is now (with what its scripts added), for the reader to extract. */
  'page/snapshot': { args: Record<string, never>; result: { html: string; url: string } };
}

type Message<P, K extends keyof P> = { type: K; args: P[K] extends { args: infer A } ? A : never };
type Result<P, K extends keyof P> = P[K] extends { result: infer R } ? R : never;
export type Handlers<P> = { [K in keyof P]: (args: Message<P, K>['args'], sender: browser.Runtime.MessageSender) => Promise<Result<P, K>> | Result<P, K> };

export function sendToBackground<K extends keyof BackgroundProtocol>(type: K, args: Message<BackgroundProtocol, K>['args']): Promise<Result<BackgroundProtocol, K>> {
  return browser.runtime.sendMessage({ type, args });
}

export function sendToTab<K extends keyof ContentProtocol>(tabId: number, type: K, args: Message<ContentProtocol, K>['args']): Promise<Result<ContentProtocol, K>> {
  return browser.tabs.sendMessage(tabId, { type, args });
}

/** Routes messages to a handler map; unknown types are ignored so other listeners can answer them. */
export function listen<P>(handlers: Handlers<P>, accept: (sender: browser.Runtime.MessageSender) => boolean = () => true): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    const { type, args } = (message ?? {}) as { type?: string; args?: unknown };
    if (!type || !(type in (handlers as object)) || !accept(sender)) return undefined;
    const handler = (handlers as Record<string, (a: unknown, s: browser.Runtime.MessageSender) => unknown>)[type]!;
    return Promise.resolve(handler(args, sender));
  });
}
