export interface VirtualListOptions {
  /** The one scroll container. */
  viewport: HTMLElement;
  /** Inside the viewport; made as tall as every row together, so the scroll bar is true. */
  spacer: HTMLElement;
  /** Inside the spacer; holds only the rows in view (plus `overscan` on each side), in index order. */
  list: HTMLElement;
  rowHeight: number;
  overscan?: number;
  /** Makes the element of row `index`; it may fill itself later (the data arrives asynchronously). */
  createRow: (index: number) => HTMLElement;
  /** Called when a row leaves the DOM: free what it holds (object URLs). */
  releaseRow: (row: HTMLElement) => void;
}

/**
 * A list of fixed-height rows of which only the visible ones exist: 10,000 saved articles cost as much DOM as
 * twenty. Rows that stay in view are kept (never moved), so keyboard focus inside them survives scrolling.
 */
export class VirtualList {
  private count = 0;
  private readonly rows = new Map<number, HTMLElement>();
  private frame = 0;

  constructor(private readonly options: VirtualListOptions) {
    options.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(options.viewport);
  }

  /** Replaces every row: the data behind the indices has changed. Keeps the scroll position where it can. */
  reset(count: number): void {
    for (const row of this.rows.values()) this.remove(row);
    this.rows.clear();
    this.resize(count);
  }

  /** The same rows, more or fewer of them: keeps the rows in view. */
  resize(count: number): void {
    this.count = count;
    this.options.spacer.style.height = `${count * this.options.rowHeight}px`;
    this.render();
  }

  scrollToTop(): void {
    this.options.viewport.scrollTop = 0;
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const { viewport, rowHeight, overscan = 4 } = this.options;
    const first = Math.max(0, Math.floor(viewport.scrollTop / rowHeight) - overscan);
    const last = Math.min(this.count, Math.ceil((viewport.scrollTop + viewport.clientHeight) / rowHeight) + overscan);
    for (const [index, row] of this.rows) {
      if (index < first || index >= last) {
        this.remove(row);
        this.rows.delete(index);
      }
    }
    let previous: HTMLElement | null = null;
    for (let index = first; index < last; index++) {
      let row = this.rows.get(index);
      if (!row) {
        row = this.options.createRow(index);
        row.style.transform = `translateY(${index * rowHeight}px)`;
        row.setAttribute('aria-posinset', String(index + 1));
        this.rows.set(index, row);
        if (previous) previous.after(row);
        else this.options.list.prepend(row);
      }
      row.setAttribute('aria-setsize', String(this.count));
      previous = row;
    }
  }

  private remove(row: HTMLElement): void {
    row.remove();
    this.options.releaseRow(row);
  }
}
