import type { ExportImage } from './export-item';

/** Base64 with `btoa`, which Node and browsers both have; in chunks, as one argument list per byte would overflow. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function dataUri(image: ExportImage): string {
  return `data:${image.type};base64,${base64(image.bytes)}`;
}
