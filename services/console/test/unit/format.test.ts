import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime, formatDuration, formatNumber, formatPercent, monthStartIso, todayIso, daysUntil } from '../../src/lib/format';

const H = 3600_000;

describe('formatDuration', () => {
  it('shows the two largest units in each language', () => {
    expect(formatDuration(2 * 24 * H + 3 * H + 5 * 60_000, 'zh-CN')).toBe('2 天 3 小时');
    expect(formatDuration(2 * 24 * H + 3 * H, 'en')).toBe('2 d 3 h');
    expect(formatDuration(5 * H + 7 * 60_000 + 9_000, 'en')).toBe('5 h 7 min');
    expect(formatDuration(7 * 60_000 + 9_000, 'zh-CN')).toBe('7 分 9 秒');
    expect(formatDuration(42_000, 'en')).toBe('0 min 42 s');
  });
  it('uses the magnitude for overdue (negative) times', () => {
    expect(formatDuration(-90 * 60_000, 'en')).toBe('1 h 30 min');
  });
});

describe('dates in the bureau zone (Asia/Shanghai)', () => {
  it('formats an instant as the local wall time', () => {
    expect(formatDateTime('2026-03-01T16:30:00Z', 'en')).toContain('00:30');
    expect(formatDateTime('2026-03-01T16:30:00Z', 'zh-CN')).toMatch(/2026.03.02/);
    expect(formatDate('2026-03-01T16:30:00Z', 'en')).toBe('2026-03-02');
    expect(formatDate('2026-03-05', 'zh-CN')).toBe('2026-03-05');
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
  it('knows today and month starts by the Shanghai calendar', () => {
    expect(todayIso(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
    expect(monthStartIso(new Date('2026-03-15T00:00:00Z'), 0)).toBe('2026-03-01');
    expect(monthStartIso(new Date('2026-03-15T00:00:00Z'), 5)).toBe('2025-10-01');
    expect(monthStartIso(new Date('2026-01-15T00:00:00Z'), 12)).toBe('2025-01-01');
  });
});

describe('numbers', () => {
  it('formats rates, counts and sizes', () => {
    expect(formatPercent(98.456)).toBe('98.5%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatNumber(1718, 'en')).toBe('1,718');
    expect(formatNumber(undefined, 'zh-CN')).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});

describe('days until a date', () => {
  it('counts whole calendar days, negative once passed', () => {
    const now = new Date(2026, 2, 2, 23, 30);
    expect(daysUntil('2026-04-01', now)).toBe(30);
    expect(daysUntil('2026-03-02', now)).toBe(0);
    expect(daysUntil('2026-03-01', now)).toBe(-1);
  });
});
