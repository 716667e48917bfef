import { REQUEST_NUMBER, formatNumber, looksLikeNumber, numberSeries, numberYear } from '../../src/domain/number';

describe('request numbers', () => {
  it('counts the year in Asia/Shanghai, where the bureau works', () => {
    // 16:30 UTC on New Year's Eve is already 00:30 on 1 January in Shenyang.
    expect(numberYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(numberYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });

  it('is the city code, the year and a zero-padded counter, longer once a city passes a million in a year', () => {
    expect(numberSeries('210100', 2026)).toBe('210100-2026');
    expect(formatNumber('210100', 2026, 123)).toBe('210100-2026-000123');
    expect(formatNumber('210100', 2026, 1234567)).toBe('210100-2026-1234567');
    expect(REQUEST_NUMBER.test(formatNumber('211400', 2027, 1))).toBe(true);
  });

  it('reads digits and dashes as the beginning of a number, anything else as a keyword', () => {
    expect(looksLikeNumber('210100-2026-0001')).toBe(true);
    expect(looksLikeNumber('2101')).toBe(true);
    expect(looksLikeNumber(' 210100-')).toBe(true);
    expect(looksLikeNumber('沈阳燃气')).toBe(false);
    expect(looksLikeNumber('-2026')).toBe(false);
    expect(looksLikeNumber('54 gas alarms')).toBe(false);
  });
});
