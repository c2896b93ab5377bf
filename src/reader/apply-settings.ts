import type { Settings } from '../shared/settings';

/** Shows `settings` through custom properties and data attributes on <html>: the stylesheet does the rest, the article is never re-rendered. */
export function applySettings(settings: Settings, root: HTMLElement = document.documentElement): void {
  root.style.setProperty('--size', `${settings.fontSize}px`);
  root.style.setProperty('--leading', String(settings.lineHeight));
  root.style.setProperty('--measure', String(settings.measure));
  root.dataset['theme'] = settings.theme;
  root.dataset['font'] = settings.fontFamily;
  root.dataset['vertical'] = String(settings.vertical);
}
