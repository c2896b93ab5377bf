/**
 * Children as plain arrays, read by walking siblings. jsdom keeps a node's `childNodes` / `children` list once
 * it has been asked for and recomputes it on every later change to that node: cleaning a body of thousands of
 * paragraphs or images through those lists is quadratic (minutes for a 10 MB page). Browsers are not affected,
 * and the result is the same.
 */
export function childNodesOf(node: Node): ChildNode[] {
  const out: ChildNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

export function childElementsOf(el: Element): Element[] {
  const out: Element[] = [];
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) out.push(child);
  return out;
}

/**
 * The first `max` items of a collection, as an array. jsdom looks up a named item (a scan of the whole
 * collection) on every property read but an index, `length` included, and `Array.from` or `for…of` read `length`
 * at each step: quadratic, seven minutes for a page of 40,000 `<script>` elements. Indexes, with the length read
 * once, are not.
 */
export function listOf<T>(collection: { readonly length: number; readonly [index: number]: T }, max = Infinity): T[] {
  const n = Math.min(collection.length, max);
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = collection[i]!;
  return out;
}
