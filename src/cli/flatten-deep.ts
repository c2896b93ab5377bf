import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5';
import { INPUT_LIMITS } from '../core/input-limits';

type Node = DefaultTreeAdapterMap['node'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];
type ChildNode = DefaultTreeAdapterMap['childNode'];

/**
 * How deep a page's nodes may be on average before jsdom is given it flattened. Each insertion costs jsdom about
 * a third of a microsecond per ancestor on top of about 12 µs of its own, so 10,000 nodes flattened at Chromium's
 * 512 levels took 1.5 s to parse. The nodes of RFI's pages are 7 levels deep on average, 15 at most (the fixtures).
 */
const MEAN_DEPTH = 32;

/**
 * The HTML unchanged, or, when it nests deeper than Chromium's parser allows (512 levels), re-serialized with
 * everything below that depth flattened into the last allowed level, as Chromium does. jsdom has no such cap: each
 * insertion walks every ancestor, so 10,000 levels take minutes to parse and then overflow the stack when cloned.
 * A page whose nodes would still be deeper than MEAN_DEPTH on average is flattened higher, at the deepest level
 * where they are not: a page of any size as RFI writes them is left as it is. parse5's own tree is plain objects
 * and parses any depth in linear time.
 */
export function flattenTooDeep(html: string): string {
  // As jsdom parses, scripting off: `<noscript>` holds markup, and the serialized page parses back the same.
  const doc = parse(html, { scriptingEnabled: false });
  const limit = flatteningDepth(nodesPerDepth(doc));
  let flattened = false;
  const stack: [ParentNode, number][] = [[doc, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth === limit) {
      if (node.childNodes.some((c) => 'childNodes' in c && c.childNodes.length > 0)) {
        node.childNodes = flatDescendants(node);
        flattened = true;
      }
      continue;
    }
    for (const child of node.childNodes) if ('childNodes' in child) stack.push([child, depth + 1]);
    if ('content' in node) stack.push([node.content, depth + 1]);
  }
  return flattened ? serialize(doc) : html;
}

function nodesPerDepth(doc: ParentNode): number[] {
  const counts: number[] = [];
  const stack: [Node, number][] = [[doc, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    counts[depth] = (counts[depth] ?? 0) + 1;
    if ('childNodes' in node) for (const child of node.childNodes) stack.push([child, depth + 1]);
    if ('content' in node) stack.push([node.content, depth + 1]);
  }
  return counts;
}

/**
 * The deepest level, up to Chromium's, at which the nodes are at most MEAN_DEPTH deep on average once everything
 * below it is flattened into it (its children then sit one level lower).
 */
function flatteningDepth(counts: number[]): number {
  // Nodes at or below each depth, counted from the deep end.
  const deeper: number[] = new Array(counts.length + 1).fill(0);
  for (let d = counts.length - 1; d >= 0; d--) deeper[d] = deeper[d + 1]! + (counts[d] ?? 0);
  const budget = MEAN_DEPTH * deeper[0]!;
  let ancestors = 0;
  let best = 1;
  for (let limit = 1; limit <= INPUT_LIMITS.depth; limit++) {
    // Nodes at depth ≤ limit keep their own depth; all the others sit at limit + 1.
    ancestors += (counts[limit] ?? 0) * limit;
    if (ancestors + (deeper[limit + 1] ?? 0) * (limit + 1) > budget) break;
    best = limit;
  }
  return best;
}

/** Every descendant in document order, each emptied and made a child of `root`. */
function flatDescendants(root: ParentNode): ChildNode[] {
  const out: ChildNode[] = [];
  const pending: ChildNode[] = [...root.childNodes].reverse();
  while (pending.length > 0) {
    const node = pending.pop()!;
    const children = 'childNodes' in node ? node.childNodes : [];
    if ('childNodes' in node) node.childNodes = [];
    node.parentNode = root;
    out.push(node);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
  return out;
}
