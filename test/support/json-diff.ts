/**
 * Where two JSON values differ, as lines a person reads: one heading per differing path, `-` for the expected
 * value, `+` for the one found. Lists of strings (paragraphs, tags) are compared as lines, so one paragraph more
 * shows as that paragraph, not as every later one shifted.
 */
const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

interface Line {
  op: ' ' | '-' | '+';
  /** Its place in the list it comes from: `a` for a removed line, `b` otherwise. */
  index: number;
  text: string;
}

/** The edit from `a` to `b` (longest common subsequence): each item of either, kept, removed or added. */
function lineEdit(a: string[], b: string[]): Line[] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: ' ', index: j, text: b[j]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: '-', index: i, text: a[i]! });
      i++;
    } else {
      out.push({ op: '+', index: j, text: b[j]! });
      j++;
    }
  }
  return out;
}

export function jsonDiff(expected: unknown, found: unknown, path = ''): string[] {
  if (JSON.stringify(expected) === JSON.stringify(found)) return [];
  if (isObject(expected) && isObject(found)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(found)])];
    return keys.flatMap((k) => jsonDiff(expected[k], found[k], path ? `${path}.${k}` : k));
  }
  if (isTextList(expected) && isTextList(found)) {
    const changed = lineEdit(expected, found).filter((e) => e.op !== ' ');
    return [`${path || '(value)'}:`, ...changed.map((e) => `  ${e.op} [${e.index}] ${e.text}`)];
  }
  if (Array.isArray(expected) && Array.isArray(found)) {
    return Array.from({ length: Math.max(expected.length, found.length) }, (_, i) => jsonDiff(expected[i], found[i], `${path}[${i}]`)).flat();
  }
  return [`${path || '(value)'}:`, `  - ${show(expected)}`, `  + ${show(found)}`];
}
