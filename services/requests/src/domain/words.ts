import type { SlaState } from './sla';
import type { Words } from '@metrodesk/contracts';

export { LANGS, CATEGORY_WORDS, PRIORITY_WORDS, REQUEST_STATE_WORDS as STATE_WORDS } from '@metrodesk/contracts';
export type { Lang } from '@metrodesk/contracts';

export const SLA_WORDS: Record<SlaState, Words> = {
  none: { 'zh-CN': '无时限', en: 'No target' },
  on_track: { 'zh-CN': '正常', en: 'On track' },
  warning: { 'zh-CN': '预警', en: 'Warning' },
  breached: { 'zh-CN': '超时', en: 'Breached' },
  met: { 'zh-CN': '达标', en: 'Met' },
};
