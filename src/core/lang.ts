import type { Lang } from './article';

/**
 * Pages say the same language many ways (`zh`, `zh-CN`, `zh-Hans-CN`, `zh_TW`…). A map keyed on the exact
 * tag silently falls back to English for the forms it forgot, so every form is reduced to script here.
 */
export function normalizeLang(raw: string | null | undefined): Lang | null {
  if (!raw) return null;
  const tag = raw.trim().toLowerCase().replace(/_/g, '-');
  if (!/^(zh|cmn|yue)(-|$)/.test(tag)) return null;
  if (/-hant(-|$)/.test(tag) || /-(tw|hk|mo)(-|$)/.test(tag)) return 'zh-Hant';
  return 'zh-Hans';
}

/** RFI's two Chinese editions: `/cn/` is written in simplified characters, `/tw/` in traditional. */
export function langOfEdition(edition: string): Lang | null {
  if (edition === 'cn') return 'zh-Hans';
  if (edition === 'tw') return 'zh-Hant';
  return null;
}
