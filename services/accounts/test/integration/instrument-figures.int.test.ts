import request from 'supertest';
import ExcelJS from 'exceljs';
import { uniq, waitFor } from '@metrodesk/testkit';
import { QUALIFICATION_TOPIC, REQUEST_TOPIC } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { addDays, bureauDay } from '../../src/domain/outreach';
import { dalianLiaison, enterpriseUser, provinceManager, shenyangLiaison, shenyangManager } from '../fixtures/enterprises';
import { register, startService, world } from '../fixtures/service';
import { binary, fileEvent, registerInstrument, resultsEvent } from '../fixtures/instrument-events';

// The shared servers serve every helper's suites at once: give real I/O room, never assert on speed.
jest.setTimeout(240_000);
const SLOW = { timeoutMs: 60_000 };

let svc: AccountsService;
const api = () => request(svc.app);
const today = bureauDay(new Date());
const ago = (days: number) => addDays(today, -days);
const SHENYANG = '210100';
const DALIAN = '210200';

type Row = { cityCode: string; instrumentClass: string; registered: number; dueSoon: number; overdue: number; overdueCompulsory: number; verifiedOnTime: number; verifiedLate: number };
const figures = async (who: Record<string, string>, query: Record<string, string> = {}) => api().get('/instruments/figures').query(query).set(who);
const row = (rows: Row[], city: string, cls: string) => rows.find((r) => r.cityCode === city && r.instrumentClass === cls);

let a: { id: string };
let ids: Record<string, { id: string; serialNo: string; nextDueOn: string }>;

beforeAll(async () => {
  // The file's own database: the figures count everything in scope, so other files' instruments must not be there.
  svc = await startService();
  a = await register(svc, shenyangLiaison);
  const c = await register(svc, shenyangLiaison);
  const b = await register(svc, dalianLiaison, { cityCode: DALIAN });
  const reg = (e: string, over: Record<string, unknown>, who = shenyangLiaison) => registerInstrument(svc, e, { cycleMonths: 12, ...over }, who);
  ids = {
    overdueGauge: await reg(a.id, { lastVerifiedOn: ago(400) }),
    overdueFlow: await reg(a.id, { instrumentClass: 'flow_meter', use: 'process_control', lastVerifiedOn: ago(380) }),
    soonAlarm: await reg(a.id, { instrumentClass: 'gas_alarm', lastVerifiedOn: ago(355) }),
    scrapped: await reg(a.id, { lastVerifiedOn: ago(400), status: 'scrapped' }),
    idle: await reg(a.id, { lastVerifiedOn: ago(400), status: 'out_of_service' }),
    lateGauge: await reg(a.id, { lastVerifiedOn: ago(400) }),
    earlyAlarm: await reg(a.id, { instrumentClass: 'gas_alarm', lastVerifiedOn: ago(300) }),
    otherEnterprise: await reg(c.id, { lastVerifiedOn: ago(30) }),
    dalian: await reg(b.id, { lastVerifiedOn: ago(400) }, dalianLiaison),
  };
  // The consumer group joins a while after start: resend the results until they show.
  const results = resultsEvent(a.id, [
    { instrumentId: ids.lateGauge!.id, serialNo: ids.lateGauge!.serialNo, outcome: 'verified', verifiedOn: today, certificateNo: 'SY-LATE' },
    { instrumentId: ids.earlyAlarm!.id, serialNo: ids.earlyAlarm!.serialNo, outcome: 'verified_elsewhere', verifiedOn: today, certificateNo: 'SY-EARLY' },
  ]);
  await waitFor(async () => {
    await world.produce(REQUEST_TOPIC, [results]);
    return (await api().get(`/instruments/${ids.earlyAlarm!.id}`).set(shenyangLiaison)).body.verifications.length > 0;
  }, { timeoutMs: 150_000, intervalMs: 3000, what: 'the results to be recorded' });
  // An older verification is kept but counts neither on time nor late.
  const stale = resultsEvent(a.id, [{ instrumentId: ids.earlyAlarm!.id, serialNo: ids.earlyAlarm!.serialNo, outcome: 'verified', verifiedOn: ago(1), certificateNo: 'SY-STALE' }]);
  await world.produce(REQUEST_TOPIC, [stale]);
  await waitFor(async () => (await api().get(`/instruments/${ids.earlyAlarm!.id}`).set(shenyangLiaison)).body.verifications.length === 2, { ...SLOW, what: 'the stale result to be recorded' });
});
afterAll(async () => {
  await svc.stop();
  await world.drop();
});

