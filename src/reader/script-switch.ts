import type { Lang } from '../core/article';
import type { ConvertScript } from '../core/chinese-script';
import type { Script } from '../shared/settings';

let toTraditional: Promise<ConvertScript> | undefined;

/** The conversion tables load only when a reader asks for another script, so the first paint never waits for them. */
async function converterFor(script: Script, cornerQuotes: boolean): Promise<ConvertScript | null> {
  if (script === 'original') return null;
  const chinese = await import('../core/chinese-script');
  if (script === 'simplified') return chinese.toSimplified;
  const traditional = await (toTraditional ??= chinese.loadToTraditional());
  return cornerQuotes ? (text) => chinese.toCornerQuotes(traditional(text)) : traditional;
}

/**
 * Shows a rendered article in another Chinese script by rewriting its text nodes (and image alt text) only,
 * never its markup. The first switch records every original string, so going back to `original` restores the
 * text exactly, and each conversion starts from the original rather than from the previous conversion.
 */
export function scriptSwitcher(article: HTMLElement, lang: Lang, title: string) {
  const texts = new Map<Text, string>();
  const alts = new Map<HTMLImageElement, string>();
  const walker = article.ownerDocument.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.set(node as Text, (node as Text).data);
  for (const img of Array.from(article.querySelectorAll('img'))) alts.set(img, img.alt);
  let latest = 0;

  return async function show(script: Script, cornerQuotes: boolean): Promise<void> {
    const call = ++latest;
    const convert = await converterFor(script, cornerQuotes);
    // A slower, earlier request (the traditional table loading) must not overwrite a later choice.
    if (call !== latest) return;
    const as = (text: string) => (convert ? convert(text) : text);
    for (const [node, original] of texts) {
      const shown = as(original);
      if (node.data !== shown) node.data = shown;
    }
    for (const [img, original] of alts) img.alt = as(original);
    article.ownerDocument.title = as(title);
    // The language follows the script, so fonts (SC or TC glyph shapes) and screen readers follow it too.
    const shownLang: Lang = script === 'simplified' ? 'zh-Hans' : script === 'traditional' ? 'zh-Hant' : lang;
    article.lang = shownLang;
    article.ownerDocument.documentElement.lang = shownLang;
  };
}
