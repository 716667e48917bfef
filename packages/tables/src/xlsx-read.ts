import ExcelJS from 'exceljs';
import { ValidationError } from '@metrodesk/errors';
import { checkGrid, DEFAULT_SHEET_LIMITS, type SheetLimits } from './limits';
import { guardXlsx } from './xlsx-guard';

/** A cell as the text a person sees: dates as YYYY-MM-DD whatever Excel stored, formulas by their result. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  // Dates typed as dates in Excel arrive as Date objects at UTC midnight.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/**
 * The first sheet of an uploaded workbook as rows of text cells, header first, within the limits.
 * Empty rows stay, so a row's place is its row number in the sheet.
 */
export async function readFirstSheet(body: Buffer, limits: SheetLimits = DEFAULT_SHEET_LIMITS): Promise<string[][]> {
  guardXlsx(body, limits);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(body as unknown as ArrayBuffer);
  } catch (err) {
    throw new ValidationError([{ path: '(file)', message: `not readable as XLSX: ${(err as Error).message}` }]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  // Each row reads only its own cells: the sheet's columnCount walks every row, once per cell it was asked for.
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  });
  checkGrid(rows, limits);
  return rows;
}
