import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { type TopicTap, uniq } from '@metrodesk/testkit';
import { REQUEST_TOPIC, ASSIGNMENT_TOPIC, SLA_TOPIC, assignmentAssigned, clockStarted } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import type { RequestsService } from '../../src/service';
import { PATIENCE, waitUntilHandled, startService, seedEnterprise, enterpriseUser, liaison, manager, province, filing, fileAs, envelope, DALIAN, type Headers, world } from '../fixtures/service';

jest.setTimeout(180000);

let svc: RequestsService;
let tap: TopicTap;

/**
 * A city code no other test files in, so its series and its queue are this test's alone, and
 * no routing or SLA service of another checkout sharing the broker acts on its requests.
 */
const freshCity = () => `9${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
/** A city of its own for the export, named in this test's region data. */
const NAMED = freshCity();
const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
const seqOf = (n: string) => Number(n.split('-')[2]);

type Item = { id: string; number: string | null; enterpriseName: string | null; cityCode: string; assigneeId: string | null; assigneeName: string | null; category: string; priority: string; state: string };
type Page = { items: Item[]; nextCursor: string | null; total: number };

async function list(who: Headers, query: Record<string, string | number>): Promise<Page> {
  const res = await request(svc.app).get('/requests').set(who).query(query);
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Page;
}

async function deliver(topic: string, value: EventEnvelope) {
  await world.produce(topic, [{ key: value.subject!, value: JSON.stringify(value) }]);
  await waitUntilHandled(svc, value.id);
}

/** The export's response with its body as bytes. */
const exported = (who: Headers, query: Record<string, string>) =>
  request(svc.app).get('/requests/export').set(who).query(query).buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function workbook(who: Headers, query: Record<string, string>) {
  const res = await exported(who, query);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?metrodesk-requests-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return { name: ws.name, rows };
}

beforeAll(async () => {
  const regions = join(mkdtempSync(join(tmpdir(), 'requests-regions-')), 'regions.json');
  writeFileSync(regions, JSON.stringify({ province: { code: '900000', name: '测试省', nameEn: 'Testland' }, cities: [{ code: NAMED, name: '测试市', nameEn: 'Testville' }] }));
  svc = await startService({ REGIONS_FILE: regions });
  tap = await world.tap([REQUEST_TOPIC]);
}, 90000);
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

describe('request numbers', () => {
  it('gives 20 filings racing in one city 20 distinct consecutive numbers of that city and year, shown everywhere', async () => {
    const city = freshCity();
    const ent = await seedEnterprise(svc, city);
    const filed = await Promise.all(Array.from({ length: 20 }, (_, i) => fileAs(svc, enterpriseUser(ent), filing({ title: `gas alarms ${i}` }))));
    const numbers = filed.map((r) => (r as unknown as Item).number!);
    expect(numbers.every((n) => new RegExp(`^${city}-${year}-\\d{6}$`).test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Another city's series is its own.
    const other = await seedEnterprise(svc, freshCity());
    expect((await fileAs(svc, enterpriseUser(other), filing())) as unknown as Item).toMatchObject({ number: expect.stringMatching(/-000001$/) });
    const one = filed[7]!;
    expect((await request(svc.app).get(`/requests/${one.id}`).set(enterpriseUser(ent))).body.number).toBe(numbers[7]);
    const [msg] = await tap.waitFor((m) => m.key === one.id && (m.value as EventEnvelope).type === 'requests.request.filed', { timeoutMs: PATIENCE });
    expect((msg!.value as EventEnvelope).data).toMatchObject({ requestId: one.id, number: numbers[7] });
  });

  it('keeps the number of a replayed filing', async () => {
    const ent = await seedEnterprise(svc, freshCity());
    const key = uniq('idem');
    const first = await fileAs(svc, enterpriseUser(ent), filing(), key);
    const again = await fileAs(svc, enterpriseUser(ent), filing(), key);
    expect((again as unknown as Item).number).toBe((first as unknown as Item).number);
  });
});

describe('queue search, filters and paging', () => {
  it('finds a request by its whole number or its beginning, and by the enterprise name', async () => {
    const city = freshCity();
    const name = `鞍山${uniq('精密仪表')}有限公司`;
    const [ent, neighbour] = await Promise.all([seedEnterprise(svc, city, name), seedEnterprise(svc, city)]);
    const mine = await Promise.all([1, 2].map(() => fileAs(svc, enterpriseUser(ent), filing())));
    const theirs = await fileAs(svc, enterpriseUser(neighbour), filing());
    const staff = liaison(uniq('l'), city);
    const n = (mine[0] as unknown as Item).number!;
    const exact = await list(staff, { q: n });
    expect(exact.items.map((r) => r.id)).toEqual([mine[0]!.id]);
    expect(exact.total).toBe(1);
    const prefix = await list(staff, { q: `${city}-${year}-`, limit: 100 });
    expect(prefix.items.map((r) => r.id).sort()).toEqual([...mine.map((r) => r.id), theirs.id].sort());
    expect(prefix.items.every((r) => r.number!.startsWith(`${city}-${year}-`))).toBe(true);
    const byName = await list(staff, { q: name.slice(2, 12) });
    expect(byName.items.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
    expect(byName.items.every((r) => r.enterpriseName === name)).toBe(true);
    expect((await list(staff, { q: `${city}-1999-` })).total).toBe(0);
  });

  it('filters by category, priority, state, assignee (mine) and due within N hours, and names the assignee', async () => {
    const city = freshCity();
    const ent = await seedEnterprise(svc, city);
    const [a, b, c] = await Promise.all([
      fileAs(svc, enterpriseUser(ent), filing({ category: 'energy_metrology', priority: 'normal' })),
      fileAs(svc, enterpriseUser(ent), filing({ category: 'emergency_verification', priority: 'emergency' })),
      fileAs(svc, enterpriseUser(ent), filing({ category: 'training_request', priority: 'urgent' })),
    ]);
    await deliver(ASSIGNMENT_TOPIC, envelope(assignmentAssigned, b!.id, { requestId: b!.id, cityCode: city, at: new Date().toISOString(), assignmentId: uniq('as'), assigneeId: 'liu', assigneeName: '刘洋', how: 'auto', by: 'assignment-router' }));
    // Every clock is set here, dated ahead, so clocks another SLA service on the shared broker
    // might start for these requests are older and change nothing.
    const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
    for (const [r, response] of [[a!, 200], [b!, 3], [c!, 72]] as const)
      for (const [clock, deadline] of [['response', hours(response)], ['resolution', hours(300)]] as const)
        await deliver(SLA_TOPIC, envelope(clockStarted, r.id, { requestId: r.id, cityCode: city, cycle: 1, clock, policyId: 'p-1', policyVersion: 1, at: hours(1), deadline, target: '24h' }));
    const staff = manager(city);
    const ids = (p: Page) => p.items.map((r) => r.id).sort();
    expect(ids(await list(staff, { category: 'energy_metrology,training_request' }))).toEqual([a!.id, c!.id].sort());
    expect(ids(await list(staff, { priority: 'emergency' }))).toEqual([b!.id]);
    expect(ids(await list(staff, { state: 'assigned' }))).toEqual([b!.id]);
    expect(ids(await list(staff, { state: 'filed' }))).toEqual([a!.id, c!.id].sort());
    const mine = await list(liaison('liu', city), { assigneeId: 'liu' });
    expect(mine.items).toEqual([expect.objectContaining({ id: b!.id, assigneeId: 'liu', assigneeName: '刘洋' })]);
    expect(ids(await list(staff, { dueWithinHours: 4 }))).toEqual([b!.id]);
    expect(ids(await list(staff, { dueWithinHours: 100 }))).toEqual([b!.id, c!.id].sort());
    const bad = await request(svc.app).get('/requests').set(staff).query({ priority: 'urgent,whenever', dueWithinHours: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.dueWithinHours', 'query.priority.1']);
  });

  it('pages beyond 100 requests with a cursor, the total on every page', async () => {
    const city = freshCity();
    const ent = await seedEnterprise(svc, city);
    const filed: string[] = [];
    for (let i = 0; i < 105; i += 15) filed.push(...(await Promise.all(Array.from({ length: Math.min(15, 105 - i) }, () => fileAs(svc, enterpriseUser(ent), filing())))).map((r) => r.id));
    const staff = liaison(uniq('l'), city);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(staff, { limit: 40, sort: 'newest', ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(105);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(105);
    expect([...seen].sort()).toEqual([...filed].sort());
  });
});

describe('scope', () => {
  it('shows an enterprise only its own requests, a city only its city, the province everything', async () => {
    const city = freshCity();
    const name = uniq('营口港务计量');
    const [ent, other] = await Promise.all([seedEnterprise(svc, city, name), seedEnterprise(svc, city)]);
    const r = await fileAs(svc, enterpriseUser(ent), filing());
    const theirs = await fileAs(svc, enterpriseUser(other), filing());
    const number = (r as unknown as Item).number!;
    // Another enterprise of the same city, another city's liaison and manager: nothing, however they ask.
    for (const who of [enterpriseUser(other), liaison(uniq('l'), DALIAN), manager(DALIAN)]) {
      expect((await list(who, { q: number })).total).toBe(0);
      expect((await list(who, { q: name })).total).toBe(0);
    }
    for (const who of [liaison(uniq('l'), DALIAN), manager(DALIAN)]) expect((await list(who, { cityCode: city })).total).toBe(0);
    expect((await list(enterpriseUser(other), { q: `${city}-` })).items.map((x) => x.id)).toEqual([theirs.id]);
    expect((await list(liaison(uniq('l'), city), { q: number })).items.map((x) => x.id)).toEqual([r.id]);
    expect((await list(province, { q: number })).items.map((x) => x.id)).toEqual([r.id]);
  });

  it('exports only what the caller may see', async () => {
    const city = freshCity();
    const ent = await seedEnterprise(svc, city);
    const r = (await fileAs(svc, enterpriseUser(ent), filing())) as unknown as Item;
    expect((await workbook(liaison(uniq('l'), DALIAN), { q: r.number! })).rows).toHaveLength(1);
    expect((await workbook(liaison(uniq('l'), city), { q: r.number! })).rows).toHaveLength(2);
    expect((await request(svc.app).get('/requests/export').query({ lang: 'fr' }).set(province)).status).toBe(400);
  });
});

describe('export', () => {
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  const CODE = /\b[a-z]+_[a-z_]+\b/;

  it('writes one row per request of the filter, number first, headings and values in words in the chosen language', async () => {
    const name = `沈阳${uniq('燃气')}`;
    const ent = await seedEnterprise(svc, NAMED, name);
    const [assigned, waiting] = await Promise.all([
      fileAs(svc, enterpriseUser(ent), filing({ category: 'verification_calibration', priority: 'urgent', title: '压力表检定' })),
      fileAs(svc, enterpriseUser(ent), filing({ category: 'emergency_verification', priority: 'emergency' })),
    ]);
    await deliver(ASSIGNMENT_TOPIC, envelope(assignmentAssigned, assigned!.id, { requestId: assigned!.id, cityCode: NAMED, at: new Date().toISOString(), assignmentId: uniq('as'), assigneeId: uniq('user'), assigneeName: '王芳', how: 'manual', by: 'mgr' }));
    const zh = await workbook(manager(NAMED), { q: name, sort: 'newest' });
    expect(zh.name).toBe('服务请求');
    expect(zh.rows[0]).toEqual(['编号', '标题', '企业', '城市', '类别', '优先级', '状态', '承办人', '提交时间', '时限状态', '最近时限', '办结时间']);
    expect(zh.rows).toHaveLength(3);
    const byNumber = new Map(zh.rows.slice(1).map((row) => [row[0], row]));
    const numberOf = (r: { id: string }) => (r as unknown as Item).number!;
    expect(byNumber.get(numberOf(assigned!))!.slice(0, 8)).toEqual([numberOf(assigned!), '压力表检定', name, '测试市', '检定校准', '紧急', '已派单', '王芳']);
    expect(byNumber.get(numberOf(waiting!))!.slice(2, 8)).toEqual([name, '测试市', '应急检定', '特急', '已提交', '未派单']);
    expect(byNumber.get(numberOf(waiting!))![8]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const en = await workbook(manager(NAMED), { q: name, lang: 'en', category: 'verification_calibration' });
    expect(en.name).toBe('Requests');
    expect(en.rows[0]!.slice(0, 8)).toEqual(['Number', 'Title', 'Enterprise', 'City', 'Category', 'Priority', 'State', 'Assignee']);
    expect(en.rows).toHaveLength(2);
    expect(en.rows[1]!.slice(3, 8)).toEqual(['Testville', 'Verification / calibration', 'Urgent', 'Assigned', '王芳']);
    for (const cell of [...zh.rows, ...en.rows].flat()) {
      expect(cell).not.toMatch(UUID);
      expect(cell).not.toMatch(CODE);
    }
  });

  it('writes the same rows as CSV in UTF-8 with a byte-order mark, fields with commas or quotes quoted', async () => {
    const name = `沈阳${uniq('仪表')}`;
    const ent = await seedEnterprise(svc, NAMED, name);
    const r = (await fileAs(svc, enterpriseUser(ent), filing({ category: 'verification_calibration', priority: 'urgent', title: '压力表检定, "加急" 项目' }))) as unknown as Item;
    const res = await exported(manager(NAMED), { q: name, format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?metrodesk-requests-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('编号,标题,企业,城市,类别,优先级,状态,承办人,提交时间,时限状态,最近时限,办结时间');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${r.number},"压力表检定, ""加急"" 项目",${name},测试市,检定校准,紧急,已提交,未派单,`);
    expect(lines.join('\n')).not.toMatch(UUID);
    expect(lines.join('\n')).not.toMatch(CODE);
    expect((await request(svc.app).get('/requests/export').query({ format: 'pdf' }).set(manager(NAMED))).status).toBe(400);
  });
});
