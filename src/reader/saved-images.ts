/**
 * Shows an archived article's images from their stored bytes, and holds back the others: an image the archive lacks
 * is not requested by the page on its own (many readers are on filtered or metered connections), only fetched when
 * the reader asks (missing-images.ts). Call it in the task that rendered the article: an address taken away before
 * that task ends is never requested. Returns the function that shows images stored later, in place.
 */
export function savedImages(root: HTMLElement, stored: Map<string, Blob>): (images: Map<string, Blob>) => void {
  const held = new Map<string, HTMLImageElement[]>();
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    held.set(src, [...(held.get(src) ?? []), img]);
    img.removeAttribute('src');
    img.removeAttribute('srcset');
  }
  const show = (images: Map<string, Blob>) => {
    for (const [src, blob] of images) {
      const imgs = held.get(src);
      if (!imgs) continue;
      held.delete(src);
      const url = URL.createObjectURL(blob);
      for (const img of imgs) img.src = url;
    }
  };
  show(stored);
  return show;
}
