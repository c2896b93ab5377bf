import type { UndoToken } from '../archive/archive';
import { tCount } from '../shared/i18n';

const UNDO_MS = 10_000;

/**
 * The bar offered after a delete. Deletes made while it shows join the same undo; after ten seconds the token
 * (which holds the deleted image bytes) is let go.
 */
export class UndoBar {
  private token: UndoToken | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly bar: HTMLElement,
    private readonly text: HTMLElement,
    button: HTMLButtonElement,
    private readonly undo: (token: UndoToken) => Promise<void>,
    /** Where keyboard focus goes when the bar closes under it. */
    private readonly focusAfter: HTMLElement,
  ) {
    button.addEventListener('click', () => {
      const token = this.token;
      this.hide();
      if (token) void this.undo(token);
    });
  }

  offer(token: UndoToken): void {
    if (!token.deleted.length) return;
    this.token = this.token ? { deleted: [...this.token.deleted, ...token.deleted] } : token;
    this.text.textContent = tCount('archiveDeletedCount', this.token.deleted.length);
    this.bar.hidden = false;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), UNDO_MS);
  }

  /** Ends the offer (after the undo, a timeout, or a reset that makes the token meaningless). */
  hide(): void {
    clearTimeout(this.timer);
    this.token = null;
    const hadFocus = this.bar.contains(document.activeElement);
    this.bar.hidden = true;
    if (hadFocus) this.focusAfter.focus();
  }
}
