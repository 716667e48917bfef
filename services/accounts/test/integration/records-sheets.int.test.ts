import request from 'supertest';
import ExcelJS from 'exceljs';
import { binary } from '../fixtures/instrument-events';
import { shenyangLiaison, dalianLiaison, provinceManager, enterpriseUser, randomUscc } from '../fixtures/enterprises';
import { register, startService, world } from '../fixtures/service';

jest.setTimeout(120_000);

const run = world.serve(() => startService());


const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const api = () => request(run.svc.app);
type Who = Record<string, string>;

async function workbook(path: string, who: Who): Promise<ExcelJS.Workbook> {
  const res = await api().get(path).set(who).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as ArrayBuffer);
  return wb;
}

/** The template of that language with these rows typed in under its headings. */
async function filled(kind: 'integrity/commitments' | 'energy/reviews', lang: 'zh-CN' | 'en', rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = await workbook(`/${kind}/template?lang=${lang}`, shenyangLiaison);
  rows.forEach((r, i) => (wb.worksheets[0]!.getRow(i + 2).values = r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (kind: 'integrity/commitments' | 'energy/reviews', who: Who, file: Buffer, lang = 'zh-CN') => api().post(`/${kind}/import?lang=${lang}`).set(who).set('content-type', XLSX).send(file);
const recordsOf = async (id: string) => (await api().get(`/enterprises/${id}/records`).set(provinceManager)).body as { commitments: unknown[]; energyReviews: unknown[]; flags: Record<string, unknown> };
const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};
const errorsOf = (res: request.Response) => (res.body.errors as { row: number; field: string; column: string; message: string }[]).map(({ row, column, message }) => ({ row, column, message }));
const name = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 8)}`;

describe('integrity signings from XLSX', () => {
  it('serves the template with headings and a guide sheet in the reader language, to bureau staff only', async () => {
    const zh = await workbook('/integrity/commitments/template?lang=zh-CN', shenyangLiaison);
    expect(zh.worksheets.map((w) => w.name)).toEqual(['诚信计量承诺签署', '填写说明']);
    expect(rowsOf(zh.worksheets[0]!)[0]).toEqual(['统一社会信用代码', '签署日期', '承诺书文件名', '存档编号或链接']);
    const en = await workbook('/energy/reviews/template?lang=en', shenyangLiaison);
    expect(rowsOf(en.worksheets[0]!)[0]).toEqual(['USCC', 'Review date', 'Reviewers', 'Instruments reviewed', 'Findings']);
    expect(rowsOf(en.worksheets[1]!)[4]).toEqual(['Instruments reviewed', 'Yes', 'a whole number, 0 or more']);
    const e = await register(run.svc, shenyangLiaison);
    expect((await api().get('/integrity/commitments/template').set(enterpriseUser(e.id))).status).toBe(403);
  });

  it('records every row of a good file; the signings show through the records API with their flags', async () => {
    const a = await register(run.svc, shenyangLiaison);
    const b = await register(run.svc, shenyangLiaison);
    const res = await upload('integrity/commitments', shenyangLiaison, await filled('integrity/commitments', 'zh-CN', [
      [a.uscc, '2026-03-15', '诚信计量自我承诺书.pdf', 'SY-CX-2026-0153'],
      [],
      [b.uscc, new Date(Date.UTC(2026, 4, 20)), '', ''],
    ]));
    expect(res.body).toEqual({ created: 2 });
    expect(res.status).toBe(201);
    expect(await recordsOf(a.id)).toMatchObject({ flags: { integrityCommitment: true, integrityCommitmentSignedOn: '2026-03-15' }, commitments: [{ signedOn: '2026-03-15', document: { name: '诚信计量自我承诺书.pdf', ref: 'SY-CX-2026-0153' }, withdrawnOn: null }] });
    expect(await recordsOf(b.id)).toMatchObject({ flags: { integrityCommitment: true }, commitments: [{ signedOn: '2026-05-20', document: null }] });
  });

  it('refuses the whole file when any row is bad, naming row and column in the reader language; nothing is stored', async () => {
    const good = await register(run.svc, shenyangLiaison);
    const dalian = await register(run.svc, dalianLiaison, { cityCode: '210200', uscc: randomUscc('210202') });
    const signed = await register(run.svc, shenyangLiaison);
    expect((await api().post('/integrity/commitments').set(shenyangLiaison).send({ uscc: signed.uscc, signedOn: '2026-01-05' })).status).toBe(201);
    const unknown = randomUscc();
    const rows = [
      [good.uscc, '2026-03-15', '', ''],
      [unknown, '2026-03-15', '', ''],
      [dalian.uscc, '2026-03-15', '', ''],
      [good.uscc, '2026-02-30', '', ''],
      [signed.uscc, '2026-04-01', '', ''],
      ['not-a-code', '2999-01-01', '', ''],
    ];
    const en = await upload('integrity/commitments', shenyangLiaison, await filled('integrity/commitments', 'en', rows), 'en');
    expect(en.status).toBe(400);
    expect(en.body.code).toBe('import_rejected');
    expect(en.body.detail ?? en.body.title).toMatch(/no record was imported/);
    expect(errorsOf(en)).toEqual([
      { row: 3, column: 'USCC', message: `no enterprise with USCC ${unknown} is registered` },
      { row: 4, column: 'USCC', message: `the enterprise with USCC ${dalian.uscc} is outside your area` },
      { row: 5, column: 'Signed on', message: 'must be a date such as 2026-03-15' },
      { row: 6, column: 'USCC', message: 'the enterprise signed on 2026-01-05; withdraw that signing first' },
      { row: 7, column: 'USCC', message: 'is not a valid Unified Social Credit Code' },
      { row: 7, column: 'Signed on', message: expect.stringMatching(/^cannot be after today/) },
    ]);
    const zh = await upload('integrity/commitments', shenyangLiaison, await filled('integrity/commitments', 'zh-CN', rows.slice(1, 3)));
    expect(zh.status).toBe(400);
    expect(errorsOf(zh)).toEqual([
      { row: 2, column: '统一社会信用代码', message: `未登记统一社会信用代码为 ${unknown} 的企业` },
      { row: 3, column: '统一社会信用代码', message: `统一社会信用代码为 ${dalian.uscc} 的企业不在您的辖区` },
    ]);
    expect((await recordsOf(good.id)).commitments).toEqual([]);
    expect((await recordsOf(dalian.id)).commitments).toEqual([]);
  });
});

describe('energy reviews from XLSX', () => {
  it('records the reviews of a good file, two for one unit', async () => {
    const unit = await register(run.svc, shenyangLiaison, { flags: { keyEnergyUnit: true } });
    const res = await upload('energy/reviews', shenyangLiaison, await filled('energy/reviews', 'zh-CN', [
      [unit.uscc, '2026-04-10', '张三、李四', 35, '两台电能表超期未检'],
      [unit.uscc, '2026-09-01', '王五', '0', ''],
    ]));
    expect(res.body).toEqual({ created: 2 });
    expect(res.status).toBe(201);
    expect((await recordsOf(unit.id)).energyReviews).toMatchObject([
      { date: '2026-04-10', reviewers: ['张三', '李四'], instrumentsReviewed: 35, findings: '两台电能表超期未检', followUpRequestIds: [] },
      { date: '2026-09-01', reviewers: ['王五'], instrumentsReviewed: 0, findings: null },
    ]);
  });

  it('refuses a negative count, a bad date, an unknown USCC and a unit that is not key energy-using, storing nothing', async () => {
    const unit = await register(run.svc, shenyangLiaison, { flags: { keyEnergyUnit: true } });
    const plain = await register(run.svc, shenyangLiaison, { name: '普通企业' });
    const unknown = randomUscc();
    const res = await upload('energy/reviews', shenyangLiaison, await filled('energy/reviews', 'en', [
      [unit.uscc, '2026-04-10', 'Zhang San', 12, ''],
      [unit.uscc, '2026-04-10', 'Zhang San', -3, ''],
      [unit.uscc, '10/04/2026', '', 4, ''],
      [unknown, '2026-04-10', 'Zhang San', 1, ''],
      [plain.uscc, '2026-04-10', 'Zhang San', 1, ''],
    ]), 'en');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { row: number; field: string; column: string }) => [e.row, e.field, e.column])).toEqual([
      [3, 'instrumentsReviewed', 'Instruments reviewed'],
      [4, 'date', 'Review date'],
      [4, 'reviewers', 'Reviewers'],
      [5, 'uscc', 'USCC'],
      [6, 'uscc', 'USCC'],
    ]);
    expect(res.body.errors[0]).toMatchObject({ path: 'rows[3].instrumentsReviewed', message: 'must be a whole number, 0 or more' });
    expect(res.body.errors[4].message).toBe('普通企业 is not a key energy-using unit');
    expect((await recordsOf(unit.id)).energyReviews).toEqual([]);
  });

  it('refuses a file that is neither XLSX nor CSV, and an enterprise user', async () => {
    const unit = await register(run.svc, shenyangLiaison, { flags: { keyEnergyUnit: true } });
    expect((await api().post('/energy/reviews/import').set(shenyangLiaison).set('content-type', 'application/pdf').send(Buffer.from('x'))).status).toBe(415);
    expect((await upload('energy/reviews', enterpriseUser(unit.id), await filled('energy/reviews', 'en', [[unit.uscc, '2026-04-10', 'A', 1, '']]))).status).toBe(403);
  });
});

describe('exports of the records', () => {
  it('writes words, not codes, enterprises by name and USCC, each city its own and the province all', async () => {
    const sy = await register(run.svc, shenyangLiaison, { name: name('沈阳导出'), nameEn: 'Shenyang Export Co.', flags: { keyEnergyUnit: true } });
    const dl = await register(run.svc, dalianLiaison, { name: name('大连导出'), cityCode: '210200', uscc: randomUscc('210202'), flags: { keyEnergyUnit: true } });
    expect((await api().post('/integrity/commitments').set(shenyangLiaison).send({ uscc: sy.uscc, signedOn: '2026-02-01', document: { name: '承诺书.pdf', ref: 'A-1' } })).status).toBe(201);
    expect((await api().post('/integrity/demonstrations').set(provinceManager).send({ uscc: sy.uscc, year: 2026 })).status).toBe(201);
    expect((await api().post('/integrity/commitments').set(dalianLiaison).send({ uscc: dl.uscc, signedOn: '2026-02-02' })).status).toBe(201);
    expect((await api().post('/energy/reviews').set(shenyangLiaison).send({ uscc: sy.uscc, date: '2026-05-06', reviewers: ['张三', '李四'], instrumentsReviewed: 7, findings: '数据采集不全' })).status).toBe(201);
    expect((await api().put(`/enterprises/${sy.id}/energy/data-collection`).set(shenyangLiaison).send({ status: 'manual', since: '2026-05-07' })).status).toBe(200);
    expect((await api().post('/energy/reviews').set(dalianLiaison).send({ uscc: dl.uscc, date: '2026-05-08', reviewers: ['赵六'], instrumentsReviewed: 3 })).status).toBe(201);

    const zh = await workbook('/exports/integrity-commitments?lang=zh-CN', shenyangLiaison);
    expect(zh.worksheets.map((w) => w.name)).toEqual(['诚信计量承诺', '示范单位']);
    const [head, ...signings] = rowsOf(zh.worksheets[0]!);
    expect(head).toEqual(['企业名称', '统一社会信用代码', '城市', '签署日期', '承诺有效', '撤回日期', '承诺书']);
    expect(signings).toContainEqual([sy.name, sy.uscc, '沈阳市', '2026-02-01', '是', '', '承诺书.pdf']);
    expect(signings.some((r) => r[1] === dl.uscc)).toBe(false);
    expect(rowsOf(zh.worksheets[1]!)).toContainEqual([sy.name, sy.uscc, '沈阳市', 2026, '省局', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);

    const province = rowsOf((await workbook('/exports/integrity-commitments?lang=en', provinceManager)).worksheets[0]!);
    expect(province).toContainEqual(['Shenyang Export Co.', sy.uscc, 'Shenyang', '2026-02-01', 'Yes', '', '承诺书.pdf']);
    expect(province.find((r) => r[1] === dl.uscc)?.slice(2, 5)).toEqual(['Dalian', '2026-02-02', 'Yes']);
    const onlyDalian = rowsOf((await workbook('/exports/integrity-commitments?lang=en&cityCode=210200', provinceManager)).worksheets[0]!);
    expect(onlyDalian.some((r) => r[1] === sy.uscc)).toBe(false);

    const energy = await workbook('/exports/energy-reviews?lang=en', shenyangLiaison);
    expect(energy.worksheets.map((w) => w.name)).toEqual(['Energy reviews', 'Data collection']);
    const reviews = rowsOf(energy.worksheets[0]!);
    expect(reviews[0]).toEqual(['Enterprise', 'USCC', 'City', 'Review date', 'Reviewers', 'Instruments reviewed', 'Findings', 'Follow-up requests']);
    expect(reviews).toContainEqual(['Shenyang Export Co.', sy.uscc, 'Shenyang', '2026-05-06', '张三, 李四', 7, '数据采集不全', 0]);
    expect(reviews.some((r) => r[1] === dl.uscc)).toBe(false);
    expect(rowsOf(energy.worksheets[1]!)).toContainEqual(['Shenyang Export Co.', sy.uscc, 'Shenyang', 'Manual report', '2026-05-07']);
    const zhEnergy = rowsOf((await workbook('/exports/energy-reviews?lang=zh-CN', provinceManager)).worksheets[1]!);
    expect(zhEnergy).toContainEqual([sy.name, sy.uscc, '沈阳市', '手工报送', '2026-05-07']);

    expect((await api().get('/exports/energy-reviews').set(enterpriseUser(sy.id))).status).toBe(403);
  });
});
