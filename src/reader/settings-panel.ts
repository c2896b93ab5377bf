import { RANGES, saveSettings, type Settings } from '../shared/settings';

type RangeName = keyof typeof RANGES;

/** How a slider's value is shown beside it. */
const SHOW: Record<RangeName, (value: number) => string> = {
  fontSize: (v) => `${v}px`,
  lineHeight: (v) => v.toFixed(1),
  measure: (v) => String(v),
};

/**
 * The settings panel: a disclosure button in the toolbar and native form controls. Every change is saved at
 * once; what is shown follows from storage's change event (in this tab and any other reader tab).
 */
export function settingsPanel(toggle: HTMLButtonElement, panel: HTMLElement) {
  const field = (name: string) => panel.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`);

  for (const [name, { min, max, step }] of Object.entries(RANGES) as [RangeName, (typeof RANGES)[RangeName]][]) {
    const input = field(name)[0]!;
    Object.assign(input, { min: String(min), max: String(max), step: String(step) });
    input.addEventListener('input', () => {
      input.nextElementSibling!.textContent = SHOW[name](input.valueAsNumber);
      void saveSettings({ [name]: input.valueAsNumber });
    });
  }
  for (const name of ['fontFamily', 'theme', 'script'] as const) {
    for (const input of Array.from(field(name))) input.addEventListener('change', () => void saveSettings({ [name]: input.value }));
  }
  for (const name of ['cornerQuotes', 'vertical', 'inPageButton'] as const) {
    const input = field(name)[0]!;
    input.addEventListener('change', () => void saveSettings({ [name]: input.checked }));
  }

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) panel.querySelector<HTMLElement>('input')?.focus();
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));

  return {
    isOpen: () => !panel.hidden,
    /** Closes the panel and gives the focus back to its button. */
    close(): void {
      setOpen(false);
      toggle.focus();
    },
    /** Puts the controls in step with `settings` (after a load, or a change made in another tab). */
    show(settings: Settings): void {
      for (const name of Object.keys(RANGES) as RangeName[]) {
        const input = field(name)[0]!;
        // A slider being dragged keeps its own value; an older stored value would make it jump back.
        if (input === document.activeElement && input.valueAsNumber !== settings[name]) continue;
        input.value = String(settings[name]);
        input.nextElementSibling!.textContent = SHOW[name](settings[name]);
      }
      for (const name of ['fontFamily', 'theme', 'script'] as const) {
        for (const input of Array.from(field(name))) input.checked = input.value === settings[name];
      }
      field('cornerQuotes')[0]!.checked = settings.cornerQuotes;
      field('vertical')[0]!.checked = settings.vertical;
      field('inPageButton')[0]!.checked = settings.inPageButton;
    },
  };
}
