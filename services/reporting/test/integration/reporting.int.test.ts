import request from 'supertest';
import ExcelJS from 'exceljs';
import { testLogger, TopicTap, uniq, waitFor, produceRaw } from '@metrodesk/testkit';
import { eventFor, uuidv7 } from '@metrodesk/events';
import {
  REQUEST_TOPIC,
  assignmentAssigned,
  assignmentTransferred,
  clockBreached,
  clockMet,
  enterpriseRegistered,
  requestClosed,
  requestFiled,
  requestReopened,
  requestResolved,
  requestResponded,
  requestStatusChanged,
  requestExtensionRequested,
} from '@metrodesk/contracts';
import { createReportingService, type ReportingService } from '../../src/service';
import { makeWorld, history, allOf, stopAndDrop, worldEnv, type Sent } from '../fixtures/history';
import { codesIn } from '../fixtures/words';
import { settled } from '../fixtures/settled';

/** Every sheet's name and every cell's text of a workbook, one line each. */
const cellsOf = (wb: ExcelJS.Workbook): string =>
  wb.worksheets.flatMap((ws) => [ws.name, ...ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.filter((v) => v !== null && v !== undefined).map(String) : []))]).join('\n');

jest.setTimeout(240_000);

const w = makeWorld();
const h = history(w);
const Y = w.year;
let svc: ReportingService;

async function send(list: Sent[]) {
  const byTopic = new Map<string, Sent[]>();
  for (const s of list) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
  for (const [topic, items] of byTopic) await produceRaw(w.topic(topic), items.map((s) => ({ key: s.event.subject, value: JSON.stringify(s.event) })));
}


const get = (s: ReportingService, path: string, who = w.provinceManager) => request(s.app).get(path).set(who);

async function eventually(s: ReportingService, path: string, check: (body: Record<string, unknown>) => boolean, timeoutMs = 120_000) {
  await waitFor(async () => check((await get(s, path)).body), { timeoutMs, intervalMs: 300, what: `figures at ${path}` }).catch(() => undefined);
  await settled(s);
  return (await get(s, path)).body;
}

const cats = (m: Record<string, number>) => ({ verification_calibration: 0, emergency_verification: 0, management_system: 0, test_solution: 0, product_development: 0, training_request: 0, energy_metrology: 0, other: 0, ...m });
const states = (m: Record<string, number>) => ({ filed: 0, assigned: 0, responded: 0, in_progress: 0, waiting_enterprise: 0, resolved: 0, closed: 0, withdrawn: 0, ...m });
const ratio = (count: number, of: number, rate: number | null) => ({ count, of, rate });
const NONE = ratio(0, 0, null);
const byTarget = (priority: Record<string, ReturnType<typeof ratio>>, category: Record<string, ReturnType<typeof ratio>>) => ({
  priority: { normal: NONE, urgent: NONE, emergency: NONE, ...priority },
  category: Object.fromEntries(Object.keys(cats({})).map((k) => [k, category[k] ?? NONE])),
});
const unassigned = (response: ReturnType<typeof ratio>, satisfaction: ReturnType<typeof ratio>) => [{ liaisonId: null, response, satisfaction, noAnswer: 0 }];

