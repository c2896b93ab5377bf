/** For text placed in HTML or XML: element content and double-quoted attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Code points XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/FFFF): one makes a whole file unreadable. */
const NOT_XML_CHAR = /[^\t\n\r\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]/gu;

export function withoutNonXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}
