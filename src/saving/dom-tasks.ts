import { fromThisExtension, listen, type DomProtocol, type Handlers } from '../messages';
import { openArchive, type Archive } from '../archive/archive';
import { announceArchiveChange } from '../archive-events';
import { savePage } from './save-page';

let archive: Promise<Archive> | undefined;
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

/** The tasks that need a DOM, run by whichever context has one (see background/dom-context.ts). */
export const domTasks: Handlers<DomProtocol> = {
  'dom/save': async (args) => {
    // `fetch` wrapped: called as `deps.fetch(…)`, the bare function would be an illegal invocation.
    const report = await savePage(args, { archive: await (archive ??= openArchive()), parse, fetch: (...a) => fetch(...a) });
    if (report.ok) announceArchiveChange({ type: 'saved', url: report.url });
    return report;
  },
};

export function serveDomTasks(): void {
  listen<DomProtocol>(domTasks, fromThisExtension);
}