// Hand-computed from fixtures/history.ts.
const provinceYear = () => ({
  region: { code: w.province, name: '测试省', nameEn: 'Testland', level: 'province' },
  period: { from: `${Y}-01-01`, to: `${Y}-12-31` },
  enterprisesServed: 4,
  contactPointEnterprisesServed: 2,
  keyEnergyUnitsServed: 2,
  problemsSolved: 3,
  solutionsProvided: 4,
  outreachVisits: 2,
  requests: {
    total: 5,
    proactive: ratio(1, 5, 20),
    byCategory: cats({ verification_calibration: 1, energy_metrology: 1, emergency_verification: 1, management_system: 1, test_solution: 1 }),
    byStatus: states({ closed: 2, withdrawn: 1, assigned: 1, resolved: 1 }),
  },
  responseWithin24h: ratio(3, 5, 60),
  // R4's response clock breached: the only response sample, late against its own target.
  responseOnTarget: ratio(0, 1, 0),
  responseOnTargetBy: byTarget({ normal: ratio(0, 1, 0) }, { management_system: ratio(0, 1, 0) }),
  resolutionOnTime: ratio(3, 4, 75),
  satisfaction: ratio(2, 3, 66.7),
  noAnswer: 0,
  byLiaison: unassigned(ratio(0, 1, 0), ratio(2, 3, 66.7)),
  responseTime: { p50Minutes: 60, p90Minutes: 1560, samples: 4 },
  breaches: { total: 2, response: 1, resolution: 1 },
  escalations: { total: 2, city: 1, province: 1 },
  training: { sessions: 2, peopleTrained: 47, passed: 45 },
  qualificationFiles: { files: 4, persons: 3, units: 3 },
});
const cityAYear = () => ({
  ...provinceYear(),
  region: { code: w.A, name: '甲市', nameEn: 'Alpha', level: 'city' },
  enterprisesServed: 3,
  contactPointEnterprisesServed: 1,
  keyEnergyUnitsServed: 1,
  outreachVisits: 1,
  requests: { total: 3, proactive: ratio(1, 3, 33.3), byCategory: cats({ verification_calibration: 1, energy_metrology: 1, test_solution: 1 }), byStatus: states({ closed: 2, resolved: 1 }) },
  responseWithin24h: ratio(2, 3, 66.7),
  responseOnTarget: NONE,
  responseOnTargetBy: byTarget({}, {}),
  byLiaison: unassigned(NONE, ratio(2, 3, 66.7)),
  responseTime: { p50Minutes: 600, p90Minutes: 1560, samples: 3 },
  breaches: { total: 1, response: 0, resolution: 1 },
  training: { sessions: 1, peopleTrained: 31, passed: 29 },
  qualificationFiles: { files: 2, persons: 1, units: 1 },
});
const cityBYear = () => ({
  ...provinceYear(),
  region: { code: w.B, name: '乙市', nameEn: 'Beta', level: 'city' },
  enterprisesServed: 1,
  contactPointEnterprisesServed: 1,
  keyEnergyUnitsServed: 1,
  problemsSolved: 0,
  solutionsProvided: 0,
  outreachVisits: 1,
  requests: { total: 2, proactive: ratio(0, 2, 0), byCategory: cats({ emergency_verification: 1, management_system: 1 }), byStatus: states({ withdrawn: 1, assigned: 1 }) },
  responseWithin24h: ratio(1, 2, 50),
  resolutionOnTime: ratio(0, 0, null),
  satisfaction: ratio(0, 0, null),
  byLiaison: unassigned(ratio(0, 1, 0), NONE),
  responseTime: { p50Minutes: 60, p90Minutes: 60, samples: 1 },
  breaches: { total: 1, response: 1, resolution: 0 },
  escalations: { total: 0, city: 0, province: 0 },
  training: { sessions: 1, peopleTrained: 16, passed: 16 },
  qualificationFiles: { files: 2, persons: 2, units: 2 },
});

beforeAll(async () => {
  await w.create();
  svc = await createReportingService(worldEnv(w, { CONSUMER_GROUP: uniq('reporting'), CONSUMER_FROM_BEGINNING: 'false' }), testLogger('reporting'));
  await svc.startBackground();
  // The group only reads what arrives after it has joined: probe until an event gets through.
  const probe = uniq('probe');
  await waitFor(
    async () => {
      const { topic, event } = eventFor(enterpriseRegistered, {
        subject: probe,
        source: w.source,
        data: { enterpriseId: probe, version: 1, uscc: '91' + '0'.repeat(16), name: 'probe', provinceCode: w.province, cityCode: w.A, status: 'active', tags: [], flags: { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityDemonstration: false } },
      });
      await produceRaw(w.topic(topic), [{ key: probe, value: JSON.stringify(event) }]);
      return waitFor(() => svc.model.enterprises.findOne({ _id: probe }), { timeoutMs: 3000 }).catch(() => null);
    },
    { timeoutMs: 60_000, what: 'the consumer group to join' },
  );
  await send(allOf(h));
});

