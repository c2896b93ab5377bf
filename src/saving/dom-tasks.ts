import { fromThisExtension, listen, type DomProtocol, type Handlers } from '../shared/messages';
import { openArchive, type Archive } from '../archive/archive';
import { announceArchiveChange } from '../shared/archive-events';
import { archiveKeyOf } from '../archive/prepare';
import { parseWithDomParser } from '../core/extract';
import { savePage } from './save-page';
import { fillMissingImages } from './fill-missing';

let archive: Promise<Archive> | undefined;

/** The tasks that need a DOM, run by whichever context has one (see background/dom-context.ts). */
export const domTasks: Handlers<DomProtocol> = {
  'dom/save': async (args) => {
    // `fetch` wrapped: called as `deps.fetch(…)`, the bare function would be an illegal invocation.
    const report = await savePage(args, { archive: await (archive ??= openArchive()), parse: parseWithDomParser, fetch: (...a) => fetch(...a) });
    if (report.ok) announceArchiveChange({ type: 'saved', url: report.url });
    return report;
  },
  'dom/fill-images': async ({ url }) => {
    const report = await fillMissingImages(url, { archive: await (archive ??= openArchive()), fetch: (...a) => fetch(...a) });
    if (report.ok && report.stored) announceArchiveChange({ type: 'saved', url });
    return report;
  },
  // The key the archive itself would give the article: a link spelled another way (http, decoded Chinese, a
  // tracking query) still finds it.
  'dom/is-saved': async ({ url }) => {
    const key = archiveKeyOf(url);
    return key !== null && (await (archive ??= openArchive())).has(key);
  },
};

export function serveDomTasks(): void {
  listen<DomProtocol>(domTasks, fromThisExtension);
}
