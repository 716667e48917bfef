import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { ValidationError } from '@metrodesk/errors';
import { checkGrid, guardXlsx, toCsv, type SheetLimits } from '@metrodesk/tables';

export const TABLE_FORMATS = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type TableFormat = keyof typeof TABLE_FORMATS;

export interface Table {
  header: string[];
  rows: string[][];
}

/** A cell as the text a person typed: dates as YYYY-MM-DD, formulas by their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

/** Reads an uploaded table within the limits; call it only once the caller may import. */
export async function readTable(body: Buffer, format: TableFormat, limits?: SheetLimits): Promise<Table> {
  let grid: string[][];
  if (format === 'xlsx') guardXlsx(body, limits);
  try {
    if (format === 'csv') {
      grid = parse(body, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    } else {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(body as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0];
      grid = [];
      sheet?.eachRow({ includeEmpty: true }, (row, n) => {
        const values = row.values as ExcelJS.CellValue[];
        grid[n - 1] = values.slice(1).map(cellText);
      });
      for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    }
  } catch (err) {
    throw new ValidationError([{ path: '(body)', message: `not a readable ${format.toUpperCase()} file: ${(err as Error).message}` }], 'The file cannot be read.');
  }
  checkGrid(grid, limits);
  const [header, ...rows] = grid;
  if (!header) throw new ValidationError([{ path: '(body)', message: 'the file is empty: it needs a header row' }], 'The file cannot be read.');
  return { header, rows };
}

export async function writeTable(table: Table, format: TableFormat): Promise<Buffer> {
  if (format === 'csv') return toCsv([table.header, ...table.rows]);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('enterprises');
  sheet.addRow(table.header);
  // Every value goes in as text: an 18-digit USCC stored as a number would lose digits.
  sheet.addRows(table.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
