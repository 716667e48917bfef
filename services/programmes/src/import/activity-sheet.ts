import ExcelJS from 'exceljs';
import { DomainError } from '@metrodesk/errors';
import { readFirstSheet } from '@metrodesk/tables';
import type { ExportTable } from '../use-cases/export-activities';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class UnsupportedMediaError extends DomainError {
  constructor(given: string | undefined) {
    super('unsupported_media_type', 415, `Send the activity sheet as ${XLSX_TYPE}${given ? `, not ${given}` : ''}.`);
  }
}

/** Reads the first sheet of an uploaded workbook into rows of text cells, header first. */
export async function readSheet(contentType: string | undefined, body: Buffer): Promise<string[][]> {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== XLSX_TYPE) throw new UnsupportedMediaError(type);
  return readFirstSheet(body);
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
