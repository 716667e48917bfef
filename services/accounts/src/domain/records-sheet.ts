import type { Words } from '@metrodesk/contracts';
import { checkUscc } from '@metrodesk/codes';
import { DATA_COLLECTION, type DataCollectionStatus } from './records';
import type { Lang } from './instrument-words';
import { cellsOf, matchHeader, OPTIONAL_HELP as OPTIONAL, PAST_DAY_HELP as DAY_HELP, realDay, type SheetSpec } from './sheet-spec';

const USCC_HELP: Words = { 'zh-CN': '18 位统一社会信用代码；企业须已登记且在您的辖区', en: 'the 18-character code of an enterprise registered in your area' };

export const SIGNING_SHEET: SheetSpec<'uscc' | 'signedOn' | 'documentName' | 'documentRef'> = {
  columns: ['uscc', 'signedOn', 'documentName', 'documentRef'],
  required: ['uscc', 'signedOn'],
  words: {
    uscc: { 'zh-CN': '统一社会信用代码', en: 'USCC' },
    signedOn: { 'zh-CN': '签署日期', en: 'Signed on' },
    documentName: { 'zh-CN': '承诺书文件名', en: 'Document name' },
    documentRef: { 'zh-CN': '存档编号或链接', en: 'Archive reference or link' },
  },
  help: { uscc: USCC_HELP, signedOn: DAY_HELP, documentName: OPTIONAL, documentRef: OPTIONAL },
  maxLength: { documentName: 200, documentRef: 500 },
};

export const REVIEW_SHEET: SheetSpec<'uscc' | 'date' | 'reviewers' | 'instrumentsReviewed' | 'findings'> = {
  columns: ['uscc', 'date', 'reviewers', 'instrumentsReviewed', 'findings'],
  required: ['uscc', 'date', 'reviewers', 'instrumentsReviewed'],
  words: {
    uscc: { 'zh-CN': '统一社会信用代码', en: 'USCC' },
    date: { 'zh-CN': '审查日期', en: 'Review date' },
    reviewers: { 'zh-CN': '审查人员', en: 'Reviewers' },
    instrumentsReviewed: { 'zh-CN': '审查器具数', en: 'Instruments reviewed' },
    findings: { 'zh-CN': '审查发现', en: 'Findings' },
  },
  help: {
    uscc: USCC_HELP,
    date: DAY_HELP,
    reviewers: { 'zh-CN': '姓名，多人以“、”分隔', en: 'names, separated by commas' },
    instrumentsReviewed: { 'zh-CN': '不小于 0 的整数', en: 'a whole number, 0 or more' },
    findings: OPTIONAL,
  },
  maxLength: { findings: 4000, reviewers: 2000 },
};

export const DATA_COLLECTION_WORDS: Record<DataCollectionStatus, Words> = {
  realtime: { 'zh-CN': '实时上传', en: 'Real-time upload' },
  manual: { 'zh-CN': '手工报送', en: 'Manual report' },
  none: { 'zh-CN': '未采集', en: 'None' },
};
export { DATA_COLLECTION };

/** Problems of a records import, each said in the reader's language. */
export const RECORD_MESSAGES = {
  required: { 'zh-CN': () => '必填', en: () => 'is required' },
  tooLong: { 'zh-CN': (max: number) => `不能超过 ${max} 个字符`, en: (max: number) => `must be at most ${max} characters` },
  date: { 'zh-CN': () => '应为日期，如 2026-03-15', en: () => 'must be a date such as 2026-03-15' },
  future: { 'zh-CN': (today: string) => `不能晚于今天（${today}）`, en: (today: string) => `cannot be after today (${today})` },
  count: { 'zh-CN': () => '应为不小于 0 的整数', en: () => 'must be a whole number, 0 or more' },
  uscc: { 'zh-CN': () => '不是有效的统一社会信用代码', en: () => 'is not a valid Unified Social Credit Code' },
  unknown: { 'zh-CN': (uscc: string) => `未登记统一社会信用代码为 ${uscc} 的企业`, en: (uscc: string) => `no enterprise with USCC ${uscc} is registered` },
  outOfArea: { 'zh-CN': (uscc: string) => `统一社会信用代码为 ${uscc} 的企业不在您的辖区`, en: (uscc: string) => `the enterprise with USCC ${uscc} is outside your area` },
  notKeyEnergy: { 'zh-CN': (name: string) => `${name} 不是重点用能单位`, en: (name: string) => `${name} is not a key energy-using unit` },
  committed: { 'zh-CN': (on: string) => `该企业已于 ${on} 签署承诺，须先撤回`, en: (on: string) => `the enterprise signed on ${on}; withdraw that signing first` },
  repeated: { 'zh-CN': (row: number) => `与第 ${row} 行为同一企业的签署`, en: (row: number) => `signs for the same enterprise as row ${row}` },
  missingColumn: { 'zh-CN': () => '缺少此列', en: () => 'this column is missing' },
  rejected: {
    'zh-CN': (rows: number) => `${rows} 行有误，未导入任何记录；请改正后重新上传整个文件。`,
    en: (rows: number) => `${rows} row(s) have errors, so no record was imported; correct them and upload the whole file again.`,
  },
} as const;

