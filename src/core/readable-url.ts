/**
 * What an escape may be shown as: letters, digits, punctuation and symbols of any script (RFI's slugs are
 * Chinese) and the unreserved ASCII characters. Everything else stays escaped: ASCII that would change how the
 * address reads (`/ ? # & = %`…), spaces, controls, bidi and other invisible characters, combining marks (which
 * would draw over the character before), unassigned and private-use code points, and look-alikes of the slash.
 */
const SHOWABLE = /^[\p{L}\p{N}\p{P}\p{S}]$/u;
const HIDDEN = /[\p{Default_Ignorable_Code_Point}\u2044\u2215\u2216\u29f8\u29f9\uff0f\uff3c]|[\x00-\x7f]/u;
const UNRESERVED_ASCII = /^[A-Za-z0-9\-._~]$/;

/** Bytes of a UTF-8 sequence that starts with `lead`, or 0 for a byte no sequence starts with. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function showable(char: string): boolean {
  if (UNRESERVED_ASCII.test(char)) return true;
  return SHOWABLE.test(char) && !HIDDEN.test(char);
}

/** One run of `%XX` escapes, each character decoded where it may be shown and left as written otherwise. */
function decodeRun(run: string): string {
  const escapes = run.match(/%[0-9a-f]{2}/gi)!;
  let out = '';
  for (let i = 0; i < escapes.length;) {
    const length = sequenceLength(parseInt(escapes[i]!.slice(1), 16)) || 1;
    const written = escapes.slice(i, i + length).join('');
    let char: string;
    try {
      char = decodeURIComponent(written);
    } catch {
      // Not UTF-8 (a stray or cut-off byte): shown as written, and the next escape gets its own try.
      out += escapes[i];
      i += 1;
      continue;
    }
    out += showable(char) ? char : written;
    i += length;
  }
  return out;
}

/**
 * An address as a person reads it, the way browsers show it in their address bar: `%E4%B8%AD%E5%9B%BD` as 中国.
 * For display text only; the link itself keeps the address exactly as it was. Decoding never produces a
 * character that could hide or reorder text, or change where the address seems to lead.
 */
/** A character the address holds unescaped (a stored record need not be normalized) is held to the same rule. */
function escapeHidden(char: string): string {
  if (showable(char)) return char;
  // A lone surrogate has no UTF-8 form: it is shown as what it is, a broken character.
  return /\p{Cs}/u.test(char) ? '\ufffd' : encodeURIComponent(char);
}

export function readableUrl(url: string): string {
  const shown = url.replace(/[^\x21-\x7e]/gu, escapeHidden);
  // The host is left as written: a decoded host could read as another one.
  const [, origin = '', rest = shown] = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/is.exec(shown) ?? [];
  return origin + rest.replace(/(?:%[0-9a-f]{2})+/gi, decodeRun);
}
