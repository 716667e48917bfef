import { INSTRUMENT_CLASS_WORDS, type Lang, type Words } from '@metrodesk/contracts';
import type { InstrumentClass, InstrumentStatus, InstrumentUse } from './instrument';
import { inBoth, OPTIONAL_HELP as OPTIONAL, PAST_DAY_HELP, type SheetSpec } from './sheet-spec';

export { LANGS, type Lang } from '@metrodesk/contracts';

/** Names people read and type; stored codes never reach a sheet. The class names are shared with requests. */
export const CLASS_WORDS: Record<InstrumentClass, Words> = INSTRUMENT_CLASS_WORDS;

export const USE_WORDS: Record<InstrumentUse, Words> = {
  trade_settlement: { 'zh-CN': '贸易结算', en: 'Trade settlement' },
  safety: { 'zh-CN': '安全防护', en: 'Safety protection' },
  medical: { 'zh-CN': '医疗卫生', en: 'Medical care' },
  environment: { 'zh-CN': '环境监测', en: 'Environmental monitoring' },
  process_control: { 'zh-CN': '工艺控制', en: 'Process control' },
};

export const STATUS_WORDS: Record<InstrumentStatus, Words> = {
  in_use: { 'zh-CN': '在用', en: 'In use' },
  out_of_service: { 'zh-CN': '停用', en: 'Out of service' },
  scrapped: { 'zh-CN': '报废', en: 'Scrapped' },
};

export const YES_NO: Record<'yes' | 'no', Words> = { yes: { 'zh-CN': '是', en: 'Yes' }, no: { 'zh-CN': '否', en: 'No' } };

const SHEET_COLUMNS = ['instrumentClass', 'model', 'serialNo', 'location', 'use', 'compulsory', 'cycleMonths', 'lastVerifiedOn', 'certificateNo', 'status'] as const;
export type SheetColumn = (typeof SHEET_COLUMNS)[number];

const list = (words: Record<string, Words>, lang: Lang) => Object.values(words).map((w) => w[lang]).join(lang === 'en' ? ', ' : '、');

/** The instruments import sheet: the template's columns and guide, and what the import reads. */
export const INSTRUMENT_SHEET: SheetSpec<SheetColumn> = {
  columns: SHEET_COLUMNS,
  required: ['instrumentClass', 'serialNo', 'use', 'cycleMonths', 'lastVerifiedOn'],
  words: {
    instrumentClass: { 'zh-CN': '器具类别', en: 'Instrument class' },
    model: { 'zh-CN': '型号规格', en: 'Model' },
    serialNo: { 'zh-CN': '出厂编号', en: 'Serial number' },
    location: { 'zh-CN': '使用地点', en: 'Location' },
    use: { 'zh-CN': '用途', en: 'Use' },
    compulsory: { 'zh-CN': '强制检定', en: 'Compulsory verification' },
    cycleMonths: { 'zh-CN': '检定周期（月）', en: 'Cycle (months)' },
    lastVerifiedOn: { 'zh-CN': '上次检定日期', en: 'Last verified on' },
    certificateNo: { 'zh-CN': '检定证书编号', en: 'Certificate number' },
    status: { 'zh-CN': '状态', en: 'Status' },
  },
  help: {
    instrumentClass: inBoth((lang) => list(CLASS_WORDS, lang)),
    model: OPTIONAL,
    serialNo: { 'zh-CN': '同一类别内不能重复', en: 'unique within a class' },
    location: OPTIONAL,
    use: inBoth((lang) => list(USE_WORDS, lang)),
    compulsory: {
      'zh-CN': '是、否；空白按用途确定（贸易结算、安全防护、医疗卫生、环境监测为强制检定，不能填“否”）',
      en: 'Yes, No; blank follows the use (trade settlement, safety, medical and environmental use are compulsory and cannot be No)',
    },
    cycleMonths: { 'zh-CN': '1–120 的整数', en: 'a whole number 1–120' },
    lastVerifiedOn: PAST_DAY_HELP,
    certificateNo: OPTIONAL,
    status: { 'zh-CN': `${list(STATUS_WORDS, 'zh-CN')}（空白为在用）`, en: `${list(STATUS_WORDS, 'en')} (blank: in use)` },
  },
  maxLength: { model: 100, serialNo: 100, location: 200, certificateNo: 100 },
};

/** Row-level problems of an import, each said in the reader's language. */
export const IMPORT_MESSAGES = {
  required: { 'zh-CN': () => '必填', en: () => 'is required' },
  tooLong: { 'zh-CN': (max: number) => `不能超过 ${max} 个字符`, en: (max: number) => `must be at most ${max} characters` },
  oneOf: { 'zh-CN': (allowed: string) => `应为以下之一：${allowed}`, en: (allowed: string) => `must be one of: ${allowed}` },
  yesNo: { 'zh-CN': () => '应为“是”或“否”', en: () => 'must be Yes or No' },
  months: { 'zh-CN': () => '应为 1–120 的整数', en: () => 'must be a whole number 1–120' },
  date: { 'zh-CN': () => '应为日期，如 2026-03-15', en: () => 'must be a date such as 2026-03-15' },
  future: { 'zh-CN': (today: string) => `不能晚于今天（${today}）`, en: (today: string) => `cannot be after today (${today})` },
  notCompulsory: { 'zh-CN': (use: string) => `用途为“${use}”的器具属强制检定，不能填“否”`, en: (use: string) => `an instrument used for ${use} is under compulsory verification and cannot be No` },
  repeated: { 'zh-CN': (row: number) => `与第 ${row} 行的类别和出厂编号重复`, en: (row: number) => `repeats the class and serial number of row ${row}` },
  registered: { 'zh-CN': () => '本企业已登记该类别的此出厂编号', en: () => 'this enterprise already registered this serial number for the class' },
  missingColumn: { 'zh-CN': () => '缺少此列', en: () => 'this column is missing' },
  rejected: {
    'zh-CN': (rows: number) => `${rows} 行有误，未导入任何器具；请改正后重新上传整个文件。`,
    en: (rows: number) => `${rows} row(s) have errors, so no instrument was imported; correct them and upload the whole file again.`,
  },
} as const;
