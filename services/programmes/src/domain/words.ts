import type { Lang } from './regions';
import type { Programme } from './campaign';
import type { Figure, VenueKind } from './activity';

/** Names people read; stored codes never reach a sheet or a screen. */
export const PROGRAMME_WORDS: Record<Programme, Record<Lang, string>> = {
  scientific: { 'zh-CN': '科学计量', en: 'Scientific metrology' },
  livelihood: { 'zh-CN': '民生计量', en: 'Metrology for livelihoods' },
  integrity: { 'zh-CN': '诚信计量', en: 'Integrity metrology' },
  energy: { 'zh-CN': '能源计量', en: 'Energy metrology' },
  industry: { 'zh-CN': '产业计量', en: 'Industrial metrology' },
};

export const VENUE_WORDS: Record<VenueKind, Record<Lang, string>> = {
  market: { 'zh-CN': '集贸市场', en: 'Market' },
  supermarket: { 'zh-CN': '商场超市', en: 'Supermarket' },
  catering: { 'zh-CN': '餐饮', en: 'Catering' },
  hospital: { 'zh-CN': '医院', en: 'Hospital' },
  school: { 'zh-CN': '学校', en: 'School' },
  community: { 'zh-CN': '社区', en: 'Community' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const FIGURE_WORDS: Record<Figure, Record<Lang, string>> = {
  venues: { 'zh-CN': '场所数', en: 'Venues' },
  instrumentsChecked: { 'zh-CN': '检查计量器具数', en: 'Instruments checked' },
  instrumentsVerifiedFree: { 'zh-CN': '免费检定计量器具数', en: 'Instruments verified free of charge' },
  peopleServed: { 'zh-CN': '服务人次', en: 'People served' },
  problemsFound: { 'zh-CN': '发现问题数', en: 'Problems found' },
  mediaReports: { 'zh-CN': '媒体报道数', en: 'Media reports' },
};

/** Column headings of the activity sheet, in export order; import reads either language. */
export const COLUMN_WORDS = {
  campaign: { 'zh-CN': '专项活动', en: 'Campaign' },
  programme: { 'zh-CN': '计量工作类别', en: 'Programme' },
  city: { 'zh-CN': '城市', en: 'City' },
  date: { 'zh-CN': '日期', en: 'Date' },
  venueKind: { 'zh-CN': '场所类型', en: 'Venue kind' },
  ...FIGURE_WORDS,
  requests: { 'zh-CN': '转为服务请求', en: 'Service requests opened' },
  notes: { 'zh-CN': '备注', en: 'Notes' },
} satisfies Record<string, Record<Lang, string>>;

export type Column = keyof typeof COLUMN_WORDS;

/** A venue kind from a word in either language or its code. */
export function venueKindOf(text: string): VenueKind | null {
  const t = text.trim().toLowerCase();
  for (const [kind, words] of Object.entries(VENUE_WORDS) as [VenueKind, Record<Lang, string>][]) {
    if (kind === t || words['zh-CN'] === text.trim() || words.en.toLowerCase() === t) return kind;
  }
  return null;
}
