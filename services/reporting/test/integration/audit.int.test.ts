import request from 'supertest';
import ExcelJS from 'exceljs';
import { testLogger, TopicTap, uniq, waitFor, produceRaw } from '@metrodesk/testkit';
import { eventFor, type EventActor, type EventEnvelope } from '@metrodesk/events';
import * as c from '@metrodesk/contracts';
import type { EventDef } from '@metrodesk/contracts';
import type { z } from 'zod';
import { createReportingService, type ReportingService } from '../../src/service';
import { as, makeWorld, worldEnv } from '../fixtures/history';

jest.setTimeout(240_000);

const w = makeWorld();
let svc: ReportingService;

const send = async <S extends z.ZodType>(d: EventDef<S>, subject: string, data: z.input<S>, actor?: EventActor, time?: string): Promise<EventEnvelope> => {
  const { topic, event } = eventFor(d, { subject, data, source: w.source, actor, time: time ? new Date(time) : undefined });
  await produceRaw(w.topic(topic), [{ key: subject, value: JSON.stringify(event) }]);
  return event as EventEnvelope;
};

const y = w.year;
const t = (md: string, hm: string) => `${y}-${md}T${hm}:00.000Z`;
const flags = { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityDemonstration: false };
const enterprise = (id: string, city: string, version: number, over: Record<string, unknown> = {}) => ({
  enterpriseId: id,
  version,
  uscc: `91${city.slice(0, 4)}${String(Date.now()).slice(-12)}`,
  name: '甲市燃气表厂',
  provinceCode: w.province,
  cityCode: city,
  industry: '制造',
  status: 'active' as const,
  tags: [],
  flags,
  ...over,
});

const wang: EventActor = { id: uniq('li-wang'), role: 'liaison', name: '王芳' };
const chen = { id: uniq('cm-chen'), role: 'city_manager' };
const E = uniq('E');
const R = uniq('R');
const ref = (version: number, at: string) => ({ requestId: R, enterpriseId: E, cityCode: w.A, category: 'verification_calibration' as const, priority: 'normal' as const, version, cycle: 1, at });

const managerA = as({ userId: 'cm-a', role: 'city_manager', cityCode: w.A });
const managerB = as({ userId: 'cm-b', role: 'city_manager', cityCode: w.B });
const get = (path: string, who = w.provinceManager) => request(svc.app).get(path).set(who);

