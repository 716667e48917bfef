import type { Lang } from './narrative';

/** A value in both languages: what a person reads in a report, a file or an audit line. */
export type Words = Record<Lang, string>;

export const CATEGORY_WORDS: Record<string, Words> = {
  '*': { 'zh-CN': '所有类别', en: 'every category' },
  verification_calibration: { 'zh-CN': '检定校准', en: 'verification and calibration' },
  emergency_verification: { 'zh-CN': '应急检定', en: 'emergency verification' },
  management_system: { 'zh-CN': '计量管理体系', en: 'measurement management system' },
  test_solution: { 'zh-CN': '测试方案', en: 'test solution' },
  product_development: { 'zh-CN': '产品研发', en: 'product development' },
  training_request: { 'zh-CN': '培训需求', en: 'training request' },
  energy_metrology: { 'zh-CN': '能源计量', en: 'energy metrology' },
  other: { 'zh-CN': '其他', en: 'other' },
};

export const PRIORITY_WORDS: Record<string, Words> = {
  normal: { 'zh-CN': '普通', en: 'normal' },
  urgent: { 'zh-CN': '紧急', en: 'urgent' },
  emergency: { 'zh-CN': '特急', en: 'emergency' },
};

export const REQUEST_STATE_WORDS: Record<string, Words> = {
  filed: { 'zh-CN': '已提交', en: 'filed' },
  assigned: { 'zh-CN': '已派单', en: 'assigned' },
  responded: { 'zh-CN': '已响应', en: 'responded' },
  in_progress: { 'zh-CN': '办理中', en: 'in progress' },
  waiting_enterprise: { 'zh-CN': '等待企业答复', en: 'waiting for the enterprise' },
  resolved: { 'zh-CN': '已办结', en: 'resolved' },
  closed: { 'zh-CN': '已关闭', en: 'closed' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
};

/** The value's words, or for a value no list knows yet a neutral word rather than the code. */
export const wordsFor = (list: Record<string, Words>, v: string, lang: Lang): string => list[v]?.[lang] ?? (lang === 'en' ? 'other' : '其他');
