import type { Article } from '../../src/core/article';

/**
 * What a reader must never see in an extracted article: share controls, promotions, ads, feed-mirror footers,
 * active content. Each pattern names what it catches, so a failing test or the benchmark says what leaked.
 */
export const LEAK_PATTERNS: [string, RegExp][] = [
  ['facebook share', /facebook\.com\/(dialog\/share|sharer)/i],
  ['twitter/x share', /(twitter|x)\.com\/intent/i],
  ['whatsapp share', /whatsapp:\/\/|whatsapp\.com\/send/i],
  ['telegram share', /t(elegram)?\.me\/share/i],
  ['line share', /line\.me\/(R\/msg|share)|social-plugins\.line\.me/i],
  ['weibo share', /service\.weibo\.com\/share/i],
  ['short share link', /rfi\.my\//i],
  ['share widget', /data-root-share|share-button|share-modal/i],
  ['share label', /分享\s*[:：]/],
  ['self-promo', /selfpromo|self-promo/i],
  ['ad slot', /举报广告|舉報廣告|data-tms-ad|>\s*(广告|廣告)\s*</],
  ['feed footer', /获取更多RSS|feedx\./],
  ['svg icon', /<svg/i],
  ['script', /<script|javascript:/i],
  ['iframe', /<iframe/i],
  ['event handler', /<[^>]+\son[a-z]+\s*=/i],
  ['style', /<style|<[^>]+\sstyle\s*=/i],
  ['form', /<(form|input|button)\b/i],
  ['read-more gate', /继续浏览后续|data-readmore/],
];

export function leaksIn(article: Pick<Article, 'contentHtml' | 'lead' | 'title'>): string[] {
  const haystack = `${article.title}\n${article.lead}\n${article.contentHtml}`;
  return LEAK_PATTERNS.filter(([, re]) => re.test(haystack)).map(([name]) => name);
}
