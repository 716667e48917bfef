import { ValidationError } from '@metrodesk/errors';

export type RowStatus = 'created' | 'updated' | 'unchanged' | 'failed';

/** What an import did, row by row and in sum; each of a service's reports adds its own key. */
export interface ImportTally<R extends { row: number; status: RowStatus }> {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rows: R[];
}

export const emptyTally = <R extends { row: number; status: RowStatus }>(): ImportTally<R> => ({ total: 0, created: 0, updated: 0, unchanged: 0, failed: 0, rows: [] });

/** Reports one row's outcome and counts it. */
export function tallyRow<R extends { row: number; status: RowStatus }>(tally: ImportTally<R>, r: R): void {
  tally.rows.push(r);
  tally[r.status] += 1;
  tally.total += 1;
}

export interface DataRow {
  /** The row's number in the file, the header being row 1. */
  row: number;
  cells: string[];
}

/**
 * The data rows of an imported table (header row first), blank rows left out, once the header
 * names every column `mapHeader` needs. An empty file, or one missing a column, is refused whole
 * naming what is wrong; `maxRows` refuses a file with more data rows than that.
 */
export function dataRows<C>(table: string[][], mapHeader: (header: string[]) => { columns: C; missing: string[] }, maxRows?: number): { columns: C; rows: DataRow[] } {
  const [header, ...rows] = table;
  if (!header) throw new ValidationError([{ path: '(file)', message: 'the file has no rows' }]);
  if (maxRows !== undefined && rows.length > maxRows) throw new ValidationError([{ path: '(file)', message: `has ${rows.length} rows; at most ${maxRows} per import` }]);
  const { columns, missing } = mapHeader(header);
  if (missing.length > 0) throw new ValidationError(missing.map((m) => ({ path: `header.${m}`, message: `column ${m} is missing` })));
  return { columns, rows: rows.flatMap((cells, i) => (cells.every((c) => c.trim() === '') ? [] : [{ row: i + 2, cells }])) };
}
