import { ValidationError } from '@metrodesk/errors';
import { readSheet } from '../../src/domain/instrument-import';
import { dueKeysUpTo } from '../../src/persistence/instrument.model';
import { dueEventId, scanUntil } from '../../src/domain/instrument-due';
import { addMonths, applyChange, deriveInstrument, type Instrument, type InstrumentFields } from '../../src/domain/instrument';

const fields = (over: Partial<InstrumentFields> = {}): InstrumentFields => ({
  instrumentClass: 'pressure_gauge', model: 'Y-100', serialNo: 'SN-1', location: '锅炉房', use: 'process_control', compulsory: null,
  cycleMonths: 6, lastVerifiedOn: '2026-01-31', certificateNo: null, status: 'in_use', ...over,
});

const fieldsOfError = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as ValidationError).fields.map((f) => f.path);
  }
  throw new Error('expected a validation error');
};

describe('instrument due days', () => {
  it('adds the cycle in months, a missing day becoming the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('derives the next due day and the compulsory mark from the use', () => {
    expect(deriveInstrument(fields(), '2026-06-01')).toEqual({ compulsory: false, nextDueOn: '2026-07-31' });
    expect(deriveInstrument(fields({ use: 'safety' }), '2026-06-01').compulsory).toBe(true);
    expect(deriveInstrument(fields({ compulsory: true }), '2026-06-01').compulsory).toBe(true);
  });

  it('refuses not-compulsory for a compulsory use and a future verification, naming both fields', () => {
    expect(fieldsOfError(() => deriveInstrument(fields({ use: 'trade_settlement', compulsory: false, lastVerifiedOn: '2026-06-02' }), '2026-06-01'))).toEqual(['compulsory', 'lastVerifiedOn']);
  });
});

describe('instrument changes', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const current: Instrument = { ...fields({ use: 'safety' }), compulsory: true, nextDueOn: '2026-07-31', id: 'i1', enterpriseId: 'e1', cityCode: '210100', verifications: [], version: 1, createdAt: now, updatedAt: now };

  it('drops the compulsory mark with a compulsory use unless asked to keep it', () => {
    expect(applyChange(current, { use: 'process_control' }, '2026-06-01', now)).toMatchObject({ compulsory: false, version: 2 });
    expect(applyChange(current, { use: 'process_control', compulsory: true }, '2026-06-01', now).compulsory).toBe(true);
  });

  it('recomputes the due day from a new verification', () => {
    expect(applyChange(current, { lastVerifiedOn: '2026-05-20', certificateNo: 'JD-2026-1' }, '2026-06-01', now)).toMatchObject({ nextDueOn: '2026-11-20', certificateNo: 'JD-2026-1' });
  });

  it('keeps a scrapped instrument scrapped', () => {
    const scrapped = applyChange(current, { status: 'scrapped' }, '2026-06-01', now);
    expect(fieldsOfError(() => applyChange(scrapped, { status: 'in_use' }, '2026-06-01', now))).toEqual(['status']);
  });
});

describe('instrument sheet rows', () => {
  const header = ['Instrument class', '出厂编号', 'use', '检定周期（月）', 'Last verified on', 'unknown column'];
  it('reads headings of either language and Excel day counts as days', () => {
    const read = readSheet(header, [['燃气报警器', '007', 'Safety protection', '12', '46096', 'x'], ['', '', '', '', '', '']], [], '2026-06-01', 'en');
    expect(read.problems).toEqual([]);
    expect(read.rows).toEqual([{ row: 2, fields: expect.objectContaining({ instrumentClass: 'gas_alarm', serialNo: '007', use: 'safety', cycleMonths: 12, lastVerifiedOn: '2026-03-15', compulsory: null, status: 'in_use' }) }]);
  });
});

describe('falling due', () => {
  const settings = { defaultDays: 30, byClass: { gas_alarm: 60 } };
  it('reads up to the longest horizon and names each enterprise-day with one stable id', () => {
    expect(scanUntil(settings, '2026-06-01')).toBe('2026-07-31');
    expect(dueEventId({ enterpriseId: 'e1', runDate: '2026-06-01' })).toBe(dueEventId({ enterpriseId: 'e1', runDate: '2026-06-01' }));
    expect(dueEventId({ enterpriseId: 'e1', runDate: '2026-06-01' })).not.toBe(dueEventId({ enterpriseId: 'e1', runDate: '2026-06-02' }));
    expect(dueEventId({ enterpriseId: 'e1', runDate: '2026-06-01' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('the due look-ups of the scan', () => {
  it('name every due day from 1900 up to the day exactly once, and none after it', () => {
    const keys = dueKeysUpTo('2026-03-02');
    const covers = (day: string) => keys.filter((k) => ('dueYear' in k && k.dueYear === day.slice(0, 4)) || ('dueMonth' in k && k.dueMonth === day.slice(0, 7)) || ('nextDueOn' in k && k.nextDueOn === day)).length;
    for (const day of ['1900-02-28', '1999-12-31', '2025-12-31', '2026-01-01', '2026-02-28', '2026-03-01', '2026-03-02']) expect(covers(day)).toBe(1);
    for (const day of ['2026-03-03', '2026-04-01', '2027-01-01']) expect(covers(day)).toBe(0);
    expect(keys).toHaveLength(126 + 2 + 2);
  });
});
