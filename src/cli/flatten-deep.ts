import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5';
import { INPUT_LIMITS } from '../core/input-limits';

type ParentNode = DefaultTreeAdapterMap['parentNode'];
type ChildNode = DefaultTreeAdapterMap['childNode'];

/**
 * The HTML unchanged, or, when it nests deeper than Chromium's parser allows (512 levels), re-serialized with
 * everything below that depth flattened into the last allowed level, as Chromium does. jsdom has no such cap: each
 * insertion walks every ancestor, so 10,000 levels take minutes to parse and then overflow the stack when cloned.
 * parse5's own tree is plain objects and parses any depth in linear time.
 */
export function flattenTooDeep(html: string): string {
  const doc = parse(html);
  let flattened = false;
  const stack: [ParentNode, number][] = [[doc, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth === INPUT_LIMITS.depth) {
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
