/**
 * The feed-mirror entry format the project grew from:
 *
 *   <!--1684935901000-->
 *   [title](url)
 *   ------
 *
 *   <article HTML, whitespace between tags removed by the mirror>
 */
export interface FeedEntry {
  /** The feed's publication time (UTC epoch ms); for republished items it can be years after the article's date. */
  feedTimeMs: number;
  title: string;
  url: string;
  html: string;
}

const HEADER = /^\uFEFF?\s*<!--\s*(\d{10,14})\s*-->[ \t]*\r?\n\[(.*)\]\((\S+?)\)[ \t]*\r?\n-{3,}[ \t]*\r?\n/;

/** Null when the text is not in this format (a saved full page, say). */
export function parseFeedEntry(text: string): FeedEntry | null {
  const m = HEADER.exec(text);
  if (!m) return null;
  return {
    feedTimeMs: Number(m[1]),
    title: decodeEntities(m[2]!).trim(),
    url: m[3]!,
    html: repairGluedAttributes(text.slice(m[0].length)),
  };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', '#039': "'" };

/** The title line is Markdown, not HTML, but the mirror kept the HTML entities of the feed's titles. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#039);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in NAMED) return NAMED[lower]!;
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : lower.startsWith('#') ? parseInt(lower.slice(1), 10) : NaN;
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The mirror deleted the white space between attributes, so `<div data-tms-ad-type="box">` arrived as
 * `<divdata-tms-ad-type="box"data-tms-ad-status="idle">`, which an HTML parser reads as one strange tag name
 * that swallows what follows. Put the spaces back inside tags before parsing.
 */
export function repairGluedAttributes(html: string): string {
  return html.replace(/<([a-z][a-z0-9-]*)([^<>]*)>/gi, (tag, name: string, rest: string) => {
    const split =
      /^(div|span|img|source|picture|figure|a|p|button|youtube-player|iframe|video|audio)((?:data-[\w-]+|type|src|srcset|sizes|alt|class|href|video-type|source|loading|title)=.*)$/i.exec(
        name + rest,
      );
    let head = name;
    let attrs = rest;
    if (split && split[1]!.length < name.length) {
      head = split[1]!;
      attrs = ` ${split[2]!}`;
    }
    attrs = spaceAfterQuotedValues(attrs);
    return tag.startsWith(`<${head}${attrs}`) ? tag : `<${head}${attrs}>`;
  });
}

/** `"sizes=""loading="lazy"` → `" sizes="" loading="lazy"`: walks the quoted values so quotes pair correctly. */
function spaceAfterQuotedValues(attrs: string): string {
  let out = '';
  let i = 0;
  while (i < attrs.length) {
    const ch = attrs[i]!;
    if (ch === '=' && (attrs[i + 1] === '"' || attrs[i + 1] === "'")) {
      const quote = attrs[i + 1]!;
      const end = attrs.indexOf(quote, i + 2);
      if (end < 0) return out + attrs.slice(i);
      out += attrs.slice(i, end + 1);
      i = end + 1;
      if (i < attrs.length && /[^\s/>]/.test(attrs[i]!)) out += ' ';
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
