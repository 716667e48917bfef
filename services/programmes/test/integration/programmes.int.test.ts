import request from 'supertest';
import ExcelJS from 'exceljs';
import { testWorld, type TopicTap, uniq, type TappedMessage } from '@metrodesk/testkit';
import { createLogger } from '@metrodesk/logger';
import { PROGRAMMES_TOPIC } from '@metrodesk/contracts';
import { createProgrammesService, type ProgrammesService } from '../../src/service';
import { readConfig } from '../../src/config';
import { XLSX_TYPE } from '../../src/import/activity-sheet';
import {
  SECRET, SHENYANG, DALIAN, TIELING, admin, provinceManager, shenyangManager, dalianManager, shenyangLiaison, dalianLiaison, tielingLiaison, enterpriseUser,
} from '../fixtures/identities';

// The shared servers serve every helper's suites at once: give real I/O room, never assert on speed.
jest.setTimeout(120_000);
const SLOW = { timeoutMs: 60_000 };

/** The file's own Kafka namespace and database. */
const world = testWorld('programmes');
const env = () =>
  readConfig({ ...world.env, IDENTITY_SECRET: SECRET, OUTBOX_INTERVAL_MS: '100', IMPORT_LIMIT: '200kb' });

let svc: ProgrammesService;
let tap: TopicTap;

beforeAll(async () => {
  await world.create();
  svc = await createProgrammesService(env(), createLogger({ service: 'programmes', level: 'warn' }));
  await svc.runtime.startBackground();
  tap = await world.tap([PROGRAMMES_TOPIC]);
});
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

const api = () => request(svc.app);
type Event = { type: string; subject: string; data: Record<string, unknown> };
const events = (subject: string, type: string, count = 1) =>
  tap.waitFor((m: TappedMessage) => m.key === subject && (m.value as Event).type === type, { ...SLOW, count, what: `${count} x ${type} of ${subject}` }).then((ms) => ms.map((m) => m.value as Event));
const paths = (res: request.Response) => (res.body.errors as { path: string }[]).map((e) => e.path).sort();

const fair = (over: Record<string, unknown> = {}) => ({
  name: `公平计量进市场 ${uniq('c')}`, programme: 'livelihood', organiser: { kind: 'province' }, startDate: '2026-03-01', endDate: '2026-06-30', cityCodes: [SHENYANG, TIELING], ...over,
});
async function newCampaign(over: Record<string, unknown> = {}, who = provinceManager) {
  const res = await api().post('/campaigns').set(who).send(fair(over));
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string; cityCodes: string[] };
}
const market = (over: Record<string, unknown> = {}) => ({ cityCode: SHENYANG, date: '2026-03-15', venueKind: 'market', venues: 4, instrumentsChecked: 180, instrumentsVerifiedFree: 60, peopleServed: 0, problemsFound: 3, mediaReports: 1, ...over });

