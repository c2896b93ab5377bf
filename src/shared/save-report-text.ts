import { say, t, tCount } from './i18n';
import { savedMoment } from './shown-dates';
import type { SaveReport } from '../saving/save-page';

/** What the user is told after a save, in the popup and in the reader alike. */
export function describeSave(report: SaveReport): string {
  if (!report.ok) return report.full ? t('popupSaveFull') : t('popupSaveFailed', say(report.error));
  const missing = report.imagesMissing.length ? ` ${tCount('popupImagesMissing', report.imagesMissing.length)}` : '';
  return `${tCount(report.created ? 'popupSavedNew' : 'popupSavedAgain', report.imagesSaved)}${missing}`;
}

/** "Saved offline on <date>", for an article already in the archive. */
export function savedOn(epochMs: number): string {
  return t('popupSavedOn', savedMoment(epochMs));
}
