import request from 'supertest';
import ExcelJS from 'exceljs';
import { type TopicTap, uniq } from '@metrodesk/testkit';
import { ENTERPRISE_TOPIC } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { admin, dalianLiaison, enterpriseUser, randomUscc, shenyangLiaison } from '../fixtures/enterprises';
import { register, startWithTap, stopWithTap } from '../fixtures/service';
import { MongoEnterpriseRepository } from '../../src/persistence/enterprise.repository';

// The machine is shared with other suites; generous timeouts keep a slow moment from failing a run.
jest.setTimeout(90_000);

let svc: AccountsService;
let tap: TopicTap;

beforeAll(async () => ({ svc, tap } = await startWithTap([ENTERPRISE_TOPIC])));
afterAll(() => stopWithTap({ svc, tap }));

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n'));
const importFile = (who: Record<string, string>, body: Buffer, type = CSV) => request(svc.app).post('/imports/enterprises').set(who).set('content-type', type).send(body);

type ReportRow = { row: number; uscc: string | null; outcome: string; id?: string; errors?: { path: string; message: string }[] };

describe('bulk import', () => {
  it('writes the good rows, reports each bad row with its reasons, and is idempotent', async () => {
    const tag = uniq('imp');
    const [u1, u2, u3] = [randomUscc(), randomUscc(), randomUscc()];
    const badCheck = u3.slice(0, 17) + (u3[17] === 'A' ? 'B' : 'A');
    const file = csv([
      ['uscc', 'name', 'nameEn', 'cityCode', 'districtCode', 'industry', 'size', 'tags', 'keyEnergyUnit', 'integrityCommitment', 'integrityCommitmentSignedOn', 'extra'],
      [u1, '沈阳一号计量有限公司', 'Shenyang One', '210100', '210102', '仪器', 'small', `${tag};甲`, '是', 'yes', '2026-01-05', 'ignored'],
      [badCheck, '校验位错误公司', '', '210100', '', '', '', tag, '', '', '', ''],
      [randomUscc(), '未知城市公司', '', '219900', '', '', '', tag, '', '', '', ''],
      [u2, '大连二号"港口"公司', '', '210200', '', '港口', 'huge', tag, 'maybe', '', '', ''],
      [u3, '', '', '210100', '', '', '', tag, '', 'true', '', ''],
      [u2.replace(/.$/, ''), '大连三号', '', '210200', '', '', '', tag, '', '', '', ''],
      [randomUscc(), '大连四号', '', '210200', '', '', '', tag, 'no', '', '', ''],
    ]);
    const res = await importFile(admin, file);
    expect(res.status).toBe(200);
    const rows = res.body.rows as ReportRow[];
    expect(res.body.summary).toEqual({ rows: 7, created: 2, updated: 0, unchanged: 0, failed: 5 });
    const byRow = Object.fromEntries(rows.map((r) => [r.row, r]));
    expect(byRow[2]).toMatchObject({ outcome: 'created', uscc: u1 });
    expect(byRow[3]!.errors).toEqual([expect.objectContaining({ path: 'uscc', message: expect.stringMatching(/check character/) })]);
    expect(byRow[4]!.errors).toEqual([expect.objectContaining({ path: 'cityCode', message: expect.stringMatching(/unknown city 219900/) })]);
    expect(byRow[5]!.errors!.map((e) => e.path).sort()).toEqual(['keyEnergyUnit', 'size']);
    expect(byRow[6]!.errors!.map((e) => e.path).sort()).toEqual(['integrityCommitmentSignedOn', 'name']);
    expect(byRow[7]!.errors![0]!.message).toMatch(/18 characters/);
    expect(byRow[8]).toMatchObject({ outcome: 'created' });

    const created = await request(svc.app).get(`/enterprises/${byRow[2]!.id}`).set(admin);
    expect(created.body).toMatchObject({ name: '沈阳一号计量有限公司', nameEn: 'Shenyang One', districtCode: '210102', size: 'small', tags: [tag, '甲'], flags: { keyEnergyUnit: true, integrityCommitment: true, integrityCommitmentSignedOn: '2026-01-05' } });
    // Nothing half-written: the failed rows left no enterprise behind.
    const listed = await request(svc.app).get('/enterprises').set(admin).query({ tags: tag });
    expect(listed.body.items).toHaveLength(2);
    // The row's commitment flag is recorded as a signing: registered, then integrity.committed.
    expect((await tap.waitFor((m) => m.key === byRow[2]!.id, { count: 2 })).map((m) => (m.value as { type: string }).type)).toEqual(['accounts.enterprise.registered', 'accounts.integrity.committed']);

    const again = await importFile(admin, file);
    expect(again.body.summary).toEqual({ rows: 7, created: 0, updated: 0, unchanged: 2, failed: 5 });
    // The unchanged rows published nothing new.
    await new Promise((r) => setTimeout(r, 500));
    expect(tap.find((m) => m.key === byRow[2]!.id)).toHaveLength(2);
  });

  it('finds stored enterprises the same way for few and for many rows of a city', async () => {
    const repo = new MongoEnterpriseRepository(svc.runtime.mongo);
    const stored = [await register(svc, admin, { cityCode: '211400' }), await register(svc, admin, { cityCode: '211400' })];
    const asked = [...stored.map((e) => e.uscc), randomUscc()];
    const found = async (inLookupMax: number) => (await repo.findByUsccInCity('211400', asked, inLookupMax)).map((e) => e.id).sort();
    // A $in for few, the city read once and matched in memory for many.
    expect(await found(100)).toEqual(stored.map((e) => e.id).sort());
    expect(await found(1)).toEqual(stored.map((e) => e.id).sort());
    expect(await repo.findByUsccInCity('210100', asked, 1)).toEqual([]);
  });

  it('lands a row naming another city than the stored one, and a USCC twice in one file, in file order', async () => {
    const tag = uniq('moved');
    const header = ['uscc', 'name', 'cityCode', 'tags'];
    const moved = await register(svc, admin, { cityCode: '210100' });
    const twice = randomUscc();
    const res = await importFile(admin, csv([header, [moved.uscc, '迁到葫芦岛的企业', '211400', tag], [twice, '先写的名字', '211400', tag], [twice, '后写的名字', '211400', tag]]));
    expect(res.body.rows).toEqual([
      expect.objectContaining({ row: 2, outcome: 'updated', id: moved.id }),
      expect.objectContaining({ row: 3, outcome: 'created' }),
      expect.objectContaining({ row: 4, outcome: 'updated' }),
    ]);
    expect((await request(svc.app).get(`/enterprises/${moved.id}`).set(admin)).body).toMatchObject({ cityCode: '211400', name: '迁到葫芦岛的企业', version: 2 });
    expect((await request(svc.app).get(`/enterprises/${res.body.rows[1].id}`).set(admin)).body).toMatchObject({ name: '后写的名字', version: 2 });
    // Nor can a liaison take another city's enterprise over by naming their own city in a row.
    const stays = await register(svc, admin, { cityCode: '210200' });
    const refused = await importFile(shenyangLiaison, csv([header, [stays.uscc, '想搬走', '210100', tag]]));
    expect(refused.body.rows[0]).toMatchObject({ outcome: 'failed', errors: [expect.objectContaining({ path: 'uscc', message: expect.stringMatching(/another city/) })] });
    expect((await request(svc.app).get(`/enterprises/${stays.id}`).set(admin)).body).toMatchObject({ cityCode: '210200', version: 1 });
  });

  it('updates existing enterprises by USCC from an XLSX file with Chinese headings', async () => {
    const e = await register(svc, shenyangLiaison, { name: '旧名称', industry: '旧行业' });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('企业');
    sheet.addRow(['统一社会信用代码', '企业名称', '城市代码', '行业', '联系点企业']);
    sheet.addRow([e.uscc, '新名称', '210100', '新行业', '是']);
    sheet.addRow([]);
    const fresh = randomUscc();
    sheet.addRow([fresh, '表格新企业', '210100', null, '否']);
    const res = await importFile(shenyangLiaison, Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { row: 2, uscc: e.uscc, outcome: 'updated', id: e.id },
      { row: 4, uscc: fresh, outcome: 'created', id: expect.any(String) },
    ]);
    const now = await request(svc.app).get(`/enterprises/${e.id}`).set(shenyangLiaison);
    expect(now.body).toMatchObject({ name: '新名称', industry: '新行业', version: 2, flags: { contactPoint: true } });
    const events = await tap.waitFor((m) => m.key === e.id, { count: 3 });
    expect(events.map((m) => (m.value as { type: string }).type)).toEqual(['accounts.enterprise.registered', 'accounts.enterprise.updated', 'accounts.enterprise.flagged']);
  });

  it('keeps a liaison to their own city, refuses enterprise users, and reads only CSV or XLSX', async () => {
    const dl = await register(svc, dalianLiaison, { cityCode: '210200' });
    const file = csv([
      ['uscc', 'name', 'cityCode'],
      [randomUscc(), '别市企业', '210200'],
      [dl.uscc, '改别市企业', '210100'],
      [randomUscc(), '本市企业', '210100'],
    ]);
    const res = await importFile(shenyangLiaison, file);
    expect(res.body.rows.map((r: ReportRow) => r.outcome)).toEqual(['failed', 'failed', 'created']);
    expect(res.body.rows[0].errors[0].message).toMatch(/own city/);
    expect((await importFile(enterpriseUser(dl.id), file)).status).toBe(403);
    const noColumns = await importFile(admin, csv([['name'], ['x']]));
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.errors.map((e: { path: string }) => e.path)).toEqual(['header.uscc', 'header.cityCode']);
    expect((await importFile(admin, Buffer.from('{}'), 'application/json')).status).toBe(415);
    expect((await importFile(admin, Buffer.from('not a zip'), XLSX)).status).toBe(400);
  });
});

