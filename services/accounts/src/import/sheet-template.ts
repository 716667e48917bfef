import ExcelJS from 'exceljs';
import type { SheetSpec } from '../domain/sheet-spec';
import { YES_NO, type Lang } from '../domain/instrument-words';

/**
 * The workbook people fill in for an import: the sheet's headings in the reader's language and
 * a guide sheet saying, for each column, whether it must be filled and what to enter.
 */
export function templateBook<C extends string>(spec: SheetSpec<C>, title: string, lang: Lang): { wb: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const zh = lang === 'zh-CN';
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(title);
  sheet.addRow(spec.columns.map((c) => spec.words[c][lang]));
  sheet.getRow(1).font = { bold: true };
  const guide = wb.addWorksheet(zh ? '填写说明' : 'Guide');
  guide.addRow(zh ? ['列', '必填', '填写'] : ['Column', 'Required', 'What to enter']);
  guide.getRow(1).font = { bold: true };
  for (const c of spec.columns) guide.addRow([spec.words[c][lang], YES_NO[spec.required.includes(c) ? 'yes' : 'no'][lang], spec.help[c][lang]]);
  guide.getColumn(1).width = 20;
  guide.getColumn(3).width = 90;
  return { wb, sheet };
}
