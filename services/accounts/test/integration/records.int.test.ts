import request from 'supertest';
import type { TopicTap } from '@metrodesk/testkit';
import { ENTERPRISE_TOPIC } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { shenyangLiaison, shenyangManager, dalianLiaison, provinceManager, enterpriseUser, randomUscc, as } from '../fixtures/enterprises';
import { register, startWithTap, stopWithTap } from '../fixtures/service';

jest.setTimeout(120_000);

let svc: AccountsService;
let tap: TopicTap;

beforeAll(async () => ({ svc, tap } = await startWithTap([ENTERPRISE_TOPIC])));
afterAll(() => stopWithTap({ svc, tap }));

type Event = { type: string; data: Record<string, unknown> };
const api = () => request(svc.app);
const typesOf = async (id: string, count: number) => (await tap.waitFor((m) => m.key === id, { count, timeoutMs: 60_000 })).map((m) => (m.value as Event).type);
const eventOf = (id: string, type: string) => tap.find((m) => m.key === id && (m.value as Event).type === type).map((m) => (m.value as Event).data);
const paths = (res: request.Response) => (res.body.errors as { path: string }[]).map((e) => e.path).sort();
const dalianManager = as({ userId: 'cm-dl', role: 'city_manager', cityCode: '210200' });

describe('integrity commitments', () => {
  it('a signing by USCC sets the flag through the record; a withdrawal clears it; each publishes its record and the flag', async () => {
    const e = await register(svc, shenyangLiaison);
    const signed = await api().post('/integrity/commitments').set(shenyangLiaison).send({ uscc: e.uscc, signedOn: '2026-03-15', document: { name: '诚信计量自我承诺书.pdf', ref: 'SY-CX-2026-0153' } });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ enterpriseId: e.id, version: 2, flags: { integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' } });
    const commitment = signed.body.commitments[0] as { id: string };
    expect(signed.body.commitments).toEqual([{ id: commitment.id, signedOn: '2026-03-15', document: { name: '诚信计量自我承诺书.pdf', ref: 'SY-CX-2026-0153' }, withdrawnOn: null }]);
    expect((await api().get(`/enterprises/${e.id}`).set(shenyangLiaison)).body.flags).toMatchObject({ integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' });
    // The enterprise DTO stays as it was: records have their own resource.
    expect((await api().get(`/enterprises/${e.id}`).set(shenyangLiaison)).body.records).toBeUndefined();

    const again = await api().post('/integrity/commitments').set(shenyangLiaison).send({ uscc: e.uscc, signedOn: '2026-03-20' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_committed');

    const early = await api().post(`/enterprises/${e.id}/integrity/commitments/${commitment.id}/withdraw`).set(shenyangLiaison).send({ withdrawnOn: '2026-03-01' });
    expect(early.status).toBe(400);
    expect(paths(early)).toEqual(['withdrawnOn']);
    const withdrawn = await api().post(`/enterprises/${e.id}/integrity/commitments/${commitment.id}/withdraw`).set(shenyangLiaison).send({ withdrawnOn: '2026-09-30', version: 2 });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ version: 3, flags: { integrityCommitment: false, integrityCommitmentSignedOn: null }, commitments: [{ withdrawnOn: '2026-09-30' }] });

    expect(await typesOf(e.id, 5)).toEqual(['accounts.enterprise.registered', 'accounts.enterprise.flagged', 'accounts.integrity.committed', 'accounts.enterprise.flagged', 'accounts.integrity.withdrawn']);
    expect(eventOf(e.id, 'accounts.integrity.committed')[0]).toEqual({ enterpriseId: e.id, version: 2, uscc: e.uscc, cityCode: '210100', commitmentId: commitment.id, signedOn: '2026-03-15', hasDocument: true });
    expect(eventOf(e.id, 'accounts.integrity.withdrawn')[0]).toMatchObject({ version: 3, commitmentId: commitment.id, signedOn: '2026-03-15', withdrawnOn: '2026-09-30' });
  });

  it('refuses a signing by an unknown, mistyped or out-of-area USCC, naming the field', async () => {
    const unknown = await api().post('/integrity/commitments').set(shenyangLiaison).send({ uscc: randomUscc(), signedOn: '2026-03-15' });
    expect(unknown.status).toBe(400);
    expect(paths(unknown)).toEqual(['uscc']);
    const typo = await api().post('/integrity/commitments').set(shenyangLiaison).send({ uscc: '91210100MA0000000X', signedOn: '2026-03-15' });
    expect(typo.status).toBe(400);
    expect(paths(typo)).toEqual(['uscc']);
    const e = await register(svc, shenyangLiaison);
    const elsewhere = await api().post('/integrity/commitments').set(dalianLiaison).send({ uscc: e.uscc, signedOn: '2026-03-15' });
    expect(elsewhere.status).toBe(400);
    expect(paths(elsewhere)).toEqual(['uscc']);
    expect((await api().post('/integrity/commitments').set(enterpriseUser(e.id)).send({ uscc: e.uscc, signedOn: '2026-03-15' })).status).toBe(403);
    const bad = await api().post('/integrity/commitments').set(shenyangLiaison).send({ uscc: e.uscc, signedOn: '15.03.2026' });
    expect(paths(bad)).toEqual(['signedOn']);
  });

  it('the flag API still works, through records', async () => {
    const e = await register(svc, shenyangLiaison);
    const set = await api().put(`/enterprises/${e.id}/flags/integrityCommitment`).set(shenyangLiaison).send({ signedOn: '2026-04-01' });
    expect(set.body).toMatchObject({ version: 2, flags: { integrityCommitment: true, integrityCommitmentSignedOn: '2026-04-01' } });
    const records = await api().get(`/enterprises/${e.id}/records`).set(shenyangLiaison);
    expect(records.body.commitments).toMatchObject([{ signedOn: '2026-04-01', document: null, withdrawnOn: null }]);
    await api().delete(`/enterprises/${e.id}/flags/integrityCommitment`).set(shenyangLiaison);
    const after = await api().get(`/enterprises/${e.id}/records`).set(shenyangLiaison);
    expect(after.body.flags.integrityCommitment).toBe(false);
    expect(after.body.commitments[0].withdrawnOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a registration with the commitment flag records the signing', async () => {
    const e = await register(svc, shenyangLiaison, { flags: { integrityCommitment: true, integrityCommitmentSignedOn: '2026-01-05' } });
    const records = await api().get(`/enterprises/${e.id}/records`).set(shenyangLiaison);
    expect(records.body).toMatchObject({ version: 1, flags: { integrityCommitment: true }, commitments: [{ signedOn: '2026-01-05' }] });
    expect(await typesOf(e.id, 2)).toEqual(['accounts.enterprise.registered', 'accounts.integrity.committed']);
  });
});

describe('demonstration units', () => {
  it('a city manager names one of their city for a year, the province any; the same naming again changes nothing', async () => {
    const e = await register(svc, shenyangLiaison);
    const named = await api().post('/integrity/demonstrations').set(shenyangManager).send({ uscc: e.uscc, year: 2026 });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ version: 2, flags: { integrityDemonstration: true }, demonstrations: [{ year: 2026, namedBy: { kind: 'city', code: '210100' } }] });
    expect((await api().post('/integrity/demonstrations').set(shenyangManager).send({ uscc: e.uscc, year: 2026 })).body.version).toBe(2);
    const province = await api().post('/integrity/demonstrations').set(provinceManager).send({ uscc: e.uscc, year: 2026 });
    expect(province.body.demonstrations).toHaveLength(2);
    expect((await api().post('/integrity/demonstrations').set(shenyangLiaison).send({ uscc: e.uscc, year: 2026 })).status).toBe(403);
    expect(paths(await api().post('/integrity/demonstrations').set(dalianManager).send({ uscc: e.uscc, year: 2026 }))).toEqual(['uscc']);
    // A records change that leaves the flags as they were still publishes the enterprise's new version.
    expect(await typesOf(e.id, 5)).toEqual(['accounts.enterprise.registered', 'accounts.enterprise.flagged', 'accounts.integrity.demonstration-named', 'accounts.enterprise.updated', 'accounts.integrity.demonstration-named']);
    expect(eventOf(e.id, 'accounts.integrity.demonstration-named').map((d) => d.namedBy)).toEqual([{ kind: 'city', code: '210100' }, { kind: 'province', code: '210000' }]);
  });
});

describe('energy metrology', () => {
  it('records a review of a key energy-using unit and its data collection status with dates', async () => {
    const e = await register(svc, shenyangLiaison, { flags: { keyEnergyUnit: true } });
    const review = await api().post('/energy/reviews').set(shenyangLiaison).send({ uscc: e.uscc, date: '2026-06-10', reviewers: ['王工', '李工'], instrumentsReviewed: 312, findings: '二级计量器具配备率不足', followUpRequestIds: ['req-9'] });
    expect(review.status).toBe(201);
    expect(review.body.energyReviews).toEqual([{ id: expect.any(String), date: '2026-06-10', reviewers: ['王工', '李工'], instrumentsReviewed: 312, findings: '二级计量器具配备率不足', followUpRequestIds: ['req-9'] }]);
    const manual = await api().put(`/enterprises/${e.id}/energy/data-collection`).set(shenyangLiaison).send({ status: 'manual', since: '2026-01-01' });
    const online = await api().put(`/enterprises/${e.id}/energy/data-collection`).set(shenyangLiaison).send({ status: 'realtime', since: '2026-07-01', version: manual.body.version });
    expect(online.body.dataCollection).toEqual([{ status: 'manual', since: '2026-01-01' }, { status: 'realtime', since: '2026-07-01' }]);
    const stale = await api().put(`/enterprises/${e.id}/energy/data-collection`).set(shenyangLiaison).send({ status: 'none', since: '2026-08-01', version: manual.body.version });
    expect(stale.status).toBe(409);
    expect(await typesOf(e.id, 7)).toEqual([
      'accounts.enterprise.registered', 'accounts.enterprise.updated', 'accounts.energy.reviewed', 'accounts.enterprise.updated', 'accounts.energy.data-collection-set', 'accounts.enterprise.updated', 'accounts.energy.data-collection-set',
    ]);
    expect(eventOf(e.id, 'accounts.energy.reviewed')[0]).toMatchObject({ reviewers: 2, instrumentsReviewed: 312, followUpRequestIds: ['req-9'], date: '2026-06-10' });
    expect(eventOf(e.id, 'accounts.energy.data-collection-set').map((d) => [d.status, d.previous])).toEqual([['manual', null], ['realtime', 'manual']]);
  });

  it('refuses a review of an enterprise that is not a key energy-using unit, naming the field', async () => {
    const e = await register(svc, shenyangLiaison);
    const res = await api().post('/energy/reviews').set(shenyangLiaison).send({ uscc: e.uscc, date: '2026-06-10', reviewers: ['王工'], instrumentsReviewed: 3 });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['uscc']);
    const shape = await api().post('/energy/reviews').set(shenyangLiaison).send({ uscc: e.uscc, date: '2026-06-10', reviewers: [], instrumentsReviewed: -1 });
    expect(paths(shape)).toEqual(['instrumentsReviewed', 'reviewers']);
  });
});