describe('export', () => {
  it('exports a filtered list as CSV and XLSX that import back unchanged', async () => {
    const tag = uniq('exp');
    const a = await register(svc, admin, { name: '导出甲, "引号"', tags: [tag, '其他'], flags: { contactPoint: true } });
    await register(svc, admin, { name: '导出乙', cityCode: '210200', tags: [tag] });
    await register(svc, admin, { name: '不在列表' });
    const csvRes = await request(svc.app).get('/exports/enterprises').set(admin).query({ tags: tag, format: 'csv' }).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers['content-type']).toMatch(/text\/csv/);
    const text = (csvRes.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFid,uscc,name')).toBe(true);
    expect(text).toContain('"导出甲, ""引号"""');
    expect(text.trim().split('\r\n')).toHaveLength(3);
    const back = await importFile(admin, csvRes.body as Buffer);
    expect(back.body.summary).toMatchObject({ rows: 2, unchanged: 2, failed: 0 });

    const xlsxRes = await request(svc.app).get('/exports/enterprises').set(shenyangLiaison).query({ tags: tag, format: 'xlsx' }).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsxRes.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    // A liaison exports only their own city.
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(3).value).toBe('导出甲, "引号"');
    expect(sheet.getRow(2).getCell(2).value).toBe(a.uscc);
    const xlsxBack = await importFile(admin, Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(xlsxBack.body.summary).toMatchObject({ rows: 1, unchanged: 1 });
  });
});

