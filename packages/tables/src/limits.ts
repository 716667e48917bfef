import { DomainError } from '@metrodesk/errors';

/** What an uploaded sheet may cost before any parser sees it. */
export interface SheetLimits {
  /** Bytes of all zip entries together once inflated. */
  maxInflatedBytes: number;
  /** Highest row number (the header counts as row 1). */
  maxRows: number;
  /** Highest column number (A = 1). */
  maxColumns: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxInflatedBytes: 16 * 1024 * 1024, maxRows: 20_000, maxColumns: 64 };

export class SheetTooLargeError extends DomainError {
  constructor(limit: keyof SheetLimits, value: number, found?: number) {
    const what = { maxInflatedBytes: 'bytes once unzipped', maxRows: 'rows', maxColumns: 'columns' }[limit];
    super('sheet_too_large', 413, `The sheet is over the limit of ${value} ${what}${found !== undefined ? ` (it has ${found})` : ''}; split it into smaller files.`, {
      limit,
      max: value,
      errors: [{ path: '(file)', message: `more than ${value} ${what}` }],
    });
  }
}

export class UnreadableSheetError extends DomainError {
  constructor(reason: string) {
    super('validation_failed', 400, 'The file cannot be read.', { errors: [{ path: '(file)', message: reason }] });
  }
}

/** Rows of a parsed text table, refused past the row and column limits. */
export function checkGrid(grid: readonly (readonly unknown[])[], limits: SheetLimits = DEFAULT_SHEET_LIMITS): void {
  if (grid.length > limits.maxRows) throw new SheetTooLargeError('maxRows', limits.maxRows, grid.length);
  for (const row of grid) if (row.length > limits.maxColumns) throw new SheetTooLargeError('maxColumns', limits.maxColumns, row.length);
}
