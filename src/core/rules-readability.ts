import { Readability } from '@mozilla/readability';

/**
 * Readability, tuned for Chinese. Its default `charThreshold` (500) is calibrated on English, where 500
 * characters are about 90 words; 150 Chinese characters carry as much, so short RFI items would otherwise be
 * refused. Classes are kept so the shared cleaning can still recognise RFI's share bars and promos.
 */
export const READABILITY_OPTIONS = { charThreshold: 150, keepClasses: true } as const;

/** The body Readability picks, from a copy of the document (Readability rewrites what it reads). */
export function readabilityBody(doc: Document): Element | null {
  let copy: Document;
  try {
    copy = doc.cloneNode(true) as Document;
  } catch {
    // An HTML parser keeps a doctype of any name (\x1E in it, from a mangled encoding); jsdom refuses to copy
    // one. Such a page is refused as having no article text rather than failing the whole extraction.
    return null;
  }
  const result = new Readability<Node>(copy, { ...READABILITY_OPTIONS, serializer: (node) => node }).parse();
  const content = result?.content;
  return content && content.nodeType === 1 ? (content as Element) : null;
}