describe('import limits and export escaping', () => {
  const workbook = async (fill: (sheet: ExcelJS.Worksheet) => void) => {
    const wb = new ExcelJS.Workbook();
    fill(wb.addWorksheet('enterprises'));
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  it('refuses a caller who may not import before reading the file', async () => {
    const res = await importFile(enterpriseUser('e-any'), Buffer.from('PK\u0003\u0004 not a workbook'), XLSX);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toMatch(/readable|zip|XLSX/i);
  });

  it('refuses a small sparse sheet naming row 1,048,576 with 413 naming the row limit', async () => {
    const file = await workbook((s) => {
      s.getCell('A1').value = 'uscc';
      s.getCell('A1048576').value = randomUscc();
    });
    const res = await importFile(admin, file, XLSX);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'sheet_too_large', limit: 'maxRows' });
    expect(res.body.detail).toMatch(/20000 rows/);
  });

  it('refuses a workbook that inflates past the limit (a zip bomb) with 413', async () => {
    const file = await workbook((s) => {
      s.getCell('A1').value = 'uscc';
      s.getCell('A2').value = 'x'.repeat(17 * 1024 * 1024);
    });
    const res = await importFile(admin, file, XLSX);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'sheet_too_large', limit: 'maxInflatedBytes' });
  });

  it('escapes cells a spreadsheet would run as formulas in the CSV export', async () => {
    const tag = uniq('csvinj');
    await register(svc, admin, { name: '=HYPERLINK("http://evil.example","点击")', tags: [tag] });
    await register(svc, admin, { name: '@SUM(1+1)', tags: [tag] });
    const res = await request(svc.app).get('/exports/enterprises').set(admin).query({ tags: tag, format: 'csv' }).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(text).toContain(`"'@SUM(1+1)"`);
    expect(text).not.toMatch(/(^|,)[=@+-]/m);
  });
});
