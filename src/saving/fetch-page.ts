import { message, MessageError } from '../core/message';

/**
 * An article page fetched the way a visit would fetch it: with the user's own cookies (RFI refuses generic
 * fetchers and rate-limits crawlers), following redirects, and with the URL it finally came from.
 */
export async function fetchArticlePage(url: string, fetchImpl: typeof fetch = fetch): Promise<{ html: string; url: string }> {
  // fetch() rejects only when no answer came at all: offline, refused, filtered.
  const response = await fetchImpl(url, { credentials: 'include', redirect: 'follow' }).catch(() => {
    throw new MessageError(message('errorNetwork', url));
  });
  if (!response.ok) throw new MessageError(message('errorHttp', url, response.status));
  const type = response.headers.get('content-type') ?? '';
  if (type && !/html/i.test(type)) throw new MessageError(message('errorNotWebPage', url, type));
  return { html: await response.text(), url: response.url || url };
}
