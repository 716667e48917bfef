import request from 'supertest';
import { type TopicTap, uniq } from '@metrodesk/testkit';
import { CONTACT_TOPIC, OUTREACH_TOPIC } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { addDays, bureauDay } from '../../src/domain/outreach';
import { admin, dalianLiaison, enterpriseUser, liaison, provinceManager, serviceCaller, shenyangLiaison, shenyangManager } from '../fixtures/enterprises';
import { register, startWithTap, stopWithTap, world } from '../fixtures/service';

let svc: AccountsService;
let tap: TopicTap;

beforeAll(async () => ({ svc, tap } = await startWithTap([CONTACT_TOPIC, OUTREACH_TOPIC])));
afterAll(() => stopWithTap({ svc, tap }));

const today = bureauDay(new Date());

describe('contacts', () => {
  it('keeps exactly one primary contact and publishes each contact added, changed and removed', async () => {
    const e = await register(svc, shenyangLiaison);
    const add = async (body: Record<string, unknown>) => {
      const res = await request(svc.app).post(`/enterprises/${e.id}/contacts`).set(shenyangLiaison).send(body);
      expect(res.status).toBe(201);
      return res.body as { id: string; primary: boolean };
    };
    const first = await add({ name: '王计量', role: '计量主管', phone: '13812345678' });
    expect(first.primary).toBe(true);
    const second = await add({ name: '李工', phone: '024-2345 6789' });
    expect(second.primary).toBe(false);
    const third = await add({ name: '张三', primary: true });
    const primaries = async () => ((await request(svc.app).get(`/enterprises/${e.id}/contacts`).set(shenyangLiaison)).body.items as { id: string; primary: boolean }[]).filter((c) => c.primary).map((c) => c.id);
    expect(await primaries()).toEqual([third.id]);
    const demote = await request(svc.app).patch(`/enterprises/${e.id}/contacts/${third.id}`).set(shenyangLiaison).send({ primary: false });
    expect(demote.status).toBe(400);
    await request(svc.app).patch(`/enterprises/${e.id}/contacts/${second.id}`).set(shenyangLiaison).send({ primary: true });
    expect(await primaries()).toEqual([second.id]);
    expect((await request(svc.app).delete(`/enterprises/${e.id}/contacts/${second.id}`).set(shenyangLiaison)).status).toBe(204);
    // Removing the primary contact promotes the oldest one left.
    expect(await primaries()).toEqual([first.id]);
    const events = (await tap.waitFor((m) => m.key === e.id && m.topic === world.topic(CONTACT_TOPIC), { count: 5 })).map((m) => m.value as { type: string; data: Record<string, unknown> });
    expect(events.map((v) => v.type)).toEqual(['accounts.contact.added', 'accounts.contact.added', 'accounts.contact.added', 'accounts.contact.updated', 'accounts.contact.removed']);
    expect(events.slice(0, 3).map((v) => v.data.primary)).toEqual([true, false, true]);
    expect(events[3]!.data).toMatchObject({ contactId: second.id, name: '李工', primary: true, changed: ['primary'], previous: { name: '李工', primary: false } });
    expect(events[4]!.data).toEqual({ enterpriseId: e.id, contactId: second.id, name: '李工' });
    // Phone numbers are personal data: no contact event carries one.
    expect(JSON.stringify(events)).not.toMatch(/13812345678|2345 6789/);
  });

  it('masks phone numbers in the list and shows them whole only in the detail to those allowed', async () => {
    const e = await register(svc, shenyangLiaison);
    const c = (await request(svc.app).post(`/enterprises/${e.id}/contacts`).set(shenyangLiaison).send({ name: '赵', phone: '13912345678', email: 'zhao@example.cn' })).body as { id: string };
    const list = await request(svc.app).get(`/enterprises/${e.id}/contacts`).set(shenyangLiaison);
    expect(list.body.items[0]).toMatchObject({ phone: '139****5678', phoneMasked: true, email: 'zhao@example.cn' });
    for (const who of [shenyangLiaison, shenyangManager, provinceManager, enterpriseUser(e.id)]) {
      const detail = await request(svc.app).get(`/enterprises/${e.id}/contacts/${c.id}`).set(who);
      expect(detail.body).toMatchObject({ phone: '13912345678', phoneMasked: false });
    }
    const forService = await request(svc.app).get(`/enterprises/${e.id}/contacts/${c.id}`).set(serviceCaller);
    expect(forService.body).toMatchObject({ phone: '139****5678', phoneMasked: true });
    expect((await request(svc.app).get(`/enterprises/${e.id}/contacts/${c.id}`).set(dalianLiaison)).status).toBe(404);
    expect((await request(svc.app).get(`/enterprises/${e.id}/contacts`).set(enterpriseUser('someone-else'))).status).toBe(404);
    expect((await request(svc.app).post(`/enterprises/${e.id}/contacts`).set(dalianLiaison).send({ name: 'x' })).status).toBe(404);
  });
});

