/**
 * Text as it reads, across element boundaries: `中国 <a>（法广）</a>` is one run of text nodes, so a rule about the
 * characters on either side of a boundary sees both. Blocks, line breaks and images end a run; code is not text
 * to retypeset and is left out. Works on any DOM (jsdom in Node, the page's own in a browser).
 */

/** A span of a run's joined text, `start` included, `end` excluded. */
export interface TextRange {
  start: number;
  end: number;
}

/** Elements inside which text flows on from the text before it. */
const INLINE = new Set(['A', 'ABBR', 'B', 'BDI', 'CITE', 'DFN', 'EM', 'I', 'MARK', 'Q', 'S', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U']);
/** Text shown as written. */
const VERBATIM = new Set(['PRE', 'CODE', 'KBD', 'SAMP', 'TEXTAREA', 'SCRIPT', 'STYLE']);

/** Walks with its own stack, not by recursion: a hostile body may nest deeper than the call stack allows. */
export function textRuns(root: Element): Text[][] {
  const runs: Text[][] = [];
  let run: Text[] = [];
  const end = () => {
    if (run.length) runs.push(run);
    run = [];
  };
  const stack: { next: ChildNode | null; block: boolean }[] = [{ next: root.firstChild, block: true }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const child = top.next;
    if (!child) {
      stack.pop();
      if (top.block) end();
      continue;
    }
    top.next = child.nextSibling;
    if (child.nodeType === 3) run.push(child as Text);
    else if (child.nodeType === 1) {
      const tag = (child as Element).tagName.toUpperCase();
      if (INLINE.has(tag)) stack.push({ next: child.firstChild, block: false });
      else {
        end();
        if (!VERBATIM.has(tag)) stack.push({ next: child.firstChild, block: true });
      }
    }
  }
  return runs;
}

export const runText = (run: Text[]): string => run.map((node) => node.data).join('');

interface Piece<R> {
  node: Text;
  start: number;
  end: number;
  range: R;
  /** Whether the range lies in this one node. */
  whole: boolean;
}

/**
 * Each range of the run's joined text as pieces of its nodes, last first: changing a node from its end keeps
 * every earlier offset valid.
 */
function piecesFromEnd<R extends TextRange>(run: Text[], ranges: R[]): Piece<R>[] {
  const starts: number[] = [];
  const lengths = run.map((node) => node.data.length);
  let at = 0;
  for (const length of lengths) {
    starts.push(at);
    at += length;
  }
  const pieces: Piece<R>[] = [];
  // Ranges do not overlap: taken from the last, each starts its search where the one after it stopped, so the
  // whole walk is linear in nodes and ranges.
  let last = run.length - 1;
  for (const range of [...ranges].sort((a, b) => b.start - a.start)) {
    while (last > 0 && starts[last]! >= range.end) last--;
    for (let i = last; i >= 0; i--) {
      const from = Math.max(range.start, starts[i]!);
      const to = Math.min(range.end, starts[i]! + lengths[i]!);
      if (from < to) pieces.push({ node: run[i]!, start: from - starts[i]!, end: to - starts[i]!, range, whole: from === range.start && to === range.end });
      if (starts[i]! <= range.start) break;
    }
  }
  return pieces;
}

/** Removes the ranges from the run's text, whichever nodes they fall in. */
export function deleteRanges(run: Text[], ranges: TextRange[]): void {
  for (const piece of piecesFromEnd(run, ranges)) piece.node.deleteData(piece.start, piece.end - piece.start);
}

/** Puts each range in a `<span class=…>`; a range split between two nodes is left as it is. */
export function wrapRanges(run: Text[], ranges: (TextRange & { className: string })[]): void {
  for (const piece of piecesFromEnd(run, ranges)) {
    if (!piece.whole) continue;
    const span = piece.node.ownerDocument.createElement('span');
    span.className = piece.range.className;
    piece.node.splitText(piece.end);
    const middle = piece.node.splitText(piece.start);
    middle.replaceWith(span);
    span.append(middle);
  }
}
