import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ValidationError } from '@metrodesk/errors';
import { checkGrid, guardXlsx } from '@metrodesk/tables';
import { mapHeaders } from '../domain/import-row';

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = Record<string, string | undefined>;

function toRows(header: string[], body: string[][]): Row[] {
  const fields = mapHeaders(header);
  if (!fields.includes('idNumber') || !fields.includes('certificateNo')) {
    throw new ValidationError([{ path: '(body)', message: 'the first row must be a header naming at least idNumber (身份证号) and certificateNo (证书编号)' }]);
  }
  return body.map((cells) => {
    const row: Row = {};
    fields.forEach((f, i) => {
      if (f) row[f] = cells[i];
    });
    return row;
  });
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  // Dates typed as dates in Excel arrive as Date objects at UTC midnight.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** Rows of an uploaded sheet as field-name records, the header row mapped to field names. */
export async function parseSheet(body: Buffer, contentType: string): Promise<Row[]> {
  if (contentType === CSV) {
    let records: string[][];
    try {
      records = parse(body.toString('utf8').replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true });
    } catch (err) {
      throw new ValidationError([{ path: '(body)', message: `not a readable CSV file: ${(err as Error).message}` }]);
    }
    checkGrid(records);
    const [header, ...rest] = records;
    return header ? toRows(header, rest) : [];
  }
  guardXlsx(body);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError([{ path: '(body)', message: 'not a readable XLSX workbook' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    lines.push(cells);
  });
  const [header, ...rest] = lines;
  return header ? toRows(header, rest) : [];
}