describe('campaigns', () => {
  it('the province creates a campaign and publishes it; cities see the ones they take part in', async () => {
    const c = await newCampaign();
    expect(c).toMatchObject({ programme: 'livelihood', organiser: { kind: 'province', code: '210000' }, cityCodes: [SHENYANG, TIELING], version: 1 });
    const [created] = await events(c.id, 'programmes.campaign.created');
    expect(created!.data).toEqual({ campaignId: c.id, name: c.name, programme: 'livelihood', organiser: { kind: 'province', code: '210000' }, startDate: '2026-03-01', endDate: '2026-06-30', cityCodes: [SHENYANG, TIELING] });

    expect((await api().get(`/campaigns/${c.id}`).set(tielingLiaison)).status).toBe(200);
    expect((await api().get(`/campaigns/${c.id}`).set(dalianLiaison)).status).toBe(404);
    expect((await api().get(`/campaigns/${c.id}`).set(enterpriseUser)).status).toBe(404);
    const ids = async (who: Record<string, string>, year = 2026) => ((await api().get(`/campaigns?year=${year}&programme=livelihood`).set(who)).body.items as { id: string }[]).map((x) => x.id);
    expect(await ids(shenyangManager)).toContain(c.id);
    expect(await ids(provinceManager)).toContain(c.id);
    expect(await ids(dalianManager)).not.toContain(c.id);
    expect(await ids(enterpriseUser)).toEqual([]);
    expect(await ids(provinceManager, 2027)).not.toContain(c.id);
  });

  it('a city manager creates a campaign of their own city only; liaisons none', async () => {
    const own = await newCampaign({ name: '沈阳市计量服务进企业', programme: 'industry', organiser: { kind: 'city', code: SHENYANG }, cityCodes: [] }, shenyangManager);
    expect(own).toMatchObject({ organiser: { kind: 'city', code: SHENYANG }, cityCodes: [SHENYANG] });
    expect((await api().post('/campaigns').set(shenyangManager).send(fair({ organiser: { kind: 'city', code: DALIAN }, cityCodes: [DALIAN] }))).status).toBe(403);
    expect((await api().post('/campaigns').set(shenyangManager).send(fair())).status).toBe(403);
    expect((await api().post('/campaigns').set(shenyangLiaison).send(fair())).status).toBe(403);
  });

  it('names the field of bad input', async () => {
    const res = await api().post('/campaigns').set(admin).send(fair({ programme: 'sports', endDate: '2026-02-30' }));
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['endDate', 'programme']);
    const rules = await api().post('/campaigns').set(admin).send(fair({ endDate: '2026-01-01', cityCodes: [SHENYANG, '990100'] }));
    expect(rules.status).toBe(400);
    expect(paths(rules)).toEqual(['cityCodes.1', 'endDate']);
  });
});

