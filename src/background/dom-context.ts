import browser from 'webextension-polyfill';
import { sendToDom, type ArgsOf, type DomProtocol, type ResultOf } from '../shared/messages';

const OFFSCREEN_URL = 'offscreen.html';
let creating: Promise<void> | undefined;

/** Chrome allows one offscreen document per extension; it stays open once made, so later saves start at once. */
async function ensureOffscreen(): Promise<void> {
  const url = chrome.runtime.getURL(OFFSCREEN_URL);
  const existing = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (existing.length) return;
  creating ??= chrome.offscreen
    .createDocument({ url: OFFSCREEN_URL, reasons: ['DOM_PARSER'], justification: 'Extract and sanitize RFI articles before saving them.' })
    .finally(() => (creating = undefined));
  await creating;
}

async function runHere<K extends keyof DomProtocol>(type: K, args: ArgsOf<DomProtocol, K>): Promise<ResultOf<DomProtocol, K>> {
  const { domTasks } = await import('../saving/dom-tasks');
  return domTasks[type](args, { id: browser.runtime.id }) as Promise<ResultOf<DomProtocol, K>>;
}

async function runOffscreen<K extends keyof DomProtocol>(type: K, args: ArgsOf<DomProtocol, K>): Promise<ResultOf<DomProtocol, K>> {
  await ensureOffscreen();
  return sendToDom(type, args);
}

/**
 * Runs a task that needs a DOM. Firefox's background is an event page with a DOM of its own, so the task runs
 * there; Chrome's is a service worker, so the task goes to the offscreen document. Each build keeps only its own.
 */
export const runInDom = __FIREFOX__ ? runHere : runOffscreen;