describe('instrument figures', () => {
  it('counts registered, due soon, overdue (compulsory and all) and verified on time or late, by city and class', async () => {
    const res = await figures(provinceManager);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ today, from: `${today.slice(0, 4)}-01-01`, to: today, dueWithinDays: 30 });
    const rows = res.body.rows as Row[];
    expect(row(rows, SHENYANG, 'pressure_gauge')).toEqual({ cityCode: SHENYANG, instrumentClass: 'pressure_gauge', registered: 4, dueSoon: 0, overdue: 1, overdueCompulsory: 1, verifiedOnTime: 0, verifiedLate: 1 });
    expect(row(rows, SHENYANG, 'flow_meter')).toMatchObject({ registered: 1, overdue: 1, overdueCompulsory: 0 });
    expect(row(rows, SHENYANG, 'gas_alarm')).toMatchObject({ registered: 2, dueSoon: 1, overdue: 0, verifiedOnTime: 1, verifiedLate: 0 });
    expect(row(rows, DALIAN, 'pressure_gauge')).toMatchObject({ registered: 1, overdue: 1, overdueCompulsory: 1 });
    expect(res.body.totals).toEqual({ registered: 8, dueSoon: 1, overdue: 3, overdueCompulsory: 2, verifiedOnTime: 1, verifiedLate: 1 });
    // A period that ends before today's verifications counts none of them.
    const before = await figures(provinceManager, { from: ago(60), to: ago(2) });
    expect(before.body.totals).toMatchObject({ verifiedOnTime: 0, verifiedLate: 0, registered: 8 });
  });

  it('scopes the figures: an enterprise its own, a liaison their city, another city refused', async () => {
    const mine = await figures(enterpriseUser(a.id));
    expect(mine.status).toBe(200);
    expect(mine.body.totals).toMatchObject({ registered: 6, overdue: 2 });
    const city = await figures(shenyangLiaison);
    expect(city.body.rows.map((r: Row) => r.cityCode)).not.toContain(DALIAN);
    expect(city.body.totals.registered).toBe(7);
    expect((await figures(shenyangManager, { cityCode: DALIAN })).status).toBe(403);
    expect((await figures(dalianLiaison, { cityCode: SHENYANG })).status).toBe(403);
    const bad = await figures(provinceManager, { from: today, to: ago(1) });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['to']);
  });

  it('exports the figures as a sheet in words', async () => {
    const res = await api().get('/exports/instrument-figures').query({ lang: 'zh-CN', cityCode: SHENYANG }).set(shenyangManager).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, '城市', '器具类别', '在册器具', '即将到期', '逾期（全部）', '逾期（强检）', '按期检定', '超期检定']);
    const lines = sheet.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1));
    expect(lines).toContainEqual(['沈阳市', '压力表', 4, 0, 1, 1, 0, 1]);
    expect(lines[lines.length - 1]).toEqual(['合计', '', 7, 1, 2, 1, 1, 1]);
  });

  it('marks overdue instruments on the registry list', async () => {
    const res = await api().get('/instruments').query({ enterpriseId: a.id, limit: 50 }).set(shenyangLiaison);
    const overdue = (res.body.items as { id: string; overdue: boolean }[]).filter((i) => i.overdue).map((i) => i.id).sort();
    expect(overdue).toEqual([ids.overdueGauge!.id, ids.overdueFlow!.id].sort());
  });
});

describe('planning', () => {
  const month = () => ids.soonAlarm!.nextDueOn.slice(0, 7);
  const plan = (who: Record<string, string>, query: Record<string, string> = {}) => api().get('/instruments/planning').query({ fromMonth: month(), months: '1', ...query }).set(who);
  const alarmsQualified = async () => (await plan(shenyangManager)).body.cells.find((c: { cityCode: string }) => c.cityCode === SHENYANG)?.classes.find((k: { instrumentClass: string }) => k.instrumentClass === 'gas_alarm')?.qualifiedVerifiers as number | undefined;

  it("shows the month's instruments by class with verifier-days and the city's qualified verifiers, projecting qualification files", async () => {
    const dlq = await world.tap([`${QUALIFICATION_TOPIC}.dlq`]);
    try {
      const before = await alarmsQualified();
      const wang = fileEvent({ version: 2, scope: ['燃气报警器'] });
      const staleWang = fileEvent({ fileId: wang.data.fileId, personKey: wang.data.personKey, version: 1, status: 'suspended' });
      const lapsing = fileEvent({ expiresOn: `${month()}-10` });
      const dalianOnly = fileEvent({ cityCode: DALIAN });
      const broken = JSON.parse(fileEvent().value);
      broken.data.scope = 'gas_alarm';
      const brokenKey = uniq('broken-file');
      const li = fileEvent({ scope: ['gas alarm'] });
      await world.produce(QUALIFICATION_TOPIC, [wang, wang, staleWang, lapsing, dalianOnly, { key: brokenKey, value: JSON.stringify(broken) }, li]);
      await waitFor(async () => (await alarmsQualified()) === (before ?? 0) + 2, { ...SLOW, what: 'two more qualified gas-alarm verifiers' });
      const [dead] = await dlq.waitFor((m) => m.key === brokenKey, SLOW);
      expect(dead!.headers['dlq-error']).toMatch(/scope/);
      expect(svc.runtime.consumers[0]!.stats.duplicates).toBeGreaterThanOrEqual(1);

      const res = await plan(shenyangManager);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ fromMonth: month(), months: [month()], settings: { verifierDayMinutes: 360, minutesByClass: { gas_alarm: 30 } } });
      const cell = res.body.cells.find((c: { cityCode: string }) => c.cityCode === SHENYANG);
      expect(cell).toMatchObject({ month: month(), instruments: 1, verifierDays: 0.1 });
      expect(cell.classes).toEqual([{ instrumentClass: 'gas_alarm', instruments: 1, verifierDays: 0.1, qualifiedVerifiers: (before ?? 0) + 2 }]);
    } finally {
      await dlq.stop();
    }
  });

  it('keeps planning to the bureau: a city its own, enterprises refused', async () => {
    expect((await plan(enterpriseUser(a.id))).status).toBe(403);
    expect((await plan(dalianLiaison, { cityCode: SHENYANG })).status).toBe(403);
    const dalian = await plan(dalianLiaison);
    expect(dalian.body.cells.every((c: { cityCode: string }) => c.cityCode === DALIAN)).toBe(true);
    const all = await plan(provinceManager, { fromMonth: `${ids.dalian!.nextDueOn.slice(0, 7)}`, months: '2' });
    expect(all.body.cells.some((c: { cityCode: string }) => c.cityCode === DALIAN)).toBe(true);
    const bad = await plan(provinceManager, { fromMonth: '2026-13' });
    expect(bad.status).toBe(400);
  });
});
