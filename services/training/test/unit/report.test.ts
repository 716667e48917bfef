import fc from 'fast-check';
import { trainedReport, GROUP_BY, type TrainedFact } from '../../src/domain/report';
import { certificateNumber, CERTIFICATE_NO } from '../../src/domain/certificate';
import { canSeeIdNumber } from '../../src/domain/visibility';

const fact = fc.record({
  cityCode: fc.constantFrom('210100', '210200'),
  sessionEndDate: fc.constantFrom('2026-01-15', '2026-02-03', '2026-02-28'),
  employerUscc: fc.constantFrom('U1', 'U2', 'U3'),
  courseCode: fc.constantFrom('JL101', 'NY201'),
  personKey: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
  hours: fc.constantFrom(0, 4, 8, 16),
  result: fc.constantFrom('pass' as const, 'fail' as const, 'absent' as const, 'pending' as const),
});

describe('people trained', () => {
  it('counts a person once per group however often they attended, and skips those with no hours', () => {
    const facts: TrainedFact[] = [
      { cityCode: '210100', sessionEndDate: '2026-01-15', employerUscc: 'U1', courseCode: 'JL101', personKey: 'p1', hours: 16, result: 'pass' },
      { cityCode: '210100', sessionEndDate: '2026-02-03', employerUscc: 'U1', courseCode: 'NY201', personKey: 'p1', hours: 8, result: 'fail' },
      { cityCode: '210200', sessionEndDate: '2026-02-03', employerUscc: 'U2', courseCode: 'JL101', personKey: 'p2', hours: 16, result: 'pass' },
      { cityCode: '210200', sessionEndDate: '2026-02-03', employerUscc: 'U2', courseCode: 'JL101', personKey: 'p3', hours: 0, result: 'absent' },
    ];
    expect(trainedReport(facts, 'city')).toEqual({
      rows: [
        { key: '210100', people: 1, attendances: 2, passed: 1, hours: 24 },
        { key: '210200', people: 1, attendances: 1, passed: 1, hours: 16 },
      ],
      total: { key: 'total', people: 2, attendances: 3, passed: 2, hours: 40 },
    });
    expect(trainedReport(facts, 'month').rows.map((r) => [r.key, r.people])).toEqual([['2026-01', 1], ['2026-02', 2]]);
  });

  it('keeps the totals whatever the grouping, and never counts more people than attendances', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 60 }), fc.constantFrom(...GROUP_BY), (facts, groupBy) => {
        const { rows, total } = trainedReport(facts, groupBy);
        const sum = (k: 'attendances' | 'passed' | 'hours') => rows.reduce((s, r) => s + r[k], 0);
        return sum('attendances') === total.attendances && sum('passed') === total.passed && sum('hours') === total.hours && rows.every((r) => r.people <= r.attendances && r.people <= total.people);
      }),
    );
  });
});

describe('certificate numbers and ID visibility', () => {
  it('follows the documented pattern', () => {
    const no = certificateNumber({ prefix: 'LN', cityCode: '210100', year: '2026', courseCode: 'JL101' }, 42);
    expect(no).toBe('LN-210100-2026-JL101-00042');
    expect(no).toMatch(CERTIFICATE_NO);
    expect(certificateNumber({ prefix: 'LN', cityCode: '210100', year: '2026', courseCode: 'JL101' }, 123456)).toMatch(CERTIFICATE_NO);
  });

  it('shows full ID numbers to the province and the organising city manager only', () => {
    const who = (role: 'admin' | 'province_manager' | 'city_manager' | 'liaison' | 'enterprise' | 'service', cityCode?: string) => ({ userId: 'u', role, cityCode, exp: 0 });
    expect(canSeeIdNumber(who('admin'), '210100')).toBe(true);
    expect(canSeeIdNumber(who('province_manager'), '210100')).toBe(true);
    expect(canSeeIdNumber(who('city_manager', '210100'), '210100')).toBe(true);
    expect(canSeeIdNumber(who('city_manager', '210200'), '210100')).toBe(false);
    expect(canSeeIdNumber(who('liaison', '210100'), '210100')).toBe(false);
    expect(canSeeIdNumber(who('service'), '210100')).toBe(false);
  });
});