describe('outreach', () => {
  it('logs a visit with its problems as accounts.outreach.logged and one problem-found event each', async () => {
    const e = await register(svc, shenyangLiaison);
    const me = liaison(uniq('liaison'));
    const res = await request(svc.app)
      .post(`/enterprises/${e.id}/outreach`)
      .set(me)
      .send({
        date: today,
        kind: 'campaign',
        campaign: '计量服务进企业',
        notes: '走访生产车间',
        problems: [
          { category: 'verification_calibration', title: '压力表超期未检', description: '12 块压力表检定证书过期' },
          { category: 'energy_metrology', title: '能源计量器具配备不足', description: '二级计量缺表' },
        ],
        followUpOn: addDays(today, 7),
      });
    expect(res.status).toBe(201);
    const o = res.body as { id: string; problems: { id: string }[] };
    expect(o.problems).toHaveLength(2);
    const msgs = await tap.waitFor((m) => m.key === o.id, { count: 3 });
    const byType = msgs.map((m) => m.value as { type: string; data: Record<string, unknown> });
    expect(byType[0]).toMatchObject({ type: 'accounts.outreach.logged', data: { enterpriseId: e.id, kind: 'campaign', campaign: '计量服务进企业', problemCount: 2, cityCode: '210100' } });
    const found = byType.filter((v) => v.type === 'accounts.outreach.problem-found');
    expect(found.map((v) => v.data.problemId).sort()).toEqual(o.problems.map((p) => p.id).sort());
    expect(found[0]!.data).toMatchObject({ enterpriseId: e.id, outreachId: o.id, category: 'verification_calibration', title: '压力表超期未检' });
  });

  it('answers the timeline, a liaison or city for a period, not-visited enterprises and follow-ups due', async () => {
    const tag = uniq('visit');
    const me = uniq('liaison');
    const asMe = liaison(me);
    const visited = await register(svc, shenyangLiaison, { tags: [tag] });
    const neglected = await register(svc, shenyangLiaison, { tags: [tag] });
    const longAgo = await register(svc, shenyangLiaison, { tags: [tag] });
    const log = async (id: string, date: string, followUpOn?: string) => {
      const res = await request(svc.app).post(`/enterprises/${id}/outreach`).set(asMe).send({ date, kind: 'visit', followUpOn });
      expect(res.status).toBe(201);
      return res.body as { id: string };
    };
    await log(longAgo.id, addDays(today, -90));
    const old = await log(visited.id, addDays(today, -40), addDays(today, -1));
    const recent = await log(visited.id, addDays(today, -3), addDays(today, 30));

    const timeline = await request(svc.app).get(`/enterprises/${visited.id}/outreach`).set(shenyangLiaison).query({ limit: 1 });
    expect(timeline.body.items.map((i: { id: string }) => i.id)).toEqual([recent.id]);
    const page2 = await request(svc.app).get(`/enterprises/${visited.id}/outreach`).set(shenyangLiaison).query({ limit: 1, cursor: timeline.body.nextCursor });
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([old.id]);
    expect(page2.body.nextCursor).toBeNull();

    const period = await request(svc.app).get('/outreach').set(shenyangManager).query({ liaisonId: me, from: addDays(today, -50), to: today });
    expect(period.body.items.map((i: { id: string }) => i.id)).toEqual([recent.id, old.id]);
    const city = await request(svc.app).get('/outreach').set(provinceManager).query({ cityCode: '210100', liaisonId: me });
    expect(city.body.items).toHaveLength(3);

    const notVisited = await request(svc.app).get('/outreach/not-visited').set(shenyangLiaison).query({ days: 30, tags: tag });
    expect(notVisited.body.items.map((i: { id: string }) => i.id).sort()).toEqual([neglected.id, longAgo.id].sort());
    const notVisited100 = await request(svc.app).get('/outreach/not-visited').set(shenyangLiaison).query({ days: 100, tags: tag });
    expect(notVisited100.body.items.map((i: { id: string }) => i.id)).toEqual([neglected.id]);

    const due = await request(svc.app).get('/outreach/follow-ups').set(asMe).query({ liaisonId: me });
    expect(due.body.items.map((i: { id: string }) => i.id)).toEqual([old.id]);
    const later = await request(svc.app).get('/outreach/follow-ups').set(asMe).query({ liaisonId: me, due: addDays(today, 31) });
    expect(later.body.items.map((i: { id: string }) => i.id)).toEqual([old.id, recent.id]);
    const done = await request(svc.app).post(`/outreach/${old.id}/follow-up-done`).set(asMe);
    expect(done.body).toMatchObject({ followUpDoneAt: expect.any(String) });
    expect((await request(svc.app).get('/outreach/follow-ups').set(asMe).query({ liaisonId: me })).body.items).toEqual([]);
  });

  it('keeps outreach to bureau staff of the city, and a liaison to their own log', async () => {
    const e = await register(svc, shenyangLiaison);
    const body = { date: today, kind: 'phone' };
    expect((await request(svc.app).post(`/enterprises/${e.id}/outreach`).set(enterpriseUser(e.id)).send(body)).status).toBe(403);
    expect((await request(svc.app).get(`/enterprises/${e.id}/outreach`).set(enterpriseUser(e.id))).status).toBe(403);
    expect((await request(svc.app).post(`/enterprises/${e.id}/outreach`).set(dalianLiaison).send(body)).status).toBe(404);
    expect((await request(svc.app).get(`/enterprises/${e.id}/outreach`).set(dalianLiaison)).status).toBe(404);
    expect((await request(svc.app).post(`/enterprises/${e.id}/outreach`).set(shenyangLiaison).send({ ...body, liaisonId: 'someone-else' })).status).toBe(403);
    const forLiaison = await request(svc.app).post(`/enterprises/${e.id}/outreach`).set(shenyangManager).send({ ...body, liaisonId: 'liaison-sy' });
    expect(forLiaison.status).toBe(201);
    const future = await request(svc.app).post(`/enterprises/${e.id}/outreach`).set(admin).send({ date: addDays(today, 5), kind: 'visit', followUpOn: addDays(today, 4) });
    expect(future.status).toBe(400);
    expect(future.body.errors.map((x: { path: string }) => x.path).sort()).toEqual(['date', 'followUpOn']);
    // A Dalian liaison listing Shenyang's outreach gets nothing of it.
    expect((await request(svc.app).get('/outreach').set(dalianLiaison).query({ cityCode: '210100', liaisonId: 'liaison-sy' })).body.items).toEqual([]);
    expect((await request(svc.app).post(`/outreach/${forLiaison.body.id}/follow-up-done`).set(dalianLiaison)).status).toBe(404);
  });
});
