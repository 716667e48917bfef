import { describe, expect, it } from 'vitest';
import { fromLines, toLines } from '../../src/screens/admin/sla';

describe('the year form of the SLA page', () => {
  it('reads one day a line with the zh-CN name and an optional English name', () => {
    expect(fromLines("2027-01-01 元旦 / New Year's Day\n\n  2027-02-06 春节\n2027-02-07")).toEqual([
      { date: '2027-01-01', name: '元旦', nameEn: "New Year's Day" },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07' },
    ]);
  });

  it('writes what it reads', () => {
    const days = [{ date: '2026-10-01', name: '国庆节', nameEn: 'National Day' }, { date: '2026-10-10', name: '国庆节调休上班', nameEn: 'make-up working day (National Day)' }, { date: '2026-12-31' }];
    expect(fromLines(toLines(days))).toEqual(days);
  });
});
