import type { SlaState } from './sla';
import type { Lang, Words } from '@metrodesk/contracts';

export { LANGS, CATEGORY_WORDS, PRIORITY_WORDS, REQUEST_STATE_WORDS as STATE_WORDS } from '@metrodesk/contracts';
export type { Lang } from '@metrodesk/contracts';

export const SLA_WORDS: Record<SlaState, Words> = {
  none: { 'zh-CN': '无时限', en: 'No target' },
  on_track: { 'zh-CN': '正常', en: 'On track' },
  warning: { 'zh-CN': '预警', en: 'Warning' },
  breached: { 'zh-CN': '超时', en: 'Breached' },
  met: { 'zh-CN': '达标', en: 'Met' },
};

export interface RegionData {
  province: { code: string; name: string; nameEn: string };
  cities: { code: string; name: string; nameEn: string }[];
}

/** A region's name in the reader's language; a code the data does not list stays as it is. */
export function regionNames(data: RegionData): (code: string, lang: Lang) => string {
  const byCode = new Map([data.province, ...data.cities].map((r) => [r.code, r]));
  return (code, lang) => {
    const r = byCode.get(code);
    return r ? (lang === 'en' ? r.nameEn : r.name) : code;
  };
}
