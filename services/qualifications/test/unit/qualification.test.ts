import fc from 'fast-check';
import { addDays, dateIn, isDate } from '../../src/domain/dates';
import { assertAllowed, cityOf, countPeopleAndUnits, expiryTransition, statusByDate, type QualificationStatus } from '../../src/domain/qualification';
import { mapHeaders, parseImportRow } from '../../src/domain/import-row';

const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('dates', () => {
  it('knows real dates and adds days across months and leap years', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2025-1-01')).toBe(false);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 90)).toBe('2026-03-31');
  });

  it("takes the bureau's today in Asia/Shanghai", () => {
    expect(dateIn(new Date('2026-03-01T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(dateIn(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
  });
});

describe('status by date and the expiry transition', () => {
  it('is valid beyond the window, expiring within it (inclusive), expired the day after expiry', () => {
    expect(statusByDate('2026-04-02', '2026-01-01', 90)).toBe('valid');
    expect(statusByDate('2026-04-01', '2026-01-01', 90)).toBe('expiring');
    expect(statusByDate('2026-01-02', '2026-01-02', 90)).toBe('expiring');
    expect(statusByDate('2026-01-01', '2026-01-02', 90)).toBe('expired');
  });

  it('only ever moves forward, never touches revoked or suspended files, and settles after one step per state', () => {
    const statuses: QualificationStatus[] = ['valid', 'expiring', 'expired', 'revoked', 'suspended'];
    fc.assert(
      fc.property(fc.constantFrom(...statuses), day, day, (status, expiresOn, today) => {
        const to = expiryTransition(status, expiresOn, today, 90);
        if (status === 'revoked' || status === 'suspended' || status === 'expired') return to === null;
        if (to === null) return true;
        const order = { valid: 0, expiring: 1, expired: 2 } as const;
        // Running the sweep again on the same day changes nothing more: each change happens once.
        return order[to] > order[status] && expiryTransition(to, expiresOn, today, 90) === null;
      }),
      { numRuns: 3000 },
    );
  });

  it('allows manual changes only from the right statuses', () => {
    expect(() => assertAllowed('renewed', { id: 'f', status: 'revoked' })).toThrow(/cannot be renewed/);
    expect(() => assertAllowed('reinstated', { id: 'f', status: 'valid' })).toThrow(/allowed from: suspended/);
    expect(() => assertAllowed('revoked', { id: 'f', status: 'expired' })).not.toThrow();
  });
});

describe('counting and places', () => {
  it('counts distinct people and units ("238 people from 17 units")', () => {
    const f = (personKey: string, uscc: string) => ({ personKey, employer: { uscc, name: uscc } });
    expect(countPeopleAndUnits([f('p1', 'A'), f('p1', 'A'), f('p2', 'A'), f('p1', 'B')])).toEqual({
      files: 4,
      people: 2,
      units: 2,
      byUnit: [
        { uscc: 'A', name: 'A', people: 2, files: 3 },
        { uscc: 'B', name: 'B', people: 1, files: 1 },
      ],
    });
  });

  it("places a file in its employer's city unless told otherwise", () => {
    expect(cityOf('91210102MA0XXXXXX1')).toBe('210100');
    expect(cityOf('91210102MA0XXXXXX1', '210200')).toBe('210200');
  });
});

describe('import rows', () => {
  it('maps English and Chinese headers and splits scope', () => {
    expect(mapHeaders(['姓名', 'IDNUMBER', '证书编号', 'unknown'])).toEqual(['name', 'idNumber', 'certificateNo', null]);
    const r = parseImportRow({ name: '甲', idNumber: 'x', type: 't', scope: '压力表；温度计、 流量计', certificateNo: 'c', issuingAuthority: 'a', issuedOn: '2025-01-01', expiresOn: '2029-01-01', employerUscc: '91210102MA0XXXXXX1', employerName: 'e', archiveBox: '' });
    expect(r).toMatchObject({ ok: true, row: { scope: ['压力表', '温度计', '流量计'] } });
    expect((r as { row: { archiveBox?: string } }).row.archiveBox).toBeUndefined();
  });

  it('names each missing or bad column', () => {
    const r = parseImportRow({ name: '甲', issuedOn: '2025/01/01' });
    expect(r.ok).toBe(false);
    const paths = (r as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['certificateNo', 'employerName', 'employerUscc', 'expiresOn', 'idNumber', 'issuedOn', 'issuingAuthority', 'type']);
  });
});