describe('activities', () => {
  it('a city records, corrects and links a problem to a service request, publishing whole figures each time', async () => {
    const c = await newCampaign();
    const res = await api().post(`/campaigns/${c.id}/activities`).set(shenyangLiaison).send(market({ problems: [{ description: '农贸市场 3 台电子秤超期未检' }], notes: '联合市场监管所' }));
    expect(res.status).toBe(201);
    const a = res.body as { id: string; version: number };
    expect(res.body).toMatchObject({ campaignId: c.id, programme: 'livelihood', cityCode: SHENYANG, venues: 4, instrumentsChecked: 180, instrumentsVerifiedFree: 60, problems: [{ description: '农贸市场 3 台电子秤超期未检', requestId: null }], notes: '联合市场监管所', recordedBy: 'liaison-sy', version: 1 });
    const [recorded] = await events(a.id, 'programmes.activity.recorded');
    expect(recorded!.data).toEqual({ activityId: a.id, version: 1, campaignId: c.id, programme: 'livelihood', cityCode: SHENYANG, date: '2026-03-15', venueKind: 'market', venues: 4, instrumentsChecked: 180, instrumentsVerifiedFree: 60, peopleServed: 0, problemsFound: 3, mediaReports: 1, requestIds: [] });

    const linked = await api().put(`/activities/${a.id}`).set(shenyangManager).send({ ...market({ problems: [{ description: '农贸市场 3 台电子秤超期未检', requestId: 'req-123' }], notes: '联合市场监管所' }), version: 1 });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ version: 2, problems: [{ requestId: 'req-123' }] });
    const [corrected] = await events(a.id, 'programmes.activity.corrected');
    expect(corrected!.data).toMatchObject({ version: 2, requestIds: ['req-123'], changed: ['problems'], instrumentsChecked: 180 });

    const stale = await api().put(`/activities/${a.id}`).set(shenyangManager).send({ ...market({ venues: 5 }), version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    const moved = await api().put(`/activities/${a.id}`).set(admin).send({ ...market({ cityCode: TIELING }), version: 2 });
    expect(moved.status).toBe(400);
    expect(paths(moved)).toEqual(['cityCode']);
    // Another city's liaison cannot see or change it.
    expect((await api().get(`/activities/${a.id}`).set(tielingLiaison)).status).toBe(404);
    expect((await api().put(`/activities/${a.id}`).set(tielingLiaison).send({ ...market(), version: 2 })).status).toBe(404);
    expect((await api().get(`/activities/${a.id}`).set(provinceManager)).body.version).toBe(2);
  });

  it('refuses free verification above instruments checked, a date outside the period, a city outside the campaign, naming the field', async () => {
    const c = await newCampaign();
    const free = await api().post(`/campaigns/${c.id}/activities`).set(shenyangLiaison).send(market({ instrumentsVerifiedFree: 181 }));
    expect(free.status).toBe(400);
    expect(paths(free)).toEqual(['instrumentsVerifiedFree']);
    const late = await api().post(`/campaigns/${c.id}/activities`).set(shenyangLiaison).send(market({ date: '2026-07-01' }));
    expect(late.status).toBe(400);
    expect(paths(late)).toEqual(['date']);
    const outside = await api().post(`/campaigns/${c.id}/activities`).set(admin).send(market({ cityCode: DALIAN }));
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['cityCode']);
    const shape = await api().post(`/campaigns/${c.id}/activities`).set(shenyangLiaison).send(market({ venueKind: 'harbour', peopleServed: -1 }));
    expect(shape.status).toBe(400);
    expect(paths(shape)).toEqual(['peopleServed', 'venueKind']);
  });

  it('a city records only its own activities, once per day and venue kind', async () => {
    const c = await newCampaign();
    expect((await api().post(`/campaigns/${c.id}/activities`).set(tielingLiaison).send(market())).status).toBe(403);
    expect((await api().post(`/campaigns/${c.id}/activities`).set(provinceManager).send(market())).status).toBe(403);
    expect((await api().post(`/campaigns/${c.id}/activities`).set(shenyangLiaison).send(market())).status).toBe(201);
    const again = await api().post(`/campaigns/${c.id}/activities`).set(shenyangManager).send(market({ venues: 9 }));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('activity_exists');
    expect((await api().post(`/campaigns/${c.id}/activities`).set(tielingLiaison).send(market({ cityCode: TIELING }))).status).toBe(201);

    const cities = async (who: Record<string, string>) => ((await api().get(`/activities?campaignId=${c.id}`).set(who)).body.items as { cityCode: string }[]).map((x) => x.cityCode).sort();
    expect(await cities(provinceManager)).toEqual([SHENYANG, TIELING]);
    expect(await cities(shenyangLiaison)).toEqual([SHENYANG]);
    expect(await cities(enterpriseUser)).toEqual([]);
  });
});

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('活动');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await book.xlsx.writeBuffer());
}
async function readBack(body: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('import and export', () => {
  const HEADER = ['日期', '场所类型', '场所数', '检查计量器具数', '免费检定计量器具数', '服务人次', '发现问题数', '媒体报道数', '备注'];

  it('imports a city sheet row by row, re-imports without change, and exports in words in both languages', async () => {
    const c = await newCampaign({ name: `强计量 惠民生 ${uniq('c')}` });
    const file = await sheet([
      HEADER,
      ['2026-04-01', '学校', 2, 300, 300, 850, 0, 1, '计量进校园'],
      ['2026-04-02', '医院', 1, 420, 400, 0, 5, 0, ''],
      ['2026-04-03', '社区', 3, 50, 60, 0, 0, 0, ''],
      ['2026-07-04', '社区', 3, 50, 10, 0, 0, 0, ''],
      ['2026-04-01', 'School', 1, 1, 1, 1, 0, 0, ''],
      ['', '', '', '', '', '', '', '', ''],
      ['2026-04-05', '码头', 1, 1, 1, 1, 0, 0, ''],
    ]);
    const imported = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', XLSX_TYPE).send(file);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ total: 6, created: 2, updated: 0, unchanged: 0, failed: 4 });
    const failures = Object.fromEntries((imported.body.rows as { row: number; status: string; errors?: { path: string }[] }[]).filter((r) => r.status === 'failed').map((r) => [r.row, r.errors!.map((e) => e.path)]));
    expect(failures).toEqual({ 4: ['instrumentsVerifiedFree'], 5: ['date'], 6: ['venueKind'], 8: ['venueKind'] });

    const again = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', XLSX_TYPE).send(file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 4 });
    const fixed = await sheet([HEADER, ['2026-04-02', '医院', 1, 420, 410, 30, 5, 0, '']]);
    const corrected = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', XLSX_TYPE).send(fixed);
    expect(corrected.body).toMatchObject({ created: 0, updated: 1 });
    const [event] = await events(corrected.body.rows[0].activityId as string, 'programmes.activity.corrected');
    expect(event!.data).toMatchObject({ version: 2, instrumentsVerifiedFree: 410, peopleServed: 30, changed: ['instrumentsVerifiedFree', 'peopleServed'] });

    const zh = await api().get(`/activities/export?campaignId=${c.id}`).set(shenyangManager).buffer(true).parse(binary);
    expect(zh.status).toBe(200);
    expect(zh.headers['content-type']).toContain(XLSX_TYPE);
    const zhRows = await readBack(zh.body as Buffer);
    expect(zhRows[0]).toEqual(['专项活动', '计量工作类别', '城市', '日期', '场所类型', '场所数', '检查计量器具数', '免费检定计量器具数', '服务人次', '发现问题数', '媒体报道数', '转为服务请求', '备注']);
    expect(zhRows.slice(1)).toEqual([
      [c.name, '民生计量', '沈阳市', '2026-04-01', '学校', '2', '300', '300', '850', '0', '1', '', '计量进校园'],
      [c.name, '民生计量', '沈阳市', '2026-04-02', '医院', '1', '420', '410', '30', '5', '0', '', ''],
    ]);
    const en = await api().get(`/activities/export?campaignId=${c.id}&lang=en`).set(provinceManager).buffer(true).parse(binary);
    const enRows = await readBack(en.body as Buffer);
    expect(enRows[0]!.slice(0, 5)).toEqual(['Campaign', 'Programme', 'City', 'Date', 'Venue kind']);
    expect(enRows[1]!.slice(1, 5)).toEqual(['Metrology for livelihoods', 'Shenyang', '2026-04-01', 'School']);

    // The export reads back as an import: the same figures, nothing changes.
    const roundTrip = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', XLSX_TYPE).send(en.body as Buffer);
    expect(roundTrip.body).toMatchObject({ total: 2, unchanged: 2, failed: 0 });
  });

  it('refuses a file that is not a sheet, lacks columns, is too large, or comes from someone who may not see the campaign', async () => {
    const c = await newCampaign();
    const text = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', 'text/plain').send('date,venue');
    expect(text.status).toBe(415);
    const broken = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', XLSX_TYPE).send(Buffer.from('not a zip'));
    expect(broken.status).toBe(400);
    expect(paths(broken)).toEqual(['(file)']);
    const columns = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', XLSX_TYPE).send(await sheet([['日期', '备注']]));
    expect(paths(columns)).toEqual(['header.instrumentsChecked', 'header.venueKind']);
    const big = await api().post(`/campaigns/${c.id}/activities/import`).set(shenyangLiaison).set('content-type', XLSX_TYPE).send(Buffer.alloc(300 * 1024, 1));
    expect(big.status).toBe(413);
    const stranger = await api().post(`/campaigns/${c.id}/activities/import`).set(dalianLiaison).set('content-type', XLSX_TYPE).send(await sheet([HEADER]));
    expect(stranger.status).toBe(404);
    // A province-wide import names each row's city; rows of a city the caller may not record for fail alone.
    const mixed = await api().post(`/campaigns/${c.id}/activities/import`).set(tielingLiaison).set('content-type', XLSX_TYPE).send(await sheet([['城市', ...HEADER], ['铁岭市', '2026-05-01', '企业', 48, 84, 0, 0, 0, 0, ''], ['沈阳', '2026-05-01', '企业', 1, 1, 0, 0, 0, 0, '']]));
    expect(mixed.body).toMatchObject({ created: 1, failed: 1 });
    expect(mixed.body.rows[1]).toMatchObject({ row: 3, status: 'failed', errors: [{ path: '(row)' }] });
  });
});
