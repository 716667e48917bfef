import request from 'supertest';
import { type TopicTap, uniq } from '@metrodesk/testkit';
import { REQUEST_TOPIC } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import type { RequestsService } from '../../src/service';
import { PATIENCE, startService, seedEnterprise, enterpriseUser, liaison, manager, province, DALIAN, SHENYANG, world } from '../fixtures/service';

// The servers are shared with other work on a small machine: allow for slow moments.
jest.setTimeout(120000);

let svc: RequestsService;
let tap: TopicTap;
let ent: string;
let dalianEnt: string;

beforeAll(async () => {
  svc = await startService();
  tap = await world.tap([REQUEST_TOPIC]);
  [ent, dalianEnt] = await Promise.all([seedEnterprise(svc, SHENYANG, '沈阳压力仪表有限公司'), seedEnterprise(svc, DALIAN)]);
}, 60000);
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

/** A closed request of 2025, rated 5, with 24 pressure gauges verified free of charge. */
const row = (over: Record<string, unknown> = {}) => ({
  externalRef: uniq('JL2025'),
  enterpriseId: ent,
  category: 'verification_calibration',
  title: '压力表周期检定',
  filedAt: '2025-03-03T09:00:00+08:00',
  respondedAt: '2025-03-03T10:30:00+08:00',
  resolvedAt: '2025-03-06T16:00:00+08:00',
  solved: true,
  solutionKind: 'on_site_verification',
  solutionText: '现场检定24台压力表',
  state: 'closed',
  closedAt: '2025-03-08T10:00:00+08:00',
  satisfaction: 5,
  instrumentsVerified: [{ class: 'pressure_gauge', count: 24 }],
  freeOfCharge: true,
  ...over,
});

const post = (rows: unknown[], who = manager(SHENYANG), lang = 'zh-CN') => request(svc.app).post(`/requests/import?lang=${lang}`).set(who).send({ rows });
const countOf = async (enterpriseId: string) => (await request(svc.app).get(`/requests?enterpriseId=${enterpriseId}&limit=1`).set(province)).body.total as number;

