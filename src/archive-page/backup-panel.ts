import type { Archive } from '../archive/archive';
import type { BackupFile } from '../archive/backup/export';
import type { ImportReport } from '../archive/backup/import';
import { ImportError } from '../archive/errors';
import { sayError, shownNumber, t, tCount } from '../shared/i18n';
import { downloadFile } from '../downloads/download-file';
import { digestInWorker } from './digest-in-worker';
import { localDay } from './format';

/** The reminder shows once this many saves are in no backup: the archive lives only in this browser profile. */
export const BACKUP_REMINDER_AT = 20;

export interface BackupPanelElements {
  download: HTMLButtonElement;
  reminderButton: HTMLButtonElement;
  file: HTMLInputElement;
  status: HTMLElement;
  error: HTMLElement;
  reminder: HTMLElement;
  reminderText: HTMLElement;
}

/** One file: the day's name; one of several: its number too, so that they sort in order. */
export function backupFileName(date: Date, file: Pick<BackupFile, 'number' | 'more'> = { number: 1, more: false }): string {
  const part = file.number === 1 && !file.more ? '' : `-part-${String(file.number).padStart(2, '0')}`;
  return `rfi-reader-backup-${localDay(date)}${part}.zip`;
}

export class BackupPanel {
  constructor(
    private readonly el: BackupPanelElements,
    private readonly archive: () => Archive,
    /** Called after an import wrote something: the list and the other pages must learn of it. */
    private readonly imported: (report: ImportReport) => void,
  ) {
    el.download.addEventListener('click', () => void this.backUp());
    el.reminderButton.addEventListener('click', () => void this.backUp());
    el.file.addEventListener('change', () => void this.importChosen());
  }

  async showReminder(): Promise<void> {
    const { notBackedUp } = await this.archive().backupStatus();
    this.el.reminder.hidden = notBackedUp < BACKUP_REMINDER_AT;
    this.el.reminderText.textContent = tCount('archiveBackupReminder', notBackedUp);
  }

  private async backUp(): Promise<void> {
    this.setBusy(true);
    this.say(t('archiveBackupWorking'));
    try {
      const archive = this.archive();
      const [articles, day] = [await archive.count(), new Date()];
      const files = await archive.exportBackup((file) => {
        downloadFile(file.zip, backupFileName(day, file), 'application/zip');
        if (file.more) this.say(t('archiveBackupProgress', shownNumber(file.number), shownNumber(file.articlesSoFar), shownNumber(articles)));
      });
      this.say(files === 1 ? t('archiveBackupDone') : t('archiveBackupDoneFiles', shownNumber(files)));
      await this.showReminder();
    } catch (err) {
      this.fail(t('archiveBackupFailed', sayError(err)));
    } finally {
      this.setBusy(false);
    }
  }

  /**
   * The chosen files in name order (a backup's parts sort so), each checked whole and imported before the next is
   * read: a refused one stops there, with the ones before it imported and nothing of it written.
   */
  private async importChosen(): Promise<void> {
    const files = [...(this.el.file.files ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!files.length) return;
    this.setBusy(true);
    const total: ImportReport = { added: 0, updated: 0, unchanged: 0, images: 0 };
    let done = 0;
    try {
      for (const file of files) {
        this.say(files.length === 1 ? t('archiveImportWorking') : t('archiveImportWorkingFile', shownNumber(done + 1), shownNumber(files.length), file.name));
        const report = await this.archive().importBackup(file, digestInWorker);
        for (const key of ['added', 'updated', 'unchanged', 'images'] as const) total[key] += report[key];
        done++;
        this.imported(report);
      }
      this.say(t('archiveImportDone', ...[total.added, total.updated, total.unchanged, total.images].map(shownNumber)));
    } catch (err) {
      // An ImportError says exactly what is wrong with the file, translated where it can be; the archive is as it
      // was before that file either way.
      const reason = t(err instanceof ImportError ? 'archiveImportRefused' : 'archiveImportFailed', sayError(err));
      this.fail(done === 0 ? reason : `${t('archiveImportPartly', shownNumber(done), shownNumber(files.length), files[done]!.name)} ${reason}`);
    } finally {
      // Lets the same files be chosen again.
      this.el.file.value = '';
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.el.download.disabled = busy;
    this.el.reminderButton.disabled = busy;
    this.el.file.disabled = busy;
  }

  private say(text: string): void {
    this.el.error.hidden = true;
    this.el.status.textContent = text;
  }

  private fail(text: string): void {
    this.el.status.textContent = '';
    this.el.error.hidden = false;
    this.el.error.textContent = text;
  }
}
