import type { Instrument } from '../../src/domain/instrument';
import { isOverdue, recordVerification } from '../../src/domain/instrument-verification';
import { figureRows, figureTotals } from '../../src/domain/instrument-figures';
import { DEFAULT_MINUTES_BY_CLASS, monthSpans, planCells, verifierDays } from '../../src/domain/instrument-planning';
import { qualifiedVerifiers, type VerifierFile } from '../../src/domain/verifier-file';

const now = new Date('2026-08-10T02:00:00Z');
const gauge: Instrument = {
  id: 'i1', enterpriseId: 'e1', cityCode: '210100', instrumentClass: 'pressure_gauge', model: null, serialNo: 'SN1', location: null, use: 'safety', compulsory: true,
  cycleMonths: 6, lastVerifiedOn: '2026-01-31', certificateNo: 'C-0131', nextDueOn: '2026-07-31', status: 'in_use', verifications: [], version: 3, createdAt: now, updatedAt: now,
};
const result = { verifiedOn: '2026-07-20', certificateNo: 'C-0720', outcome: 'verified' as const, requestId: 'r1', requestNumber: '210100-2026-000001' };

describe('a reported verification', () => {
  it('restarts the cycle from its day and records the due day it answered', () => {
    const next = recordVerification(gauge, result, now)!;
    expect(next).toMatchObject({ lastVerifiedOn: '2026-07-20', certificateNo: 'C-0720', nextDueOn: '2027-01-20', version: 4 });
    expect(next.verifications).toEqual([{ ...result, dueOn: '2026-07-31', onTime: true, superseded: false, recordedAt: now }]);
  });

  it('counts a verification after the due day as late', () => {
    expect(recordVerification(gauge, { ...result, verifiedOn: '2026-08-02' }, now)!.verifications[0]).toMatchObject({ onTime: false, dueOn: '2026-07-31' });
  });

  it('keeps an older verification on record without moving the dates back', () => {
    const next = recordVerification(gauge, { ...result, verifiedOn: '2025-12-01', certificateNo: 'OLD' }, now)!;
    expect(next).toMatchObject({ lastVerifiedOn: '2026-01-31', certificateNo: 'C-0131', nextDueOn: '2026-07-31' });
    expect(next.verifications[0]).toMatchObject({ superseded: true, certificateNo: 'OLD' });
  });

  it('changes nothing when the same request reports the same verification again', () => {
    const once = recordVerification(gauge, result, now)!;
    expect(recordVerification(once, result, now)).toBeNull();
    expect(recordVerification(once, { ...result, requestId: 'r2' }, now)).not.toBeNull();
  });

  it('marks only in-use instruments past their due day as overdue', () => {
    expect(isOverdue(gauge, '2026-08-01')).toBe(true);
    expect(isOverdue(gauge, '2026-07-31')).toBe(false);
    expect(isOverdue({ ...gauge, status: 'out_of_service' }, '2026-08-01')).toBe(false);
  });
});

describe('figures', () => {
  it('adds counts by city and class and totals them', () => {
    const rows = figureRows([
      { cityCode: '210200', instrumentClass: 'gas_alarm', field: 'registered', n: 2 },
      { cityCode: '210100', instrumentClass: 'pressure_gauge', field: 'registered', n: 5 },
      { cityCode: '210100', instrumentClass: 'pressure_gauge', field: 'registered', n: 1 },
      { cityCode: '210100', instrumentClass: 'pressure_gauge', field: 'overdueCompulsory', n: 1 },
    ]);
    expect(rows.map((r) => [r.cityCode, r.instrumentClass, r.registered, r.overdueCompulsory])).toEqual([['210100', 'pressure_gauge', 6, 1], ['210200', 'gas_alarm', 2, 0]]);
    expect(figureTotals(rows)).toMatchObject({ registered: 8, overdueCompulsory: 1, verifiedLate: 0 });
  });
});

describe('planning', () => {
  const settings = { minutesByClass: DEFAULT_MINUTES_BY_CLASS, verifierDayMinutes: 360 };

  it('spans calendar months across a year end, with their last days', () => {
    expect(monthSpans('2026-11', 3)).toEqual([
      { month: '2026-11', first: '2026-11-01', last: '2026-11-30' },
      { month: '2026-12', first: '2026-12-01', last: '2026-12-31' },
      { month: '2027-01', first: '2027-01-01', last: '2027-01-31' },
    ]);
    expect(monthSpans('2028-02', 1)[0]!.last).toBe('2028-02-29');
  });

  it('turns instruments into verifier-days, never rounding a need down to none', () => {
    expect(verifierDays(settings, 'pressure_gauge', 36)).toBe(2);
    expect(verifierDays(settings, 'pressure_gauge', 1)).toBe(0.1);
    expect(verifierDays(settings, 'flow_meter', 5)).toBe(1.3);
    expect(verifierDays(settings, 'flow_meter', 0)).toBe(0);
  });

  it('sums a city-month over its classes in their fixed order', () => {
    const cells = planCells(settings, [
      { cityCode: '210100', month: '2026-09', instrumentClass: 'gas_alarm', n: 12 },
      { cityCode: '210100', month: '2026-09', instrumentClass: 'pressure_gauge', n: 36 },
      { cityCode: '210100', month: '2026-08', instrumentClass: 'flow_meter', n: 4 },
    ], () => 2);
    expect(cells.map((c) => [c.month, c.instruments, c.verifierDays])).toEqual([['2026-08', 4, 1], ['2026-09', 48, 3]]);
    expect(cells[1]!.classes.map((c) => c.instrumentClass)).toEqual(['pressure_gauge', 'gas_alarm']);
  });

  it("counts the city's people whose verifier file covers the class the whole month", () => {
    const span = monthSpans('2026-09', 1)[0]!;
    const f = (over: Partial<VerifierFile>): VerifierFile => ({ fileId: Math.random().toString(36), version: 1, personKey: 'p1', cityCode: '210100', type: 'verifier', scope: ['pressure_gauge'], issuedOn: '2025-01-01', expiresOn: '2027-01-01', status: 'valid', ...over });
    const files = [
      f({}), f({ scope: ['Pressure_Gauge ', 'gas_alarm'] }), // one person, two files
      f({ personKey: 'p2', status: 'expiring' }),
      f({ personKey: 'p3', expiresOn: '2026-09-15' }),
      f({ personKey: 'p4', status: 'suspended' }),
      f({ personKey: 'p5', type: 'inspector' }),
      f({ personKey: 'p6', cityCode: '210200' }),
      f({ personKey: 'p7', scope: ['gas_alarm'] }),
      f({ personKey: 'p8', scope: ['压力表', '流量计'] }),
      f({ personKey: 'p9', scope: ['pressure gauge'] }),
    ];
    expect(qualifiedVerifiers(files, '210100', 'pressure_gauge', span)).toBe(4);
    expect(qualifiedVerifiers(files, '210100', 'flow_meter', span)).toBe(1);
    expect(qualifiedVerifiers(files, '210100', 'gas_alarm', span)).toBe(2);
  });
});