/** One problem of one row; `row` counts as a spreadsheet does (the header is row 1). */
export interface RecordRowProblem {
  row: number;
  field: string;
  column: string;
  message: string;
}

export interface SignedRow {
  row: number;
  uscc: string;
  signedOn: string;
  document: { name: string; ref: string } | null;
}

export interface ReviewRow {
  row: number;
  uscc: string;
  date: string;
  reviewers: string[];
  instrumentsReviewed: number;
  findings: string | null;
}

const REVIEWER_SEPARATOR = /[、,，;；\n]/;

/**
 * Reads every non-blank row of a sheet into cells by column, with a reader that notes each
 * problem against its row and column heading. Headings in either language or the field names.
 */
function readRows<C extends string, R>(
  spec: SheetSpec<C>,
  header: string[],
  rows: string[][],
  lang: Lang,
  readRow: (cell: CellReader<C>, row: number) => R | null,
): { rows: R[]; problems: RecordRowProblem[] } {
  const { index, missing } = matchHeader(spec, header);
  if (missing.length > 0) return { rows: [], problems: missing.map((c) => ({ row: 1, field: c, column: spec.words[c][lang], message: RECORD_MESSAGES.missingColumn[lang]() })) };
  const problems: RecordRowProblem[] = [];
  const good: R[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row = i + 2;
    const before = problems.length;
    const say = (field: C, message: string) => problems.push({ row, field, column: spec.words[field][lang], message });
    const byColumn = cellsOf(spec, index, cells);
    const text = (field: C): string | null => {
      const v = byColumn[field].trim();
      if (v === '') {
        if (spec.required.includes(field)) say(field, RECORD_MESSAGES.required[lang]());
        return null;
      }
      const max = spec.maxLength[field];
      if (max !== undefined && v.length > max) say(field, RECORD_MESSAGES.tooLong[lang](max));
      return v;
    };
    const read = readRow({ text, say, lang }, row);
    if (read !== null && problems.length === before) good.push(read);
  });
  return { rows: good, problems };
}

interface CellReader<C extends string> {
  text: (field: C) => string | null;
  say: (field: C, message: string) => void;
  lang: Lang;
}

function day<C extends string>(cell: CellReader<C>, field: C, today: string): string | null {
  const v = cell.text(field);
  if (v === null) return null;
  const d = realDay(v);
  if (!d) cell.say(field, RECORD_MESSAGES.date[cell.lang]());
  else if (d > today) cell.say(field, RECORD_MESSAGES.future[cell.lang](today));
  return d ?? null;
}

function usccOf<C extends string>(cell: CellReader<C>, field: C): string | null {
  const v = cell.text(field);
  if (v === null) return null;
  const checked = checkUscc(v);
  if (checked.ok) return checked.code;
  cell.say(field, RECORD_MESSAGES.uscc[cell.lang]());
  return null;
}

/** The signings a sheet states, or each problem with its row and column. */
export function readSigningSheet(header: string[], rows: string[][], today: string, lang: Lang): { rows: SignedRow[]; problems: RecordRowProblem[] } {
  return readRows(SIGNING_SHEET, header, rows, lang, (cell, row) => {
    const uscc = usccOf(cell, 'uscc');
    const signedOn = day(cell, 'signedOn', today);
    const name = cell.text('documentName');
    const ref = cell.text('documentRef');
    if (!uscc || !signedOn) return null;
    return { row, uscc, signedOn, document: name || ref ? { name: name ?? ref!, ref: ref ?? name! } : null };
  });
}

/** The energy reviews a sheet states, or each problem with its row and column. */
export function readReviewSheet(header: string[], rows: string[][], today: string, lang: Lang): { rows: ReviewRow[]; problems: RecordRowProblem[] } {
  return readRows(REVIEW_SHEET, header, rows, lang, (cell, row) => {
    const uscc = usccOf(cell, 'uscc');
    const date = day(cell, 'date', today);
    const reviewers = (cell.text('reviewers') ?? '').split(REVIEWER_SEPARATOR).map((s) => s.trim()).filter(Boolean);
    const countText = cell.text('instrumentsReviewed');
    const count = countText !== null && /^\d+$/.test(countText) && Number(countText) <= 10_000_000 ? Number(countText) : undefined;
    if (countText !== null && count === undefined) cell.say('instrumentsReviewed', RECORD_MESSAGES.count[cell.lang]());
    const findings = cell.text('findings');
    if (!uscc || !date || reviewers.length === 0 || count === undefined) return null;
    return { row, uscc, date, reviewers, instrumentsReviewed: count, findings };
  });
}