type Line = { id: string; at: string; what: string; actorName: string; actorRole: string; subject: string; changes: string };
const trail = async (query: string, lang = 'zh-CN'): Promise<Line[]> => {
  const out: Line[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/audit?${query}&lang=${lang}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    out.push(...(res.body.items as Line[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return out;
};

let updated: EventEnvelope;
let policy: EventEnvelope;

beforeAll(async () => {
  await w.create();
  svc = await createReportingService(worldEnv(w, { CONSUMER_GROUP: uniq('reporting-audit'), CONSUMER_FROM_BEGINNING: 'false' }), testLogger('reporting'));
  await svc.startBackground();
  // The group only reads what arrives after it has joined: probe until an event gets through.
  const probe = uniq('probe');
  await waitFor(
    async () => {
      await send(c.enterpriseRegistered, probe, enterprise(probe, w.A, 1), { id: 'probe', role: 'admin' });
      return (await get(`/audit?enterpriseId=${probe}`)).status === 200;
    },
    { timeoutMs: 120_000, intervalMs: 2000, what: 'the consumer to join' },
  );
  // Chen is named by identity only: the trail takes the name from there.
  await send(c.userCreated, chen.id, { userId: chen.id, version: 1, name: '陈明', role: 'city_manager', cityCode: w.A, active: true }, { id: 'admin-1', role: 'admin', name: '管理员' });
  await send(c.enterpriseRegistered, E, enterprise(E, w.A, 1), wang, t('03-01', '01:00'));
  updated = await send(c.enterpriseUpdated, E, { ...enterprise(E, w.A, 2, { industry: '制药' }), changed: ['industry'] }, wang, t('03-02', '02:30'));
  await send(c.enterpriseFlagged, E, { ...enterprise(E, w.A, 3, { industry: '制药', flags: { ...flags, keyEnergyUnit: true } }), flag: 'keyEnergyUnit', value: true }, chen, t('03-02', '03:00'));
  const contactId = uniq('ct');
  await send(c.contactAdded, E, { enterpriseId: E, contactId, name: '李雷', role: '计量主管', primary: true }, wang, t('03-02', '04:00'));
  await send(
    c.contactUpdated,
    E,
    { enterpriseId: E, contactId, name: '李雷', role: '计量部部长', primary: true, changed: ['role', 'phone'], previous: { name: '李雷', role: '计量主管', primary: true } },
    chen,
    t('03-02', '04:10'),
  );
  await send(c.contactRemoved, E, { enterpriseId: E, contactId, name: '李雷' }, chen, t('03-02', '04:20'));
  await send(c.requestFiled, R, { ...ref(1, t('03-03', '01:00')), title: '燃气表检定', instruments: [], filedBy: 'ent-user', filedByRole: 'enterprise' }, { id: 'ent-user', role: 'enterprise', name: '张工' }, t('03-03', '01:00'));
  await send(c.assignmentAssigned, R, { requestId: R, cityCode: w.A, at: t('03-03', '01:05'), assignmentId: uniq('as'), assigneeId: wang.id, assigneeName: '王芳', how: 'auto', by: 'system' }, { id: 'system', role: 'service' }, t('03-03', '01:05'));
  await send(c.requestResponded, R, { ...ref(2, t('03-03', '02:00')), by: wang.id }, wang, t('03-03', '02:00'));
  await send(c.requestEscalated, R, { ...ref(3, t('03-04', '02:00')), level: 'city', reason: 'late' }, chen, t('03-04', '02:00'));
  policy = await send(
    c.policySaved,
    'energy_metrology:urgent',
    { policyId: 'energy_metrology:urgent', category: 'energy_metrology', priority: 'urgent', version: 7, responseHours: 4, resolutionWorkingDays: 5, returnVisitWorkingDays: 5, calendarId: 'cn', previous: { responseHours: 8, resolutionWorkingDays: 5, returnVisitWorkingDays: 5, calendarId: 'cn' } },
    { id: 'pm-zhao', role: 'province_manager', name: '赵敏' },
  );
  await waitFor(async () => (await get(`/audit?requestId=${R}`)).body.items?.length === 4, { timeoutMs: 120_000, intervalMs: 500, what: 'the request trail' });
  await waitFor(async () => (await get(`/audit?enterpriseId=${E}&limit=200`)).body.items?.length === 10, { timeoutMs: 120_000, intervalMs: 500, what: 'the enterprise trail' });
});

afterAll(async () => {
  await svc?.stop();
  await w.drop();
});

describe('the audit trail', () => {
  it("shows an enterprise update by a named liaison in the enterprise's trail, with the actor, the time and what changed", async () => {
    const lines = await trail(`enterpriseId=${E}`);
    expect(lines.map((l) => l.what)).toEqual(['登记企业', '修改企业信息', '修改企业标记', '添加联系人', '修改联系人', '删除联系人', '提交服务请求', '分派请求', '响应请求', '升级请求']);
    const update = lines[1]!;
    expect(update).toMatchObject({ id: updated.id, at: updated.time, actorName: '王芳', actorRole: '联络员', subject: '企业 甲市燃气表厂', changes: '行业: 制药' });
    expect(lines[2]).toMatchObject({ actorName: '陈明', actorRole: '市局管理员', changes: '重点用能单位: 否 → 是' });
    expect(lines[3]).toMatchObject({ actorName: '王芳', subject: '联系人 李雷' });
    // A phone number is personal data: the trail says it changed, never what it was.
    expect(lines[4]).toMatchObject({ actorName: '陈明', subject: '联系人 李雷', changes: '角色: 计量主管 → 计量部部长；电话: 已修改' });
    expect(lines[5]).toMatchObject({ actorName: '陈明', subject: '联系人 李雷', changes: '联系人: 李雷 → 已删除' });
    const en = await trail(`enterpriseId=${E}`, 'en');
    expect(en[1]).toMatchObject({ what: 'Changed the enterprise', actorName: '王芳', actorRole: 'Liaison', changes: 'Industry: 制药' });
  });

  it("lists a request's filing, assignment, response and escalation with their actors, in words", async () => {
    const lines = await trail(`requestId=${R}`, 'en');
    expect(lines.map((l) => [l.what, l.actorName, l.actorRole])).toEqual([
      ['Filed the request', '张工', 'Enterprise user'],
      ['Assigned the request', 'System', 'System'],
      ['Responded', '王芳', 'Liaison'],
      ['Escalated the request', '陈明', 'City manager'],
    ]);
    expect(lines[0]!.subject).toBe('Request 燃气表检定');
    expect(lines[1]!.changes).toBe('Assignee: 王芳');
    expect(lines[3]!.changes).toBe('Level: city');
    for (const l of lines) expect(JSON.stringify(l)).not.toMatch(/requests\.request|assignment\.assignment|city_manager/);
  });

  it('exports the trail as CSV and XLSX that parse back with words in the headings', async () => {
    const csv = await get(`/audit?enterpriseId=${E}&format=csv&lang=zh-CN`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(rows[0]).toBe('时间,操作人,角色,操作,对象,变更');
    expect(rows).toHaveLength(11);
    expect(rows[2]).toBe(`${y}-03-02 10:30,王芳,联络员,修改企业信息,企业 甲市燃气表厂,行业: 制药`);

    const xlsx = await get(`/audit?requestId=${R}&format=xlsx&lang=en`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('Audit trail')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Time', 'By', 'Role', 'What', 'Subject', 'Changes']);
    expect(ws.rowCount).toBe(5);
    expect([1, 2, 3, 4, 5].map((col) => ws.getRow(4).getCell(col).text)).toEqual([`${y}-03-03 10:00`, '王芳', 'Liaison', 'Responded', 'Request']);
  });

  it('lets managers in scope read it and no one else: another city 404, liaisons and enterprises 403', async () => {
    expect((await get(`/audit?enterpriseId=${E}`, managerA)).status).toBe(200);
    expect((await get(`/audit?requestId=${R}&format=csv`, managerA)).status).toBe(200);
    for (const path of [`/audit?enterpriseId=${E}`, `/audit?requestId=${R}`, `/audit?requestId=${R}&format=xlsx`]) {
      const res = await get(path, managerB);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await get(`/audit?kind=users&cityCode=${w.A}`, managerB)).status).toBe(400);
    for (const who of [w.liaisonB, as({ userId: 'li-a', role: 'liaison', cityCode: w.A }), as({ userId: 'ent', role: 'enterprise', enterpriseId: E })]) {
      expect((await get(`/audit?enterpriseId=${E}`, who)).status).toBe(403);
      expect((await get(`/audit?requestId=${R}&format=csv`, who)).status).toBe(403);
    }
    const bad = await get(`/audit?enterpriseId=${E}&requestId=${R}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/enterpriseId/);
  });

  it("shows a city's user changes to its manager, named", async () => {
    const res = await get(`/audit?kind=users&lang=en`, managerA);
    expect(res.status).toBe(200);
    const chenLine = (res.body.items as Line[]).find((l) => l.subject === 'User 陈明');
    expect(chenLine).toMatchObject({ what: 'Created the user', actorName: '管理员', actorRole: 'Administrator', changes: 'Role: City manager; Active: yes' });
    expect(((await get(`/audit?kind=users&lang=en`, managerB)).body.items as Line[]).some((l) => l.subject === 'User 陈明')).toBe(false);
  });

  it('shows a policy change with who made it and from what to what, to every manager', async () => {
    const find = async (who: Record<string, string>) => {
      let line: Line | undefined;
      await waitFor(async () => !!(line = ((await get(`/audit?kind=policies&lang=en&limit=200`, who)).body.items as Line[] | undefined)?.find((l) => l.id === policy.id)), { timeoutMs: 60_000, intervalMs: 500, what: 'the policy change' });
      return line;
    };
    expect(await find(managerA)).toMatchObject({ what: 'Changed the SLA policy', actorName: '赵敏', actorRole: 'Provincial manager', subject: 'SLA policy Energy metrology · Urgent', changes: 'Response target (hours): 8 → 4' });
    expect((await get('/audit?kind=policies', w.liaisonB)).status).toBe(403);
  });

  it("shows a routing-rules change to the city's managers, with the liaisons and bureaus by name", async () => {
    const zhou = uniq('li-zhou');
    await send(c.userCreated, zhou, { userId: zhou, version: 1, name: '周杰', role: 'liaison', cityCode: w.A, active: true }, { id: 'admin-1', role: 'admin', name: '管理员' });
    const rules = await send(c.rulesChanged, w.A, { cityCode: w.A, version: 3, categories: [{ category: 'other', liaisonIds: [zhou] }], previous: [{ category: 'other', routeToCityCode: w.B }] }, chen);
    const rulesOf = async (who: Record<string, string>, lang: string) => ((await get(`/audit?kind=rules&lang=${lang}&limit=200`, who)).body.items as Line[] | undefined)?.find((l) => l.id === rules.id);
    await waitFor(async () => !!(await rulesOf(managerA, 'en')), { timeoutMs: 60_000, intervalMs: 500, what: 'the rules change' });
    expect(await rulesOf(managerA, 'en')).toMatchObject({ what: 'Changed the routing rules', actorName: '陈明', subject: 'Routing rules Alpha', changes: 'Other: sent to Beta → only 周杰' });
    expect(await rulesOf(w.provinceManager, 'zh-CN')).toMatchObject({ what: '修改分派规则', subject: '分派规则 甲市', changes: '其他: 转至 乙市 → 仅限 周杰' });
    expect(await rulesOf(managerB, 'en')).toBeUndefined();
    expect((await get(`/audit?kind=rules&cityCode=${w.A}`, managerB)).status).toBe(400);
  });

  it('keeps one entry for a duplicate event', async () => {
    await produceRaw(w.topic(c.ENTERPRISE_TOPIC), [{ key: E, value: JSON.stringify(updated) }, { key: E, value: JSON.stringify(updated) }]);
    const marker = await send(c.enterpriseUpdated, E, { ...enterprise(E, w.A, 4, { industry: '化工' }), changed: ['industry'] }, wang, t('03-05', '01:00'));
    await waitFor(async () => (await trail(`enterpriseId=${E}`)).some((l) => l.id === marker.id), { timeoutMs: 120_000, intervalMs: 500, what: 'the marker' });
    expect((await trail(`enterpriseId=${E}`)).filter((l) => l.id === updated.id)).toHaveLength(1);
  });

  it('dead-letters a poison user event and keeps consuming', async () => {
    const dlq = await new TopicTap([w.topic(`${c.USER_TOPIC}.dlq`)]).start();
    try {
      const key = uniq('poison');
      const { event } = eventFor(c.userCreated, { subject: key, source: w.source, data: { userId: key, version: 1, name: 'x', role: 'admin', active: true } });
      await produceRaw(w.topic(c.USER_TOPIC), [{ key, value: JSON.stringify({ ...event, data: { userId: key } }) }]);
      const ours = (m: { key: string | null; headers: Record<string, string> }) => m.key === key && m.headers['dlq-group'] === svc.runtime.consumers[0]!.groupId;
      await dlq.waitFor(ours, { timeoutMs: 120_000 });
      expect(dlq.find(ours)[0]!.headers['dlq-error']).toMatch(/invalid data for identity.user.created/);
      const after = await send(c.userCreated, uniq('u'), { userId: uniq('u'), version: 1, name: '韩梅', role: 'liaison', cityCode: w.A, active: true }, { id: 'admin-1', role: 'admin', name: '管理员' });
      await waitFor(async () => ((await get(`/audit?kind=users&cityCode=${w.A}&limit=200`)).body.items as Line[]).some((l) => l.id === after.id), { timeoutMs: 120_000, intervalMs: 500, what: 'the next user event' });
    } finally {
      await dlq.stop();
    }
  });
});
