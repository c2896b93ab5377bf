/** Offers a file to save through an `<a download>` on a blob: URL (no `downloads` permission needed). */
export function downloadFile(content: Blob | Uint8Array | string, fileName: string, type: string): void {
  const blob = content instanceof Blob ? content : new Blob([content as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once the click has been handled; a minute is ample even for a large file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
