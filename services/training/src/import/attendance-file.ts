import { parse } from 'csv-parse/sync';
import { DomainError, ValidationError } from '@metrodesk/errors';
import { checkGrid, readFirstSheet } from '@metrodesk/tables';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class UnsupportedMediaError extends DomainError {
  constructor(given: string | undefined) {
    super('unsupported_media_type', 415, `Send the attendance sheet as ${CSV_TYPE} or ${XLSX_TYPE}${given ? `, not ${given}` : ''}.`);
  }
}

/** Reads an uploaded sheet into rows of text cells, header first. */
export async function readSheet(contentType: string | undefined, body: Buffer): Promise<string[][]> {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === CSV_TYPE) return readCsv(body);
  if (type === XLSX_TYPE) return readFirstSheet(body);
  throw new UnsupportedMediaError(type);
}

function readCsv(body: Buffer): string[][] {
  try {
    // Excel saves CSV with a BOM; rows may be ragged when trailing cells are empty. Empty lines
    // are kept (and skipped later) so reported row numbers are the file's line numbers.
    const rows = parse(body, { bom: true, relax_column_count: true, trim: true }) as string[][];
    checkGrid(rows);
    return rows;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new ValidationError([{ path: '(file)', message: `not readable as CSV: ${(err as Error).message}` }]);
  }
}
