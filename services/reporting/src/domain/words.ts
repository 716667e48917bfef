import { CATEGORY_WORDS as REQUEST_CATEGORY_WORDS, PRIORITY_WORDS, REQUEST_STATE_WORDS, type Words } from '@metrodesk/contracts';
import type { Lang } from './narrative';

export type { Words };

/** The request codes' words are the contracts' (one list for every service), with "every category" for the totals. */
export const CATEGORY_WORDS: Record<string, Words> = { '*': { 'zh-CN': '所有类别', en: 'every category' }, ...REQUEST_CATEGORY_WORDS };
export { PRIORITY_WORDS, REQUEST_STATE_WORDS };

/** The value's words, or for a value no list knows yet a neutral word rather than the code. */
export const wordsFor = (list: Record<string, Words>, v: string, lang: Lang): string => list[v]?.[lang] ?? (lang === 'en' ? 'other' : '其他');
