import { exportableImage, type ExportImage, type ExportItem } from './export-item';
import { imageBaseName, UniqueNames } from './file-names';

export interface PackagedImage extends ExportImage {
  /** File name inside the images folder. */
  name: string;
}

/**
 * The images of a whole selection as files of one archive (Markdown ZIP, EPUB): one file per source even when
 * several articles use the same picture, each under a unique name.
 */
export class PackagedImages {
  readonly files: PackagedImage[] = [];
  private readonly bySrc = new Map<string, PackagedImage>();
  private readonly names = new UniqueNames();

  /** The file name for `src` in `item`, or null when the image is missing. */
  add(item: ExportItem, src: string): string | null {
    const known = this.bySrc.get(src);
    if (known) return known.name;
    const image = exportableImage(item, src);
    if (!image) return null;
    const file = { name: this.names.claim(imageBaseName(src), image.extension), type: image.type, bytes: image.bytes };
    this.files.push(file);
    this.bySrc.set(src, file);
    return file.name;
  }
}
