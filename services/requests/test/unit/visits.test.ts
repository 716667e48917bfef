import { checkVerifier, type QualificationFile } from '../../src/domain/qualification';
import { decideVisit, lapsedVisits, type Candidate } from '../../src/domain/visits';
import { aRequest } from '../fixtures/requests';

const file = (over: Partial<QualificationFile> = {}): QualificationFile => ({
  fileId: 'f-1',
  version: 1,
  personKey: 'p-1',
  personName: '张检定',
  employerUscc: '12210100MB0000000X',
  employerName: '沈阳市计量测试所',
  cityCode: '210100',
  type: 'verifier',
  scope: ['pressure gauge', 'gas alarm'],
  certificateNo: 'JD-2025-001',
  issuedOn: '2025-01-01',
  expiresOn: '2026-12-31',
  status: 'valid',
  ...over,
});
const who = { personKey: 'p-1', name: '张检定' };
const at = new Date('2026-03-02T02:00:00Z');
const manager = { userId: 'mgr', role: 'city_manager' as const };

describe('the qualification gate', () => {
  it('passes a verifier whose file covers every class on the day', () => {
    expect(checkVerifier(who, [file()], ['Pressure Gauge', 'gas alarm'], '2026-06-01')).toBeNull();
  });

  it('names the file and the date when it has expired by the visit', () => {
    expect(checkVerifier(who, [file({ expiresOn: '2026-05-31' })], ['pressure gauge'], '2026-06-01')).toEqual({
      personKey: 'p-1',
      verifier: '张检定',
      certificateNo: 'JD-2025-001',
      instrumentClass: 'pressure gauge',
      date: '2026-06-01',
      reason: "certificate JD-2025-001 expires on 2026-05-31, before the visit on 2026-06-01 (instrument class 'pressure gauge')",
    });
  });

  it('names the class a valid file does not cover, a suspended file, and the absence of any verifier file', () => {
    expect(checkVerifier(who, [file()], ['water meter'], '2026-06-01')).toMatchObject({ instrumentClass: 'water meter', reason: expect.stringContaining("does not cover instrument class 'water meter'") });
    expect(checkVerifier(who, [file({ status: 'suspended' })], ['gas alarm'], '2026-06-01')!.reason).toMatch(/JD-2025-001 is suspended/);
    expect(checkVerifier(who, [file({ type: 'metrologist' })], ['gas alarm'], '2026-06-01')).toMatchObject({ certificateNo: null, reason: 'holds no verifier qualification file' });
  });
});

describe('visits', () => {
  const plan = { date: '2026-03-10', slot: 'morning' as const, siteAddress: '铁西区北二路 1 号', instruments: [{ class: 'gas alarm', count: 54 }] };
  const ok: Candidate = { personKey: 'p-1', files: [file()], userId: null };

  it('schedules with qualified verifiers, names them in the timeline, and refuses an expired one with 422', () => {
    const r = aRequest({ state: 'assigned', assigneeId: 'liaison-1' });
    const d = decideVisit(r, { action: 'visit_scheduled', visitId: 'v-1', plan, verifiers: [ok] }, manager, at, '2026-03-02');
    expect(d.visit).toMatchObject({ id: 'v-1', status: 'scheduled', verifiers: [{ personKey: 'p-1', name: '张检定', instituteName: '沈阳市计量测试所' }] });
    expect(d.history).toMatchObject({ action: 'visit_scheduled', note: '2026-03-10 morning · 张检定 · gas alarm × 54' });
    const expired: Candidate = { ...ok, files: [file({ expiresOn: '2026-03-09' })] };
    expect(() => decideVisit(r, { action: 'visit_scheduled', visitId: 'v-2', plan, verifiers: [expired] }, manager, at, '2026-03-02')).toThrow(
      expect.objectContaining({ status: 422, code: 'verifier_not_qualified', extra: expect.objectContaining({ verifier: '张检定', certificateNo: 'JD-2025-001', date: '2026-03-10' }) }),
    );
  });

  it('refuses visits on a filed or finished request, and a date in the past', () => {
    expect(() => decideVisit(aRequest({ state: 'filed' }), { action: 'visit_scheduled', visitId: 'v', plan, verifiers: [ok] }, manager, at, '2026-03-02')).toThrow(expect.objectContaining({ status: 409 }));
    const r = aRequest({ state: 'responded', assigneeId: 'l' });
    expect(() => decideVisit(r, { action: 'visit_scheduled', visitId: 'v', plan: { ...plan, date: '2026-03-01' }, verifiers: [ok] }, manager, at, '2026-03-02')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('answers 404 for an unknown visit before judging the verifiers', () => {
    const r = aRequest({ state: 'in_progress', assigneeId: 'l' });
    const expired: Candidate = { ...ok, files: [file({ expiresOn: '2026-01-01' })] };
    expect(() => decideVisit(r, { action: 'visit_rescheduled', visitId: 'nope', plan, verifiers: [expired] }, manager, at, '2026-03-02')).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('finds the scheduled visits a lapsed file affects, once per file version', () => {
    const r = decideVisit(aRequest({ state: 'assigned', assigneeId: 'l' }), { action: 'visit_scheduled', visitId: 'v-1', plan, verifiers: [ok] }, manager, at, '2026-03-02').next;
    const revoked = [file({ status: 'revoked', version: 2 })];
    const found = lapsedVisits(r, 'p-1', revoked, '2026-03-02', { fileId: 'f-1', version: 2 });
    expect(found.map((x) => [x.visit.id, x.refusal.reason])).toEqual([['v-1', "certificate JD-2025-001 is revoked (instrument class 'gas alarm')"]]);
    const flag = { at, personKey: 'p-1', verifierName: '张检定', certificateNo: 'JD-2025-001', reason: found[0]!.refusal.reason, fileId: 'f-1', fileVersion: 2 };
    const flagged = decideVisit(r, { action: 'visit_flagged', visitId: 'v-1', flag }, { userId: 'qualifications', role: 'service' }, at, '2026-03-02').next;
    expect(lapsedVisits(flagged, 'p-1', revoked, '2026-03-02', { fileId: 'f-1', version: 2 })).toEqual([]);
    expect(lapsedVisits(r, 'p-1', [file()], '2026-03-02', { fileId: 'f-1', version: 3 })).toEqual([]);
  });
});
