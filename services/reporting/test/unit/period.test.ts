import fc from 'fast-check';
import { addDays, alignedOf, dayOf, decompose, monthsOf, parsePeriod } from '../../src/domain/period';

describe('periods', () => {
  it('puts an instant on its Asia/Shanghai day', () => {
    expect(dayOf('2025-03-31T15:59:59Z')).toBe('2025-03-31');
    expect(dayOf('2025-03-31T16:00:00Z')).toBe('2025-04-01');
    expect(dayOf('2025-01-01T00:00:00+08:00')).toBe('2025-01-01');
  });

  it('parses years, quarters, months, days and ranges, naming the bad field', () => {
    expect(parsePeriod({ period: '2024' })).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(parsePeriod({ period: '2024-Q1' })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(parsePeriod({ period: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriod({ period: '2025-02-28' })).toEqual({ from: '2025-02-28', to: '2025-02-28' });
    expect(parsePeriod({ from: '2025-01-10', to: '2025-02-15' })).toEqual({ from: '2025-01-10', to: '2025-02-15' });
    const fieldOf = (q: Record<string, string>) => {
      try {
        parsePeriod(q);
        return null;
      } catch (err) {
        return (err as { fields: { path: string }[] }).fields[0]!.path;
      }
    };
    expect(fieldOf({ period: '2025-13' })).toBe('query.period');
    expect(fieldOf({ period: '2025-02-30' })).toBe('query.period');
    expect(fieldOf({ from: '2025-01-01' })).toBe('query.to');
    expect(fieldOf({ from: '2025-02-01', to: '2025-01-01' })).toBe('query.to');
    expect(fieldOf({ period: '2025', from: '2025-01-01', to: '2025-01-02' })).toBe('query.period');
  });

  it('tiles a range with the fewest aligned periods', () => {
    expect(decompose({ from: '2025-01-01', to: '2025-12-31' }).map((p) => p.key)).toEqual(['Y2025']);
    expect(decompose({ from: '2024-12-30', to: '2025-04-02' }).map((p) => p.key)).toEqual(['D2024-12-30', 'D2024-12-31', 'Q2025-1', 'D2025-04-01', 'D2025-04-02']);
    expect(decompose({ from: '2025-02-01', to: '2025-05-31' }).map((p) => p.key)).toEqual(['M2025-02', 'M2025-03', 'M2025-04', 'M2025-05']);
    expect(alignedOf({ from: '2025-04-01', to: '2025-06-30' })?.key).toBe('Q2025-2');
    expect(alignedOf({ from: '2025-04-01', to: '2025-06-29' })).toBeNull();
  });

  it('covers every day of any range exactly once', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (from, len) => {
        const to = addDays(from, len);
        const parts = decompose({ from, to });
        let d = from;
        for (const p of parts) {
          if (p.from !== d) return false;
          d = addDays(p.to, 1);
        }
        const months = monthsOf({ from, to });
        return d === addDays(to, 1) && months[0]!.from === from && months[months.length - 1]!.to === to;
      }),
      { numRuns: 500 },
    );
  });
});
