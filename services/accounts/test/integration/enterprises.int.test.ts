import request from 'supertest';
import { type TopicTap, uniq } from '@metrodesk/testkit';
import { ENTERPRISE_TOPIC } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { as, admin, shenyangLiaison, dalianLiaison, provinceManager, enterpriseUser, randomUscc } from '../fixtures/enterprises';
import { register, startWithTap, stopWithTap } from '../fixtures/service';

let svc: AccountsService;
let tap: TopicTap;

beforeAll(async () => ({ svc, tap } = await startWithTap([ENTERPRISE_TOPIC])));
afterAll(() => stopWithTap({ svc, tap }));

const eventsOf = (id: string) => tap.find((m) => m.key === id).map((m) => m.value as { type: string; data: Record<string, unknown> });

describe('updating an enterprise', () => {
  it('applies a change sent with If-Match, bumps the version and publishes accounts.enterprise.updated', async () => {
    const e = await register(svc, shenyangLiaison, { industry: '化工' });
    const got = await request(svc.app).get(`/enterprises/${e.id}`).set(shenyangLiaison);
    expect(got.headers.etag).toBe('"1"');
    const res = await request(svc.app).patch(`/enterprises/${e.id}`).set(shenyangLiaison).set('If-Match', got.headers.etag!).send({ industry: '制药', tags: ['重点', '重点'], nameEn: 'Shenyang Pharma' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, industry: '制药', tags: ['重点'], nameEn: 'Shenyang Pharma' });
    expect(res.headers.etag).toBe('"2"');
    await tap.waitFor((m) => m.key === e.id && (m.value as { type: string }).type === 'accounts.enterprise.updated');
    const updated = eventsOf(e.id).find((v) => v.type === 'accounts.enterprise.updated')!;
    expect(updated.data).toMatchObject({ version: 2, industry: '制药', changed: ['nameEn', 'industry', 'tags'] });
  });

  it('names who made each change and when: the envelope carries the actor of a registration, an update and a flag', async () => {
    const named = as({ userId: 'liaison-sy-wang', role: 'liaison', cityCode: '210100', name: '王芳' });
    const e = await register(svc, named);
    const before = Date.now();
    expect((await request(svc.app).patch(`/enterprises/${e.id}`).set(named).send({ version: 1, industry: '制药' })).status).toBe(200);
    expect((await request(svc.app).put(`/enterprises/${e.id}/flags/contactPoint`).set(shenyangLiaison).send({})).status).toBe(200);
    await tap.waitFor((m) => m.key === e.id, { count: 3 });
    const envelopes = tap.find((m) => m.key === e.id).map((m) => m.value as { type: string; time: string; actorid?: string; actorrole?: string; actorname?: string });
    expect(envelopes.find((v) => v.type === 'accounts.enterprise.registered')).toMatchObject({ actorid: 'liaison-sy-wang', actorrole: 'liaison', actorname: '王芳' });
    const updated = envelopes.find((v) => v.type === 'accounts.enterprise.updated')!;
    expect(updated).toMatchObject({ actorid: 'liaison-sy-wang', actorrole: 'liaison', actorname: '王芳' });
    expect(Date.parse(updated.time)).toBeGreaterThanOrEqual(before - 1000);
    const flagged = envelopes.find((v) => v.type === 'accounts.enterprise.flagged')!;
    expect(flagged).toMatchObject({ actorid: 'liaison-sy', actorrole: 'liaison' });
    expect(flagged.actorname).toBeUndefined();
  });

  it('answers a stale version with 409 and keeps the newer state', async () => {
    const e = await register(svc, shenyangLiaison);
    const first = await request(svc.app).patch(`/enterprises/${e.id}`).set(shenyangLiaison).send({ version: 1, address: '和平区一号' });
    expect(first.status).toBe(200);
    const stale = await request(svc.app).patch(`/enterprises/${e.id}`).set(shenyangLiaison).send({ version: 1, address: '沈河区二号' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', expectedVersion: 1, currentVersion: 2 });
    const staleHeader = await request(svc.app).patch(`/enterprises/${e.id}`).set(shenyangLiaison).set('If-Match', 'W/"1"').send({ address: 'x' });
    expect(staleHeader.status).toBe(409);
    const now = await request(svc.app).get(`/enterprises/${e.id}`).set(shenyangLiaison);
    expect(now.body).toMatchObject({ version: 2, address: '和平区一号' });
  });

  it('refuses an update without any version (428) and an unknown city or foreign district (400)', async () => {
    const e = await register(svc, admin);
    const blind = await request(svc.app).patch(`/enterprises/${e.id}`).set(admin).send({ address: 'x' });
    expect(blind.status).toBe(428);
    expect(blind.body.code).toBe('version_required');
    const unknownCity = await request(svc.app).patch(`/enterprises/${e.id}`).set(admin).send({ version: 1, cityCode: '219900' });
    expect(unknownCity.status).toBe(400);
    expect(unknownCity.body.errors).toEqual([expect.objectContaining({ path: 'cityCode', message: expect.stringMatching(/unknown city 219900/) })]);
    const foreignDistrict = await request(svc.app).patch(`/enterprises/${e.id}`).set(admin).send({ version: 1, districtCode: '210202' });
    expect(foreignDistrict.status).toBe(400);
    expect(foreignDistrict.body.errors[0].path).toBe('districtCode');
    const moved = await request(svc.app).patch(`/enterprises/${e.id}`).set(admin).send({ version: 1, cityCode: '210200', districtCode: '210202' });
    expect(moved.body).toMatchObject({ cityCode: '210200', districtCode: '210202', version: 2 });
  });

  it('does not let a liaison move an enterprise out of their city, or an enterprise user edit at all', async () => {
    const e = await register(svc, shenyangLiaison);
    const move = await request(svc.app).patch(`/enterprises/${e.id}`).set(shenyangLiaison).send({ version: 1, cityCode: '210200' });
    expect(move.status).toBe(403);
    const own = await request(svc.app).patch(`/enterprises/${e.id}`).set(enterpriseUser(e.id)).send({ version: 1, address: 'x' });
    expect(own.status).toBe(403);
    const foreign = await request(svc.app).patch(`/enterprises/${e.id}`).set(dalianLiaison).send({ version: 1, address: 'x' });
    expect(foreign.status).toBe(404);
  });
});

describe('closing, reopening and flags', () => {
  it('closes and reopens with events, and refuses to close twice', async () => {
    const e = await register(svc, shenyangLiaison);
    const closed = await request(svc.app).post(`/enterprises/${e.id}/close`).set(shenyangLiaison).send({ version: 1 });
    expect(closed.body).toMatchObject({ status: 'closed', version: 2 });
    const again = await request(svc.app).post(`/enterprises/${e.id}/close`).set(shenyangLiaison);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('enterprise_already_closed');
    const staleReopen = await request(svc.app).post(`/enterprises/${e.id}/reopen`).set(shenyangLiaison).set('If-Match', '"1"');
    expect(staleReopen.status).toBe(409);
    const reopened = await request(svc.app).post(`/enterprises/${e.id}/reopen`).set(shenyangLiaison).set('If-Match', '"2"');
    expect(reopened.body).toMatchObject({ status: 'active', version: 3 });
    await tap.waitFor((m) => m.key === e.id, { count: 3 });
    expect(eventsOf(e.id).map((v) => v.type)).toEqual(['accounts.enterprise.registered', 'accounts.enterprise.closed', 'accounts.enterprise.reopened']);
  });

  it('sets and clears flags with accounts.enterprise.flagged; a commitment needs its date', async () => {
    const e = await register(svc, shenyangLiaison);
    const noDate = await request(svc.app).put(`/enterprises/${e.id}/flags/integrityCommitment`).set(shenyangLiaison).send({});
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors[0].path).toBe('signedOn');
    const set = await request(svc.app).put(`/enterprises/${e.id}/flags/integrityCommitment`).set(shenyangLiaison).send({ signedOn: '2026-03-15' });
    expect(set.body).toMatchObject({ version: 2, flags: { integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' } });
    const repeat = await request(svc.app).put(`/enterprises/${e.id}/flags/integrityCommitment`).set(shenyangLiaison).send({ signedOn: '2026-03-15' });
    expect(repeat.body.version).toBe(2);
    const cleared = await request(svc.app).delete(`/enterprises/${e.id}/flags/integrityCommitment`).set(shenyangLiaison);
    expect(cleared.body).toMatchObject({ version: 3, flags: { integrityCommitment: false, integrityCommitmentSignedOn: null } });
    expect((await request(svc.app).put(`/enterprises/${e.id}/flags/notAFlag`).set(shenyangLiaison)).status).toBe(400);
    // A commitment is also a record with events of its own: wait for the two flag events themselves.
    await tap.waitFor((m) => m.key === e.id && (m.value as { type: string }).type === 'accounts.enterprise.flagged', { count: 2 });
    const flagged = eventsOf(e.id).filter((v) => v.type === 'accounts.enterprise.flagged');
    expect(flagged.map((v) => [v.data.flag, v.data.value, v.data.version])).toEqual([
      ['integrityCommitment', true, 2],
      ['integrityCommitment', false, 3],
    ]);
  });
});

describe('listing and searching', () => {
  it('filters by tag, city, industry, flags and status, and searches names and USCC', async () => {
    const tag = uniq('tag');
    const a = await register(svc, admin, { name: '沈阳精密仪器有限公司', nameEn: 'Shenyang Precision Instruments', industry: '仪器', tags: [tag], flags: { keyEnergyUnit: true } });
    const b = await register(svc, admin, { name: '大连港口计量站', cityCode: '210200', industry: '港口', tags: [tag] });
    const c = await register(svc, admin, { name: '沈阳化工厂(集团)', industry: '化工', tags: [tag] });
    await request(svc.app).post(`/enterprises/${c.id}/close`).set(admin);
    const ids = async (query: Record<string, string>) => {
      const res = await request(svc.app).get('/enterprises').set(admin).query({ tags: tag, ...query });
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((i) => i.id).sort();
    };
    expect(await ids({})).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({ cityCode: '210100' })).toEqual([a.id, c.id].sort());
    expect(await ids({ industry: '港口' })).toEqual([b.id]);
    expect(await ids({ flags: 'keyEnergyUnit' })).toEqual([a.id]);
    expect(await ids({ status: 'closed' })).toEqual([c.id]);
    expect(await ids({ q: '精密' })).toEqual([a.id]);
    expect(await ids({ q: 'precision INSTR' })).toEqual([a.id]);
    expect(await ids({ q: b.uscc.slice(4, 14).toLowerCase() })).toEqual([b.id]);
    // Regex metacharacters are matched literally, not interpreted.
    expect(await ids({ q: '(集团)' })).toEqual([c.id]);
    expect(await ids({ q: '.*' })).toEqual([]);
    const bad = await request(svc.app).get('/enterprises').set(admin).query({ flags: 'nope', sort: 'address' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.flags.0']);
  });

  it('sorts and pages with a cursor, visiting every match exactly once', async () => {
    const tag = uniq('page');
    const names = ['丁', '甲', '乙', '丙', '戊', '己', '庚'];
    for (const name of names) await register(svc, admin, { name: `${name}公司`, tags: [tag] });
    const seen: string[] = [];
    let cursor: string | null = null;
    let first: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(svc.app).get('/enterprises').set(admin).query({ tags: tag, sort: '-name', limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { name: string }) => i.name));
      cursor = res.body.nextCursor;
      first ??= cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(names.map((n) => `${n}公司`).sort().reverse());
    const otherOrder = await request(svc.app).get('/enterprises').set(admin).query({ tags: tag, sort: 'createdAt', limit: 3, cursor: first });
    expect(otherOrder.status).toBe(400);
    const broken = await request(svc.app).get('/enterprises').set(admin).query({ cursor: 'not-a-cursor' });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].path).toBe('query.cursor');
  });
});

describe('who sees what', () => {
  it('shows an enterprise user only their own enterprise, a liaison only their city, a province manager everything', async () => {
    const tag = uniq('scope');
    const sy = await register(svc, admin, { tags: [tag], cityCode: '210100' });
    const dl = await register(svc, admin, { tags: [tag], cityCode: '210200' });
    const list = async (who: Record<string, string>) => ((await request(svc.app).get('/enterprises').set(who).query({ tags: tag })).body.items as { id: string }[]).map((i) => i.id).sort();
    expect(await list(enterpriseUser(sy.id))).toEqual([sy.id]);
    expect(await list(shenyangLiaison)).toEqual([sy.id]);
    expect(await list(dalianLiaison)).toEqual([dl.id]);
    expect(await list(provinceManager)).toEqual([sy.id, dl.id].sort());
    // Asking for another city's enterprises gives nothing, not an error that confirms they exist.
    expect((await request(svc.app).get('/enterprises').set(dalianLiaison).query({ tags: tag, cityCode: '210100' })).body.items).toEqual([]);
    expect((await request(svc.app).get(`/enterprises/${dl.id}`).set(enterpriseUser(sy.id))).status).toBe(404);
    expect((await request(svc.app).get(`/enterprises/${sy.id}`).set(enterpriseUser(sy.id))).status).toBe(200);
    expect((await request(svc.app).get(`/enterprises/${dl.id}`).set(provinceManager)).status).toBe(200);
    expect((await request(svc.app).post('/enterprises').set(enterpriseUser(sy.id)).send({ uscc: randomUscc(), name: 'x', cityCode: '210100' })).status).toBe(403);
    expect((await request(svc.app).post(`/enterprises/${sy.id}/close`).set(dalianLiaison)).status).toBe(404);
    expect((await request(svc.app).put(`/enterprises/${sy.id}/flags/contactPoint`).set(enterpriseUser(sy.id))).status).toBe(403);
  });
});
