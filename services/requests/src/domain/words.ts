import type { RequestState } from './lifecycle';
import type { SlaState } from './sla';
import type { Category, Priority } from './request';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
type Words = Record<Lang, string>;

/** The same words the console shows, so an export reads like the screen. */
export const CATEGORY_WORDS: Record<Category, Words> = {
  verification_calibration: { 'zh-CN': '检定校准', en: 'Verification / calibration' },
  emergency_verification: { 'zh-CN': '应急检定', en: 'Emergency verification' },
  management_system: { 'zh-CN': '计量管理体系', en: 'Metrology management system' },
  test_solution: { 'zh-CN': '测试解决方案', en: 'Test or measurement solution' },
  product_development: { 'zh-CN': '新产品研发支持', en: 'New product development' },
  training_request: { 'zh-CN': '培训需求', en: 'Training request' },
  energy_metrology: { 'zh-CN': '能源计量', en: 'Energy metrology' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const PRIORITY_WORDS: Record<Priority, Words> = {
  normal: { 'zh-CN': '普通', en: 'Normal' },
  urgent: { 'zh-CN': '紧急', en: 'Urgent' },
  emergency: { 'zh-CN': '特急', en: 'Emergency' },
};

export const STATE_WORDS: Record<RequestState, Words> = {
  filed: { 'zh-CN': '已提交', en: 'Filed' },
  assigned: { 'zh-CN': '已派单', en: 'Assigned' },
  responded: { 'zh-CN': '已响应', en: 'Responded' },
  in_progress: { 'zh-CN': '办理中', en: 'In progress' },
  waiting_enterprise: { 'zh-CN': '等待企业答复', en: 'Waiting for enterprise' },
  resolved: { 'zh-CN': '已办结', en: 'Resolved' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
};

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
