/**
 * An article page fetched the way a visit would fetch it: with the user's own cookies (RFI refuses generic
 * fetchers and rate-limits crawlers), following redirects, and with the URL it finally came from.
 */
export async function fetchArticlePage(url: string, fetchImpl: typeof fetch = fetch): Promise<{ html: string; url: string }> {
  const response = await fetchImpl(url, { credentials: 'include', redirect: 'follow' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (type && !/html/i.test(type)) throw new Error(`${url} is not a web page (${type})`);
  return { html: await response.text(), url: response.url || url };
}