describe('importing past requests', () => {
  it('records closed and resolved requests with their own dates, numbers of their year, no SLA and one imported event each', async () => {
    const closed = row();
    const resolved = row({ externalRef: uniq('JL2025'), category: 'test_solution', title: '流量计测量方案', filedAt: '2025-11-20T09:00:00+08:00', respondedAt: null, resolvedAt: '2025-11-28T09:00:00+08:00', solved: false, solutionKind: 'technical_advice', state: 'resolved', closedAt: null, satisfaction: null, instrumentsVerified: [] });
    const res = await post([closed, resolved]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 2, alreadyImported: 0 });
    const [a, b] = res.body.requests as { row: number; requestId: string; number: string; externalRef: string }[];
    expect(a).toMatchObject({ row: 1, externalRef: closed.externalRef, number: expect.stringMatching(/^210100-2025-\d{6}$/) });
    expect(b).toMatchObject({ row: 2, externalRef: resolved.externalRef, number: expect.stringMatching(/^210100-2025-\d{6}$/) });

    const got = (await request(svc.app).get(`/requests/${a!.requestId}`).set(manager(SHENYANG))).body;
    expect(got).toMatchObject({ state: 'closed', cityCode: SHENYANG, enterpriseName: '沈阳压力仪表有限公司', filedAt: '2025-03-03T01:00:00.000Z', closedAt: '2025-03-08T02:00:00.000Z', outcome: 'satisfied', assigneeId: null, imported: { externalRef: closed.externalRef, instrumentsVerified: [{ class: 'pressure_gauge', count: 24 }], freeOfCharge: true } });
    expect(got.sla.state).toBe('none');
    const timeline = (await request(svc.app).get(`/requests/${a!.requestId}/timeline`).set(manager(SHENYANG))).body;
    expect(timeline.history.map((h: { action: string }) => h.action)).toEqual(['file', 'respond', 'resolve', 'return_visit_satisfied']);

    const [msg] = await tap.waitFor((m) => m.key === a!.requestId, { timeoutMs: PATIENCE });
    expect(msg!.value).toMatchObject({
      type: 'requests.request.imported',
      time: '2025-03-08T02:00:00.000Z',
      data: {
        requestId: a!.requestId, number: a!.number, cityCode: SHENYANG, category: 'verification_calibration', version: 1, cycle: 1, externalRef: closed.externalRef,
        state: 'closed', filedAt: '2025-03-03T01:00:00.000Z', respondedAt: '2025-03-03T02:30:00.000Z', resolvedAt: '2025-03-06T08:00:00.000Z', closedAt: '2025-03-08T02:00:00.000Z',
        solved: true, solutionKind: 'on_site_verification', satisfaction: 5, satisfied: true, outcome: 'satisfied',
        instrumentsVerified: [{ class: 'pressure_gauge', count: 24 }], freeOfCharge: true,
      },
    });
    const [other] = await tap.waitFor((m) => m.key === b!.requestId, { timeoutMs: PATIENCE });
    expect(other!.value).toMatchObject({ type: 'requests.request.imported', data: { state: 'resolved', respondedAt: null, closedAt: null, satisfaction: null, satisfied: null, outcome: null, solved: false } });
    // No filing, no status change: nothing for assignment, SLA or notifications to start on.
    expect(tap.find((m) => m.key === a!.requestId || m.key === b!.requestId).map((m) => (m.value as EventEnvelope).type)).toEqual(['requests.request.imported', 'requests.request.imported']);
  });

  it('refuses the whole import when a row is bad, naming each row and column in the reader language', async () => {
    const good = row();
    const rows = [
      good,
      row({ filedAt: '2025-03-10', resolvedAt: '2025-03-01T09:00:00+08:00' }),
      row({ state: 'closed', closedAt: null, satisfaction: null, category: 'teapots' }),
      row({ enterpriseId: dalianEnt }),
      row({ externalRef: good.externalRef }),
    ];
    const zh = await post(rows);
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'rows.2.filedAt', message: expect.stringMatching(/^第 2 行「提交时间」：应为带时区的日期时间/) },
        { path: 'rows.3.category', message: expect.stringMatching(/^第 3 行「服务类别」：应为以下之一/) },
        { path: 'rows.4.enterpriseId', message: expect.stringContaining('第 4 行「企业」：您的辖区内没有企业') },
        { path: 'rows.5.externalRef', message: '第 5 行「原系统编号」：与第 1 行重复' },
      ]),
    );
    expect(zh.body.detail).toContain('未导入任何记录');
    const en = await post([row({ resolvedAt: '2025-03-01T09:00:00+08:00' }), row({ state: 'closed', closedAt: null })], manager(SHENYANG), 'en');
    expect(en.status).toBe(400);
    expect(en.body.errors).toEqual([
      { path: 'rows.1.resolvedAt', message: 'Row 1, Resolved at: cannot be before First response at' },
      { path: 'rows.2.closedAt', message: 'Row 2, Closed at: is required when the state is closed' },
    ]);
    // The good row of the refused import was not recorded either.
    const again = await post([good]);
    expect(again.status).toBe(201);
    expect(again.body.imported).toBe(1);
  });

  it('imports the same reference once: the same file sent again adds nothing', async () => {
    const rows = [row(), row()];
    const first = await post(rows);
    expect(first.body).toMatchObject({ imported: 2, alreadyImported: 0 });
    const before = await countOf(ent);
    const second = await post(rows);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ imported: 0, alreadyImported: 2, requests: [] });
    expect(await countOf(ent)).toBe(before);
    // A reference of another city is another request.
    const dalian = await post([row({ externalRef: rows[0]!.externalRef, enterpriseId: dalianEnt })], province);
    expect(dalian.body).toMatchObject({ imported: 1, requests: [{ number: expect.stringMatching(/^210200-2025-/) }] });
  });

  it('is for managers: liaisons and enterprises are refused, a city manager only imports for the city', async () => {
    expect((await post([row()], liaison('l-1'))).status).toBe(403);
    expect((await post([row()], enterpriseUser(ent))).status).toBe(403);
    expect((await post([row({ enterpriseId: dalianEnt })], manager(SHENYANG))).status).toBe(400);
    expect((await post([row({ enterpriseId: dalianEnt })], manager(DALIAN))).status).toBe(201);
    const empty = await post([]);
    expect(empty.status).toBe(400);
  });
});
