import ExcelJS from 'exceljs';
import { DomainError, ValidationError } from '@metrodesk/errors';
import type { ExportTable } from '../use-cases/export-activities';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class UnsupportedMediaError extends DomainError {
  constructor(given: string | undefined) {
    super('unsupported_media_type', 415, `Send the activity sheet as ${XLSX_TYPE}${given ? `, not ${given}` : ''}.`);
  }
}

/** A cell as the text a person sees; dates as YYYY-MM-DD whatever Excel stored. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return cell.text ?? '';
}

/** Reads the first sheet of an uploaded workbook into rows of text cells, header first. */
export async function readSheet(contentType: string | undefined, body: Buffer): Promise<string[][]> {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== XLSX_TYPE) throw new UnsupportedMediaError(type);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(body as unknown as ArrayBuffer);
  } catch (err) {
    throw new ValidationError([{ path: '(file)', message: `not readable as XLSX: ${(err as Error).message}` }]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c)));
    rows.push(cells);
  });
  return rows;
}

/** The table as a workbook with one sheet, headings bold and frozen. */
export async function writeSheet(table: ExportTable, sheetName: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.headings).font = { bold: true };
  for (const r of table.rows) sheet.addRow(r);
  sheet.columns.forEach((col, i) => {
    col.width = Math.min(40, Math.max(10, (table.headings[i]?.length ?? 8) * 2));
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
