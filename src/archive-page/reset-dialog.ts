import { t } from '../shared/i18n';

/**
 * "Delete everything" asks for a typed word in a modal dialog: a deliberate act that a stray click or Enter
 * cannot do. Esc or Cancel closes it with nothing changed.
 */
export function setUpResetDialog(opener: HTMLButtonElement, dialog: HTMLDialogElement, reset: () => Promise<void>): void {
  const word = t('archiveResetWord');
  const input = dialog.querySelector<HTMLInputElement>('#reset-word')!;
  const confirm = dialog.querySelector<HTMLButtonElement>('#reset-confirm')!;
  dialog.querySelector('#reset-explain')!.textContent = t('archiveResetExplain');
  dialog.querySelector('#reset-word-label')!.textContent = t('archiveResetTypeWord', word);
  dialog.querySelector('#reset-cancel')!.addEventListener('click', () => dialog.close('cancel'));
  input.addEventListener('input', () => {
    confirm.disabled = input.value.trim() !== word;
  });
  opener.addEventListener('click', () => {
    input.value = '';
    confirm.disabled = true;
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'confirm' && input.value.trim() === word) void reset();
    opener.focus();
  });
}
