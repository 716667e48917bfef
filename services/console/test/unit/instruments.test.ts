import { describe, expect, it } from 'vitest';
import { dueState, rowProblems } from '../../src/lib/instruments';

describe('instrument due state', () => {
  it('is overdue before today, due soon within 30 days, else not due', () => {
    expect(dueState('2026-05-31', '2026-06-01')).toBe('overdue');
    expect(dueState('2026-06-01', '2026-06-01')).toBe('soon');
    expect(dueState('2026-07-01', '2026-06-01')).toBe('soon');
    expect(dueState('2026-07-02', '2026-06-01')).toBe('ok');
  });

  it('reads the row problems of a refused import only', () => {
    const errors = [{ path: 'rows[3].serialNo', row: 3, field: 'serialNo', column: '出厂编号', message: '必填' }];
    expect(rowProblems({ code: 'import_rejected', errors })).toEqual([errors[0]]);
    expect(rowProblems({ code: 'validation_failed', errors })).toEqual([]);
    expect(rowProblems(undefined)).toEqual([]);
  });
});
