import ExcelJS from 'exceljs';
import type { FigureField } from '../domain/instrument-figures';
import { CLASS_WORDS, type Lang } from '../domain/instrument-words';
import { regionNames, type RegionData } from '@metrodesk/codes';
import type { InstrumentFigures } from '../use-cases/instrument-figures';

const FIELD_WORDS: Record<FigureField, Record<Lang, string>> = {
  registered: { 'zh-CN': '在册器具', en: 'Registered' },
  dueSoon: { 'zh-CN': '即将到期', en: 'Due soon' },
  overdue: { 'zh-CN': '逾期（全部）', en: 'Overdue (all)' },
  overdueCompulsory: { 'zh-CN': '逾期（强检）', en: 'Overdue (compulsory)' },
  verifiedOnTime: { 'zh-CN': '按期检定', en: 'Verified on time' },
  verifiedLate: { 'zh-CN': '超期检定', en: 'Verified late' },
};
const FIELDS = Object.keys(FIELD_WORDS) as FigureField[];

/** The figures as a sheet people read: city and class names, headings in their language, a totals row. */
export async function instrumentFiguresSheet(f: InstrumentFigures, regions: RegionData, lang: Lang): Promise<Buffer> {
  const zh = lang === 'zh-CN';
  const name = regionNames(regions);
  const cityName = (code: string) => name(code, lang);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(zh ? '计量器具统计' : 'Instrument figures');
  sheet.addRow([zh ? `检定统计期间 ${f.from} 至 ${f.to}；即将到期指 ${f.dueWithinDays} 天内；截至 ${f.today}` : `Verifications from ${f.from} to ${f.to}; due soon means within ${f.dueWithinDays} days; as of ${f.today}`]);
  sheet.addRow([zh ? '城市' : 'City', zh ? '器具类别' : 'Instrument class', ...FIELDS.map((k) => FIELD_WORDS[k][lang])]);
  sheet.getRow(2).font = { bold: true };
  for (const r of f.rows) sheet.addRow([cityName(r.cityCode), CLASS_WORDS[r.instrumentClass][lang], ...FIELDS.map((k) => r[k])]);
  const total = sheet.addRow([zh ? '合计' : 'Total', '', ...FIELDS.map((k) => f.totals[k])]);
  total.font = { bold: true };
  sheet.columns.forEach((col) => (col.width = 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
