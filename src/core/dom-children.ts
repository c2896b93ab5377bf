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