afterAll(async () => {
  await svc.stop();
  await w.drop();
});

describe('figures from a known event history', () => {
  it('gives every figure of the year for the province and each city', async () => {
    const province = await eventually(svc, `/reports/summary?period=${Y}`, (b) => JSON.stringify(b) === JSON.stringify(provinceYear()));
    expect(province).toEqual(provinceYear());
    expect((await get(svc, `/reports/summary?period=${Y}&region=${w.A}`)).body).toEqual(cityAYear());
    expect((await get(svc, `/reports/summary?period=${Y}&region=${w.B}`)).body).toEqual(cityBYear());

    const table = await get(svc, `/reports/cities?period=${Y}`);
    expect(table.status).toBe(200);
    expect(table.body).toEqual({ period: { from: `${Y}-01-01`, to: `${Y}-12-31` }, rows: [cityAYear(), cityBYear()], total: provinceYear() });
  });

  it('gives the quarter, a month, single days (Asia/Shanghai) and an arbitrary range', async () => {
    const q1 = (await get(svc, `/reports/summary?period=${Y}-Q1`)).body;
    expect(q1).toEqual({
      ...provinceYear(),
      period: { from: `${Y}-01-01`, to: `${Y}-03-31` },
      problemsSolved: 2,
      solutionsProvided: 3,
      resolutionOnTime: ratio(2, 3, 66.7),
      satisfaction: ratio(1, 2, 50),
      byLiaison: unassigned(ratio(0, 1, 0), ratio(1, 2, 50)),
    });

    const april = (await get(svc, `/reports/summary?period=${Y}-04`)).body;
    expect(april).toMatchObject({
      enterprisesServed: 1,
      contactPointEnterprisesServed: 0,
      keyEnergyUnitsServed: 1,
      problemsSolved: 1,
      solutionsProvided: 1,
      requests: { total: 0 },
      resolutionOnTime: ratio(1, 1, 100),
      satisfaction: ratio(1, 1, 100),
      responseWithin24h: ratio(0, 0, null),
      responseTime: { p50Minutes: null, p90Minutes: null, samples: 0 },
      qualificationFiles: { files: 0, persons: 0, units: 0 },
    });

    // R2's second resolution happened at 17:00 UTC on 31 March: 1 April in Shanghai.
    expect((await get(svc, `/reports/summary?period=${Y}-04-01&region=${w.A}`)).body.solutionsProvided).toBe(1);
    expect((await get(svc, `/reports/summary?period=${Y}-03-31&region=${w.A}`)).body.solutionsProvided).toBe(0);

    const range = (await get(svc, `/reports/summary?from=${Y}-01-10&to=${Y}-02-15`)).body;
    expect(range).toEqual({
      ...provinceYear(),
      period: { from: `${Y}-01-10`, to: `${Y}-02-15` },
      enterprisesServed: 3,
      contactPointEnterprisesServed: 1,
      keyEnergyUnitsServed: 1,
      problemsSolved: 1,
      solutionsProvided: 2,
      outreachVisits: 1,
      requests: { total: 3, proactive: ratio(1, 3, 33.3), byCategory: cats({ verification_calibration: 1, emergency_verification: 1, energy_metrology: 1 }), byStatus: states({ closed: 2, withdrawn: 1 }) },
      responseWithin24h: ratio(2, 3, 66.7),
      responseOnTarget: NONE,
      responseOnTargetBy: byTarget({}, {}),
      resolutionOnTime: ratio(1, 2, 50),
      satisfaction: ratio(1, 2, 50),
      byLiaison: unassigned(NONE, ratio(1, 2, 50)),
      responseTime: { p50Minutes: 60, p90Minutes: 1560, samples: 3 },
      breaches: { total: 1, response: 0, resolution: 1 },
      training: { sessions: 0, peopleTrained: 0, passed: 0 },
      qualificationFiles: { files: 1, persons: 1, units: 1 },
    });
  });

  it("counts last year's imported requests in the months they happened: rates, problems solved, by city", async () => {
    const last = Y - 1;
    const year = await eventually(svc, `/reports/summary?period=${last}`, (b) => (b.requests as { total?: number } | undefined)?.total === 3);
    expect(year).toMatchObject({
      requests: { total: 3, byCategory: cats({ verification_calibration: 1, energy_metrology: 1, test_solution: 1 }), byStatus: states({ closed: 2, resolved: 1 }) },
      problemsSolved: 2,
      solutionsProvided: 3,
      enterprisesServed: 3,
      // I1 answered within the hour, I3 after 30 hours; I2 has no first response recorded.
      responseWithin24h: ratio(1, 2, 50),
      // I1 rated 5; I2 closed with nobody answering: not a verdict.
      satisfaction: ratio(1, 1, 100),
    });
    expect((await get(svc, `/reports/summary?period=${last}&region=${w.B}`)).body).toMatchObject({ requests: { total: 1 }, problemsSolved: 0, solutionsProvided: 1, satisfaction: ratio(0, 0, null) });
    const months = (await get(svc, `/reports/monthly?period=${last}&region=${w.A}`)).body.months as { requests: { total: number }; problemsSolved: number }[];
    expect(months.map((m) => m.requests.total)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(months.map((m) => m.problemsSolved)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    // Each was verified on site, 12 gauges free of charge: the year's service visits in the programme figures.
    const visits = async (region = '') => (await get(svc, `/reports/programmes?period=${last}${region}`)).body.figures?.visits;
    await waitFor(async () => (await visits())?.visitsCompleted === 3, { timeoutMs: 60_000, what: "last year's visits" });
    expect(await visits()).toEqual({ visitsCompleted: 3, instrumentsVerified: 36, freeVisits: 3, instrumentsVerifiedFree: 36 });
    expect(await visits(`&region=${w.B}`)).toEqual({ visitsCompleted: 1, instrumentsVerified: 12, freeVisits: 1, instrumentsVerifiedFree: 12 });
    // Nothing of it leaks into this year's figures (checked in full above).
  });

  it('gives the monthly series, clipped to the range', async () => {
    const res = await get(svc, `/reports/monthly?period=${Y}`);
    expect(res.status).toBe(200);
    const months = res.body.months as { period: { from: string }; requests: { total: number }; solutionsProvided: number; enterprisesServed: number }[];
    expect(months.map((m) => m.period.from)).toEqual(Array.from({ length: 12 }, (_, i) => `${Y}-${String(i + 1).padStart(2, '0')}-01`));
    expect(months.map((m) => m.requests.total)).toEqual([2, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(months.map((m) => m.solutionsProvided)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Jan: E1 (resolution), E3 (outreach); Feb: E2; Mar: E1, E4; Apr: E2.
    expect(months.map((m) => m.enterprisesServed)).toEqual([2, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const clipped = (await get(svc, `/reports/monthly?from=${Y}-01-15&to=${Y}-02-10&region=${w.A}`)).body.months;
    expect(clipped.map((m: { period: unknown }) => m.period)).toEqual([
      { from: `${Y}-01-15`, to: `${Y}-01-31` },
      { from: `${Y}-02-01`, to: `${Y}-02-10` },
    ]);
    expect(clipped.map((m: { requests: { total: number } }) => m.requests.total)).toEqual([0, 1]);
  });

  it('writes the narrative in Chinese and in English, quoting the figures', async () => {
    const zh = await get(svc, `/reports/narrative?period=${Y}`);
    expect(zh.status).toBe(200);
    expect(zh.body.lang).toBe('zh-CN');
    expect(zh.body.text).toContain(`${Y}年，测试省计量部门`);
    for (const part of ['共服务企业4家', '联系点企业2家', '重点用能单位2家', '受理企业服务诉求5件', '解决问题3个', '提供解决方案4项', '24小时响应率60%', '按时办结率75%', '满意率66.7%', '响应时间中位数1小时', '培训47人次', '建档3人，涉及3家单位'])
      expect(zh.body.text).toContain(part);
    const en = await get(svc, `/reports/narrative?period=${Y}-Q1&region=${w.A}&lang=en`);
    expect(en.body.text).toMatch(/^In the first quarter of \d{4}, the metrology authorities of Alpha served 3 enterprises, including 1 contact-point enterprise and 1 key energy-using unit\./);
    expect(en.body.text).toContain('handled 3 service requests, solved 2 problems, provided 3 solutions and made 1 outreach visit.');
    expect(en.body.text).toContain('66.7% of requests were answered within 24 hours, 66.7% were resolved on time, satisfaction stood at 50% and the median response time was 10 hours.');
    expect(en.body.text).toContain('There was 1 SLA breach and 2 escalations. 1 training session trained 31 people, and qualification files were archived for 1 person from 1 unit.');
    expect(en.body.summary.region.code).toBe(w.A);
  });

  it('exports the XLSX in Chinese in words: headings, sheet names and values, no code or id', async () => {
    const xlsx = await get(svc, `/reports/export.xlsx?period=${Y}&lang=zh-CN`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '各市', '月度', '综述']);
    const header = (wb.getWorksheet('汇总')!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['类别：检定校准', '状态：等待企业答复', '按时响应率：紧急(%)']));
    expect(codesIn(cellsOf(wb))).toEqual([]);
  });

  it('exports XLSX with one sheet per table and CSV', async () => {
    const xlsx = await get(svc, `/reports/export.xlsx?period=${Y}&lang=en`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(`metrodesk-report-${w.province}-${Y}-01-01-${Y}-12-31.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Cities', 'Monthly', 'Narrative']);
    const summary = wb.getWorksheet('Summary')!;
    const header = (summary.getRow(1).values as unknown[]).slice(1);
    expect(summary.getRow(2).getCell(header.indexOf('Enterprises served') + 1).value).toBe(4);
    expect(wb.getWorksheet('Cities')!.rowCount).toBe(4);
    expect(wb.getWorksheet('Monthly')!.rowCount).toBe(13);
    expect(codesIn(cellsOf(wb))).toEqual([]);

    const csv = await get(svc, `/reports/export.csv?period=${Y}&table=cities`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(codesIn(csv.text)).toEqual([]);
    expect(lines[0]).toContain('类别：检定校准');
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['地区代码', '地区', '起始日期', '截止日期', '服务企业数']);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5))).toEqual([
      [w.A, '甲市', `${Y}-01-01`, `${Y}-12-31`, '3'],
      [w.B, '乙市', `${Y}-01-01`, `${Y}-12-31`, '1'],
      [w.province, '测试省', `${Y}-01-01`, `${Y}-12-31`, '4'],
    ]);
  });

  it('keeps city roles to their own city and enterprise users out', async () => {
    const a = await get(svc, `/reports/summary?period=${Y}`, w.managerA);
    expect(a.status).toBe(200);
    expect(a.body).toEqual(cityAYear());
    expect((await get(svc, `/reports/summary?period=${Y}&region=${w.B}`, w.managerA)).status).toBe(403);
    expect((await get(svc, `/reports/summary?period=${Y}&region=${w.province}`, w.managerA)).status).toBe(403);
    expect((await get(svc, `/reports/cities?period=${Y}`, w.managerA)).status).toBe(403);
    expect((await get(svc, `/reports/export.csv?period=${Y}&table=cities`, w.managerA)).status).toBe(403);
    expect((await get(svc, `/reports/monthly?period=${Y}&region=${w.A}`, w.liaisonB)).status).toBe(403);
    expect((await get(svc, `/reports/narrative?period=${Y}`, w.liaisonB)).body.summary).toEqual(cityBYear());
    for (const path of ['summary', 'cities', 'monthly', 'narrative', 'export.xlsx', 'export.csv']) {
      expect((await get(svc, `/reports/${path}?period=${Y}`, w.enterpriseUser)).status).toBe(403);
      expect((await request(svc.app).get(`/reports/${path}?period=${Y}`)).status).toBe(401);
    }
  });

  it('rejects bad periods and regions naming the field', async () => {
    const bad = await get(svc, `/reports/summary?period=${Y}-13`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.period');
    expect((await get(svc, `/reports/summary?from=${Y}-02-01&to=${Y}-01-01`)).body.errors[0].path).toBe('query.to');
    expect((await get(svc, `/reports/summary?period=${Y}&region=999999`)).body.errors[0].path).toBe('query.region');
    expect((await get(svc, `/reports/summary?period=${Y}&colour=red`)).status).toBe(400);
  });

  it('rates every cycle response against its own target, per priority and liaison, and counts "no answer" apart (events through Kafka)', async () => {
    const y = Y + 1;
    const t = (md: string, hm = '02:00') => `${y}-${md}T${hm}:00.000Z`;
    const R6 = uniq('R6'),
      R7 = uniq('R7');
    const refOf = (rid: string, city: string, category: 'test_solution' | 'other', priority: 'urgent' | 'emergency') => {
      let version = 0;
      return (at: string, cycle = 1) => ({ requestId: rid, enterpriseId: `e-${rid}`, cityCode: city, category, priority, version: ++version, cycle, at });
    };
    const r6 = refOf(R6, w.A, 'test_solution', 'urgent');
    const r7 = refOf(R7, w.B, 'other', 'emergency');
    const clock = (rid: string, city: string, cycle: number, kind: 'response' | 'resolution' | 'return_visit', at: string) => ({ requestId: rid, cityCode: city, cycle, clock: kind, policyId: 'p', policyVersion: 1, at });
    const ev = <D extends Parameters<typeof eventFor>[0]>(d: D, subject: string, data: unknown): Sent => {
      const { topic, event } = eventFor(d, { subject, source: w.source, data: data as never });
      return { topic, event: event as Sent['event'] };
    };
    const filed = (ref: ReturnType<typeof r6>) => ev(requestFiled, ref.requestId, { ...ref, title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' });
    await send([
      filed(r6(t('05-04'))),
      ev(assignmentAssigned, R6, { requestId: R6, cityCode: w.A, at: t('05-04', '02:10'), assignmentId: 'a6', assigneeId: 'L-a', how: 'auto', by: 'system' }),
      ev(requestResponded, R6, { ...r6(t('05-04', '03:00')), by: 'L-a' }),
      ev(clockMet, R6, { ...clock(R6, w.A, 1, 'response', t('05-04', '03:00')), deadline: t('05-04', '10:00'), elapsedMs: 3_600_000, withinTarget: true }),
      ev(requestResolved, R6, { ...r6(t('05-05')), solved: false, solutionKind: 'other', by: 'L-a' }),
      // Unsatisfied return visit: cycle 2, whose response is late against the urgent 8 hours.
      ev(requestReopened, R6, { ...r6(t('05-06'), 2), satisfaction: 2 }),
      ev(clockBreached, R6, { ...clock(R6, w.A, 2, 'response', t('05-06', '10:00')), deadline: t('05-06', '10:00') }),
      ev(clockMet, R6, { ...clock(R6, w.A, 2, 'response', t('05-06', '11:00')), deadline: t('05-06', '10:00'), elapsedMs: 9 * 3_600_000, withinTarget: false }),
      ev(assignmentTransferred, R6, { requestId: R6, cityCode: w.A, at: t('05-07'), assignmentId: 'a6b', fromAssigneeId: 'L-a', toAssigneeId: 'L-b', toCityCode: w.A, reason: 'leave', by: 'cm' }),
      ev(requestResolved, R6, { ...r6(t('05-08'), 2), solved: true, solutionKind: 'other', by: 'L-b' }),
      // Nobody made the return visit in time: the clock breached and the request closed unrated.
      ev(clockBreached, R6, { ...clock(R6, w.A, 2, 'return_visit', t('05-15')), deadline: t('05-15') }),
      ev(requestClosed, R6, { ...r6(t('05-15', '02:01'), 2), satisfaction: null, satisfied: null }),
      filed(r7(t('05-04'))),
      ev(assignmentAssigned, R7, { requestId: R7, cityCode: w.B, at: t('05-04', '02:05'), assignmentId: 'a7', assigneeId: 'L-c', how: 'auto', by: 'system' }),
      ev(clockMet, R7, { ...clock(R7, w.B, 1, 'response', t('05-04', '03:00')), deadline: t('05-04', '04:00'), elapsedMs: 3_600_000, withinTarget: true }),
      ev(requestResolved, R7, { ...r7(t('05-05')), solved: true, solutionKind: 'other', by: 'L-c' }),
      ev(requestClosed, R7, { ...r7(t('05-06')), satisfaction: 5, satisfied: true }),
    ]);
    const s = await eventually(svc, `/reports/summary?period=${y}`, (b) => {
      const x = b as { noAnswer?: number; byLiaison?: { liaisonId: string }[] };
      return x.noAnswer === 1 && x.byLiaison?.[0]?.liaisonId === 'L-b';
    });
    expect(s).toMatchObject({
      responseOnTarget: ratio(2, 3, 66.7),
      responseOnTargetBy: byTarget({ urgent: ratio(1, 2, 50), emergency: ratio(1, 1, 100) }, { test_solution: ratio(1, 2, 50), other: ratio(1, 1, 100) }),
      satisfaction: ratio(1, 2, 50),
      noAnswer: 1,
      byLiaison: [
        { liaisonId: 'L-b', response: ratio(1, 2, 50), satisfaction: ratio(0, 1, 0), noAnswer: 1 },
        { liaisonId: 'L-c', response: ratio(1, 1, 100), satisfaction: ratio(1, 1, 100), noAnswer: 0 },
      ],
      breaches: { total: 1, response: 1, resolution: 0 },
    });
    expect((await get(svc, `/reports/summary?period=${y}&region=${w.B}`)).body.byLiaison).toEqual([{ liaisonId: 'L-c', response: ratio(1, 1, 100), satisfaction: ratio(1, 1, 100), noAnswer: 0 }]);
  });

  it('never double-counts a duplicate or late event', async () => {
    const before = (await get(svc, `/reports/cities?period=${Y}`)).body;
    const { R1 } = h.ids;
    const redeliver = allOf(h).filter((s) => s.event.subject === R1 || s.topic !== REQUEST_TOPIC);
    // The same event again under a new id: only the handler's own idempotency can catch it.
    const copy = (s: Sent) => ({ ...s.event, id: uuidv7() });
    const resolvedAgain = eventFor(requestResolved, { subject: R1, source: w.source, data: { ...(h.requests[2]!.event.data as object), solved: true, solutionKind: 'on_site_verification', by: 'l' } as never }).event;
    const lateStatus = eventFor(requestStatusChanged, { subject: R1, source: w.source, data: { ...(h.requests[1]!.event.data as object), from: 'responded', to: 'in_progress', action: 'start', by: 'l' } as never }).event;
    const sentinelRef = h.r1(h.t('12-31'));
    const sentinel = eventFor(requestExtensionRequested, { subject: R1, source: w.source, data: { ...sentinelRef, version: 99, extensionId: 'x', workingDays: 1, reason: 'sentinel' } }).event;
    // Everything on R1's key, so it reaches one partition in order and the sentinel comes last.
    const topics = new Map<string, unknown[]>();
    for (const s of redeliver) topics.set(s.topic, [...(topics.get(s.topic) ?? []), s.event, copy(s)]);
    topics.set(REQUEST_TOPIC, [...(topics.get(REQUEST_TOPIC) ?? []), resolvedAgain, lateStatus]);
    for (const [topic, events] of topics) await produceRaw(w.topic(topic), events.map((e) => ({ key: R1, value: JSON.stringify(e) })));
    await produceRaw(w.topic(REQUEST_TOPIC), [{ key: R1, value: JSON.stringify(sentinel) }]);
    await waitFor(async () => JSON.parse((await svc.model.facts.findOne({ _id: `r:${R1}` }))?.fact ?? '{}').version === 99, { timeoutMs: 120_000, what: 'the sentinel' });
    await settled(svc);
    expect((await get(svc, `/reports/cities?period=${Y}`)).body).toEqual(before);
    // Caught by the handlers themselves: the consumer keeps no processed ids for them.
    expect(svc.runtime.consumers[0]!.stats.duplicates).toBe(0);
  });

  it('dead-letters poison messages and keeps consuming', async () => {
    const dlq = await new TopicTap([w.topic(`${REQUEST_TOPIC}.dlq`)]).start();
    try {
      const key = uniq('poison');
      const valid = eventFor(requestFiled, {
        subject: key,
        source: w.source,
        data: { requestId: key, enterpriseId: 'e', cityCode: w.B, category: 'other', priority: 'normal', version: 1, cycle: 1, at: `${Y + 2}-05-05T02:00:00.000Z`, title: 't', instruments: [], filedBy: 'u', filedByRole: 'enterprise' },
      }).event;
      const invalid = { ...valid, id: uuidv7(), data: { ...valid.data, title: undefined, cityCode: 'x' } };
      await produceRaw(w.topic(REQUEST_TOPIC), [
        { key, value: '{"id":"nope"' },
        { key, value: JSON.stringify(invalid) },
        { key, value: JSON.stringify(valid) },
      ]);
      // The programmes consumer reads the same topic and dead-letters the same poison under its own group.
      const ours = (m: { key: string | null; headers: Record<string, string> }) => m.key === key && m.headers['dlq-group'] === svc.runtime.consumers[0]!.groupId;
      await dlq.waitFor(ours, { count: 2 });
      const after = await eventually(svc, `/reports/summary?period=${Y + 2}&region=${w.B}`, (b) => (b as { requests: { total: number } }).requests.total === 1);
      expect(after.requests).toMatchObject({ total: 1, byCategory: { other: 1 } });
      expect(dlq.find(ours).map((m) => m.headers['dlq-error'])).toEqual([expect.stringMatching(/malformed envelope/), expect.stringMatching(/invalid data for requests.request.filed/)]);
    } finally {
      await dlq.stop();
    }
  });

  it('rebuilds exactly the same figures by replaying every topic into an empty read model', async () => {
    const dbName = `metrodesk_reporting_rebuild_${uniq('r').replace(/-/g, '_')}`;
    const fresh = await createReportingService(worldEnv(w, { CONSUMER_GROUP: uniq('reporting-rebuild'), CONSUMER_FROM_BEGINNING: 'true', MONGO_DB: dbName }), testLogger('reporting'));
    try {
      await fresh.startBackground();
      const paths = [`/reports/cities?period=${Y}`, `/reports/cities?period=${Y - 1}`, `/reports/monthly?period=${Y - 1}&region=${w.A}`, `/reports/cities?period=${Y + 1}`, `/reports/cities?period=${Y + 2}`, `/reports/summary?period=${Y}-Q1`, `/reports/summary?from=${Y}-01-10&to=${Y}-02-15`, `/reports/monthly?period=${Y}&region=${w.A}`, `/reports/narrative?period=${Y}&lang=en`];
      const all = (s: ReportingService) => Promise.all(paths.map(async (p) => (await get(s, p)).body));
      const original = await all(svc);
      // Partitions replay in any order: wait for every figure, not just the first to agree.
      await waitFor(async () => JSON.stringify(await all(fresh)) === JSON.stringify(original), { timeoutMs: 120_000, intervalMs: 500, what: 'the replayed figures' }).catch(() => undefined);
      await settled(fresh);
      expect(await all(fresh)).toEqual(original);
      expect(original[0].total.enterprisesServed).toBe(4);
    } finally {
      await stopAndDrop(fresh, dbName);
    }
  }, 600_000);
});
