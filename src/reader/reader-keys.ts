/** Arrow keys move between the toolbar's buttons, which screen-reader users expect of anything announced as a toolbar. */
export function toolbarKeys(toolbar: HTMLElement): void {
  toolbar.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const buttons = Array.from(toolbar.querySelectorAll<HTMLElement>('button:not([disabled])'));
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    if (at < 0 || buttons.length < 2) return;
    event.preventDefault();
    buttons[(at + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]!.focus();
  });
}

/** Lines of a wheel step in Firefox (deltaMode 1) as pixels. */
const LINE_PX = 16;

/**
 * In vertical mode the article scrolls sideways; a mouse wheel only moves up and down, so its turns are read
 * as moving on through the columns (to the left).
 */
export function verticalWheel(scroller: HTMLElement, vertical: () => boolean): void {
  scroller.addEventListener(
    'wheel',
    (event) => {
      if (!vertical() || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
      event.preventDefault();
      scroller.scrollLeft -= event.deltaY * (event.deltaMode === 1 ? LINE_PX : 1);
    },
    { passive: false },
  );
}
