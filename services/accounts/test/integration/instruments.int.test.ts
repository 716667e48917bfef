import request from 'supertest';
import { shenyangLiaison, dalianLiaison, provinceManager, shenyangManager, enterpriseUser, admin, as } from '../fixtures/enterprises';
import { register, startService, world } from '../fixtures/service';

jest.setTimeout(120_000);

const run = world.serve(() => startService());


const api = () => request(run.svc.app);
const paths = (res: request.Response) => ((res.body.errors ?? []) as { path: string }[]).map((e) => e.path).sort();
const serial = () => `SN-${Math.random().toString(36).slice(2, 10)}`;
const gauge = (over: Record<string, unknown> = {}) => ({ instrumentClass: 'pressure_gauge', model: 'Y-100', serialNo: serial(), location: '锅炉房', use: 'safety', cycleMonths: 6, lastVerifiedOn: '2026-01-31', certificateNo: 'SY-JD-2026-0001', ...over });

async function registerInstrument(enterpriseId: string, who: Record<string, string>, over: Record<string, unknown> = {}) {
  const res = await api().post(`/enterprises/${enterpriseId}/instruments`).set(who).send(gauge(over));
  if (res.status !== 201) throw new Error(`register instrument failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; nextDueOn: string };
}

describe('instrument registry', () => {
  it('an enterprise registers, reads, changes and removes its own instruments, with versions', async () => {
    const e = await register(run.svc, shenyangLiaison);
    const me = enterpriseUser(e.id);
    const created = await api().post(`/enterprises/${e.id}/instruments`).set(me).send(gauge());
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ enterpriseId: e.id, cityCode: '210100', compulsory: true, nextDueOn: '2026-07-31', status: 'in_use', version: 1 });
    const id = created.body.id as string;

    expect((await api().get(`/instruments/${id}`).set(me)).body.serialNo).toBe(created.body.serialNo);
    const blind = await api().patch(`/instruments/${id}`).set(me).send({ location: '二号车间' });
    expect(blind.status).toBe(428);
    const changed = await api().patch(`/instruments/${id}`).set(me).set('If-Match', '"1"').send({ lastVerifiedOn: '2026-05-20', certificateNo: 'SY-JD-2026-0420' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, nextDueOn: '2026-11-20', certificateNo: 'SY-JD-2026-0420' });
    const stale = await api().patch(`/instruments/${id}`).set(me).send({ version: 1, status: 'out_of_service' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');

    const list = await api().get('/instruments').set(me);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([id]);

    expect((await api().delete(`/instruments/${id}`).set(me).set('If-Match', '"1"')).status).toBe(409);
    expect((await api().delete(`/instruments/${id}`).set(me).set('If-Match', '"2"')).status).toBe(204);
    expect((await api().get(`/instruments/${id}`).set(me)).status).toBe(404);
  });

  it('answers bad input with problem+json naming each field', async () => {
    const e = await register(run.svc, shenyangLiaison);
    const bad = await api().post(`/enterprises/${e.id}/instruments`).set(shenyangLiaison).send(gauge({ instrumentClass: 'sundial', cycleMonths: 0, lastVerifiedOn: '2026-02-30' }));
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(paths(bad)).toEqual(['cycleMonths', 'instrumentClass', 'lastVerifiedOn']);
    const notCompulsory = await api().post(`/enterprises/${e.id}/instruments`).set(shenyangLiaison).send(gauge({ use: 'trade_settlement', compulsory: false }));
    expect(paths(notCompulsory)).toEqual(['compulsory']);
    const future = await api().post(`/enterprises/${e.id}/instruments`).set(shenyangLiaison).send(gauge({ lastVerifiedOn: '2999-01-01' }));
    expect(paths(future)).toEqual(['lastVerifiedOn']);
    const chosen = await registerInstrument(e.id, shenyangLiaison, { use: 'process_control', compulsory: true });
    expect(chosen).toMatchObject({ compulsory: true });
    const twice = gauge();
    await registerInstrument(e.id, shenyangLiaison, twice);
    const dup = await api().post(`/enterprises/${e.id}/instruments`).set(shenyangLiaison).send(twice);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate_instrument');
  });

  it('scopes every operation: own enterprise, own city, or the province', async () => {
    const mine = await register(run.svc, shenyangLiaison);
    const other = await register(run.svc, shenyangLiaison);
    const inDalian = await register(run.svc, provinceManager, { cityCode: '210200' });
    const ownInstrument = await registerInstrument(mine.id, enterpriseUser(mine.id));
    const othersInstrument = await registerInstrument(other.id, shenyangLiaison);
    const dalianInstrument = await registerInstrument(inDalian.id, dalianLiaison);
    const me = enterpriseUser(mine.id);

    // Another enterprise's instrument and enterprise do not exist for an enterprise user.
    expect((await api().get(`/instruments/${othersInstrument.id}`).set(me)).status).toBe(404);
    expect((await api().patch(`/instruments/${othersInstrument.id}`).set(me).send({ version: 1, location: 'x' })).status).toBe(404);
    expect((await api().delete(`/instruments/${othersInstrument.id}`).set(me).set('If-Match', '"1"')).status).toBe(404);
    expect((await api().post(`/enterprises/${other.id}/instruments`).set(me).send(gauge())).status).toBe(404);
    expect((await api().get(`/instruments?enterpriseId=${other.id}`).set(me)).status).toBe(404);
    const mineOnly = await api().get('/instruments?limit=200').set(me);
    expect(mineOnly.body.items.map((i: { id: string }) => i.id)).toEqual([ownInstrument.id]);

    // A Shenyang liaison or manager sees Shenyang's, never Dalian's.
    for (const who of [shenyangLiaison, shenyangManager]) {
      expect((await api().get(`/instruments/${othersInstrument.id}`).set(who)).status).toBe(200);
      expect((await api().get(`/instruments/${dalianInstrument.id}`).set(who)).status).toBe(404);
      expect((await api().patch(`/instruments/${dalianInstrument.id}`).set(who).send({ version: 1, location: 'x' })).status).toBe(404);
      expect((await api().post(`/enterprises/${inDalian.id}/instruments`).set(who).send(gauge())).status).toBe(404);
      const dalianList = await api().get('/instruments?cityCode=210200&limit=200').set(who);
      expect(dalianList.status).toBe(200);
      expect(dalianList.body.items).toEqual([]);
    }
    // The province sees and keeps every city's.
    expect((await api().get(`/instruments/${dalianInstrument.id}`).set(provinceManager)).status).toBe(200);
    const provinceList = await api().get(`/instruments?enterpriseId=${inDalian.id}`).set(provinceManager);
    expect(provinceList.body.items.map((i: { id: string }) => i.id)).toEqual([dalianInstrument.id]);
    expect((await api().patch(`/instruments/${dalianInstrument.id}`).set(admin).send({ version: 1, location: '仓库' })).status).toBe(200);
    // A service identity reads but keeps nothing.
    const service = as({ userId: 'svc-requests', role: 'service' });
    expect((await api().post(`/enterprises/${mine.id}/instruments`).set(service).send(gauge())).status).toBe(403);
  });

  it('lists what falls due by a day, soonest first, with filters', async () => {
    const e = await register(run.svc, shenyangLiaison);
    const late = await registerInstrument(e.id, shenyangLiaison, { lastVerifiedOn: '2025-01-10', cycleMonths: 12 });
    const soon = await registerInstrument(e.id, shenyangLiaison, { instrumentClass: 'gas_alarm', lastVerifiedOn: '2026-01-10', cycleMonths: 12 });
    await registerInstrument(e.id, shenyangLiaison, { lastVerifiedOn: '2026-03-01', cycleMonths: 24, use: 'process_control' });
    const due = await api().get(`/instruments?enterpriseId=${e.id}&dueBy=2027-01-31`).set(shenyangLiaison);
    expect(due.body.items.map((i: { id: string }) => i.id)).toEqual([late.id, soon.id]);
    const alarms = await api().get(`/instruments?enterpriseId=${e.id}&instrumentClass=gas_alarm&compulsory=true`).set(shenyangLiaison);
    expect(alarms.body.items.map((i: { id: string }) => i.id)).toEqual([soon.id]);
    const paged = await api().get(`/instruments?enterpriseId=${e.id}&limit=2`).set(shenyangLiaison);
    expect(paged.body.items).toHaveLength(2);
    const rest = await api().get(`/instruments?enterpriseId=${e.id}&limit=2&cursor=${paged.body.nextCursor}`).set(shenyangLiaison);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
  });
});
