import type { Archive } from '../archive/archive';
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

export function backupFileName(date: Date): string {
  return `rfi-reader-backup-${localDay(date)}.zip`;
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
      const zip = await this.archive().exportBackup();
      downloadFile(zip, backupFileName(new Date()), 'application/zip');
      this.say(t('archiveBackupDone'));
      await this.showReminder();
    } catch (err) {
      this.fail(t('archiveBackupFailed', sayError(err)));
    } finally {
      this.setBusy(false);
    }
  }

  private async importChosen(): Promise<void> {
    const file = this.el.file.files?.[0];
    if (!file) return;
    this.setBusy(true);
    this.say(t('archiveImportWorking'));
    try {
      const report = await this.archive().importBackup(file, digestInWorker);
      this.say(t('archiveImportDone', ...[report.added, report.updated, report.unchanged, report.images].map(shownNumber)));
      this.imported(report);
    } catch (err) {
      // An ImportError says exactly what is wrong with the file, translated where it can be; the archive is as it
      // was either way.
      this.fail(t(err instanceof ImportError ? 'archiveImportRefused' : 'archiveImportFailed', sayError(err)));
    } finally {
      // Lets the same file be chosen again.
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
