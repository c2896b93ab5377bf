/**
 * RFI shows times as Paris wall-clock time (`24/05/2023 - 15:19`). Converting needs the Europe/Paris offset,
 * computed here from the EU summer-time rule (in force since 1996) rather than from `Intl`, so the result is
 * the same in every browser and in Node whatever time-zone data it ships.
 */
function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Offset of Paris from UTC, in minutes, at the given instant. */
export function parisOffsetMinutes(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const summer = utcMs >= lastSundayUtc(year, 2) && utcMs < lastSundayUtc(year, 9);
  return summer ? 120 : 60;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** ISO 8601 for a Paris wall-clock time, e.g. `2023-05-24T15:19:00+02:00`. */
export function parisWallClockToIso(year: number, month: number, day: number, hour: number, minute: number): string {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offset is looked up at the instant one hour before, which lands on the right side of both changes
  // except inside the skipped or repeated hour, where any answer is a guess anyway.
  const offset = parisOffsetMinutes(asUtc - 60 * 60 * 1000);
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00${formatOffset(offset)}`;
}

/** `24/05/2023 - 15:19` (RFI's display form) to ISO 8601 with the Paris offset; null if it is not that form. */
export function parseRfiDisplayDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return parisWallClockToIso(year, month, day, hour, minute);
}

/**
 * Machine dates from metadata are kept as the page wrote them when they carry an offset; `Z` becomes `+00:00`
 * and a date without offset is read as Paris time, so every date leaves the core with an explicit offset.
 */
export function normalizeIsoDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!m) return '';
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  if (!zone) {
    const iso = parisWallClockToIso(Number(y), Number(mo), Number(d), Number(h), Number(mi));
    return iso.replace(/:00([+-])/, `:${s}$1`);
  }
  const offset = zone.toUpperCase() === 'Z' ? '+00:00' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
}
