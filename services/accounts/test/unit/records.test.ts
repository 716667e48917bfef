import { ConflictError, ValidationError } from '@metrodesk/errors';
import { NO_FLAGS, type Enterprise } from '../../src/domain/enterprise';
import { planChange } from '../../src/domain/changes';
import { applyFlagRequest, integrityFlags, nameDemonstration, NO_RECORDS, recordsFromFlags, setDataCollection, sign, withdraw } from '../../src/domain/records';

const ctx = { today: '2026-05-01', newId: () => 'c-new' };
const base: Enterprise = {
  id: 'e-1', uscc: '91210100MA0XXXXXXX', name: '沈阳某厂', nameEn: null, provinceCode: '210000', cityCode: '210100', districtCode: null, address: null, industry: null, size: null,
  status: 'active', tags: [], flags: { ...NO_FLAGS }, records: NO_RECORDS, version: 1, createdAt: new Date(0), updatedAt: new Date(0),
};

describe('integrity records drive the flags', () => {
  it('a signing sets the commitment and its date; a withdrawal clears them; a new signing sets them again', () => {
    const signed = sign(NO_RECORDS, { id: 'c1', signedOn: '2026-03-15', document: { name: '承诺书.pdf', ref: 'DA-2026-0153' } });
    expect(integrityFlags(signed)).toEqual({ integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15', integrityDemonstration: false });
    expect(() => sign(signed, { id: 'c2', signedOn: '2026-04-01', document: null })).toThrow(ConflictError);
    const withdrawn = withdraw(signed, 'c1', '2026-04-30');
    expect(integrityFlags(withdrawn)).toMatchObject({ integrityCommitment: false, integrityCommitmentSignedOn: null });
    expect(() => withdraw(withdrawn, 'c1', '2026-05-01')).toThrow(ConflictError);
    expect(() => withdraw(signed, 'c1', '2026-03-01')).toThrow(ValidationError);
    expect(() => withdraw(signed, 'nope', '2026-05-01')).toThrow(ValidationError);
    expect(integrityFlags(sign(withdrawn, { id: 'c2', signedOn: '2026-06-01', document: null }))).toMatchObject({ integrityCommitment: true, integrityCommitmentSignedOn: '2026-06-01' });
  });

  it('a naming makes a demonstration unit; the same naming twice is one', () => {
    const once = nameDemonstration(NO_RECORDS, { year: 2026, namedBy: { kind: 'city', code: '210200' }, namedOn: '2026-05-01' });
    expect(nameDemonstration(once, { year: 2026, namedBy: { kind: 'city', code: '210200' }, namedOn: '2026-05-02' })).toBe(once);
    expect(integrityFlags(once).integrityDemonstration).toBe(true);
  });

  it('the flag API becomes records: set signs (or corrects the date), clear withdraws, demonstration clear revokes', () => {
    expect(() => applyFlagRequest(NO_RECORDS, { integrityCommitment: true }, ctx)).toThrow(ValidationError);
    const set = applyFlagRequest(NO_RECORDS, { integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' }, ctx);
    expect(set.commitments).toEqual([{ id: 'c-new', signedOn: '2026-03-15', document: null, withdrawnOn: null }]);
    expect(applyFlagRequest(set, { integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' }, ctx)).toEqual(set);
    expect(applyFlagRequest(set, { integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-16' }, ctx).commitments[0]!.signedOn).toBe('2026-03-16');
    expect(applyFlagRequest(set, { integrityCommitment: false }, ctx).commitments[0]!.withdrawnOn).toBe('2026-05-01');
    const named = applyFlagRequest(NO_RECORDS, { integrityDemonstration: true }, ctx);
    expect(named.demonstrations).toEqual([{ year: 2026, namedBy: null, namedOn: '2026-05-01' }]);
    expect(applyFlagRequest(named, { integrityDemonstration: false }, ctx).demonstrations).toEqual([]);
  });

  it('planChange derives the flags from the records and names what changed', () => {
    const c = planChange(base, {}, { integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' }, new Date('2026-05-01T00:00:00Z'));
    expect(c.next.flags).toMatchObject({ integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' });
    expect(c.changed).toEqual(['flags.integrityCommitment', 'records']);
    expect(c.flagChanges).toEqual([{ flag: 'integrityCommitment', value: true }]);
    const records = sign(NO_RECORDS, { id: 'c1', signedOn: '2026-02-01', document: null });
    const viaRecords = planChange(base, {}, {}, new Date('2026-05-01T00:00:00Z'), records);
    expect(viaRecords.next.flags.integrityCommitmentSignedOn).toBe('2026-02-01');
    expect(planChange(viaRecords.next, {}, {}, new Date(), records).changed).toEqual([]);
  });

  it('reads an enterprise flagged before records existed as records that say the same', () => {
    const flags = { ...NO_FLAGS, integrityCommitment: true, integrityCommitmentSignedOn: '2025-01-02', integrityDemonstration: true };
    const r = recordsFromFlags('e-9', flags, '2025-06-01');
    expect(integrityFlags(r)).toEqual({ integrityCommitment: true, integrityCommitmentSignedOn: '2025-01-02', integrityDemonstration: true });
  });
});

describe('energy data collection', () => {
  it('keeps the history, newest last; the same status again is no change; an earlier date is refused', () => {
    const a = setDataCollection(NO_RECORDS, { status: 'manual', since: '2026-01-01' });
    const b = setDataCollection(a, { status: 'realtime', since: '2026-04-01' });
    expect(b.dataCollection.map((d) => d.status)).toEqual(['manual', 'realtime']);
    expect(setDataCollection(b, { status: 'realtime', since: '2026-05-01' })).toBe(b);
    expect(() => setDataCollection(b, { status: 'none', since: '2026-03-01' })).toThrow(ValidationError);
  });
});
