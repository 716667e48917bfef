import request from 'supertest';
import { binary } from '../fixtures/instrument-events';
import ExcelJS from 'exceljs';
import { shenyangLiaison, dalianLiaison, enterpriseUser } from '../fixtures/enterprises';
import { register, startService, world } from '../fixtures/service';
import { MongoInstrumentRepository } from '../../src/persistence/instrument.repository';
import type { Instrument } from '../../src/domain/instrument';

jest.setTimeout(120_000);

const run = world.serve(() => startService());


const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const api = () => request(run.svc.app);
const serial = () => `SN-${Math.random().toString(36).slice(2, 10)}`;
async function template(lang: 'zh-CN' | 'en'): Promise<ExcelJS.Workbook> {
  const res = await api().get(`/instruments/template?lang=${lang}`).set(shenyangLiaison).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as ArrayBuffer);
  return wb;
}

/** The template of that language with these rows typed in under its headings. */
async function filled(lang: 'zh-CN' | 'en', rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = await template(lang);
  const sheet = wb.worksheets[0]!;
  rows.forEach((r, i) => sheet.getRow(i + 2).values = r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (enterpriseId: string, who: Record<string, string>, file: Buffer, lang = 'zh-CN') =>
  api().post(`/enterprises/${enterpriseId}/instruments/import?lang=${lang}`).set(who).set('content-type', XLSX).send(file);
const countOf = async (enterpriseId: string) => (await api().get(`/instruments?enterpriseId=${enterpriseId}&limit=200`).set(shenyangLiaison)).body.items.length as number;

describe('instrument import', () => {
  it('serves the template with headings and a guide in the reader language', async () => {
    const zh = await template('zh-CN');
    expect(zh.worksheets.map((w) => w.name)).toEqual(['计量器具', '填写说明']);
    expect((zh.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(['器具类别', '型号规格', '出厂编号', '使用地点', '用途', '强制检定', '检定周期（月）', '上次检定日期', '检定证书编号', '状态']);
    expect(zh.worksheets[0]!.getCell('A2').dataValidation).toMatchObject({ type: 'list', formulae: ['"压力表,燃气报警器,流量计,电能表"'] });
    const en = await template('en');
    expect((en.worksheets[0]!.getRow(1).values as string[])[1]).toBe('Instrument class');
    expect(en.worksheets[1]!.getRow(2).getCell(3).value).toContain('Pressure gauge');
  });

  it('registers every row of a filled-in template, words of either language', async () => {
    const e = await register(run.svc, shenyangLiaison);
    const file = await filled('zh-CN', [
      ['压力表', 'Y-100', serial(), '锅炉房', '安全防护', '', 6, '2026-01-31', 'SY-JD-1', ''],
      ['Gas alarm', 'GT-2000', serial(), '二号车间', 'process_control', '是', '12', new Date(Date.UTC(2026, 2, 15)), '', '停用'],
    ]);
    const res = await upload(e.id, enterpriseUser(e.id), file);
    expect(res.body).toEqual({ created: 2 });
    expect(res.status).toBe(201);
    const items = (await api().get(`/instruments?enterpriseId=${e.id}`).set(enterpriseUser(e.id))).body.items;
    expect(items).toMatchObject([
      { instrumentClass: 'pressure_gauge', use: 'safety', compulsory: true, nextDueOn: '2026-07-31', status: 'in_use', certificateNo: 'SY-JD-1' },
      { instrumentClass: 'gas_alarm', use: 'process_control', compulsory: true, lastVerifiedOn: '2026-03-15', nextDueOn: '2027-03-15', status: 'out_of_service', certificateNo: null },
    ]);
  });

  it('refuses the whole file when any row is bad, naming row and column in the reader language', async () => {
    const e = await register(run.svc, shenyangLiaison);
    const taken = serial();
    expect((await upload(e.id, shenyangLiaison, await filled('zh-CN', [['压力表', '', taken, '', '工艺控制', '', 6, '2026-01-10', '', '']]))).status).toBe(201);
    const twice = serial();
    const rows = [
      ['压力表', 'Y-100', serial(), '', '安全防护', '', 6, '2026-01-31', '', ''],
      ['日晷', '', '', '', '贸易结算', '否', 0, '2026-02-30', '', ''],
      ['流量计', '', twice, '', '工艺控制', '', 12, '2026-01-01', '', ''],
      ['流量计', '', twice, '', '工艺控制', '', 12, '2026-01-01', '', ''],
      ['压力表', '', taken, '', '工艺控制', '', 6, '2026-01-10', '', ''],
    ];
    const zh = await upload(e.id, shenyangLiaison, await filled('zh-CN', rows));
    expect(zh.status).toBe(400);
    expect(zh.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zh.body.code).toBe('import_rejected');
    expect(zh.body.detail).toContain('3 行有误');
    const byRow = (zh.body.errors as { row: number; field: string; column: string; message: string; path: string }[]).map((p) => [p.row, p.column, p.message]);
    expect(byRow).toEqual([
      [3, '器具类别', '应为以下之一：压力表、燃气报警器、流量计、电能表'],
      [3, '出厂编号', '必填'],
      [3, '检定周期（月）', '应为 1–120 的整数'],
      [3, '上次检定日期', '应为日期，如 2026-03-15'],
      [5, '出厂编号', '与第 4 行的类别和出厂编号重复'],
      [6, '出厂编号', '本企业已登记该类别的此出厂编号'],
    ]);
    expect(zh.body.errors[0].path).toBe('rows[3].instrumentClass');
    // Nothing of the file went in: the one registered before is all there is.
    expect(await countOf(e.id)).toBe(1);

    const en = await upload(e.id, shenyangLiaison, await filled('en', [['Pressure gauge', '', serial(), '', 'Trade settlement', 'No', 6, '2999-01-01', '', '']]), 'en');
    expect(en.status).toBe(400);
    expect((en.body.errors as { row: number; column: string; message: string }[]).map((p) => [p.row, p.column, p.message])).toEqual([
      [2, 'Compulsory verification', 'an instrument used for Trade settlement is under compulsory verification and cannot be No'],
      [2, 'Last verified on', expect.stringMatching(/^cannot be after today \(\d{4}-\d{2}-\d{2}\)$/)],
    ]);
  });

  it('names a missing required column, and refuses what is not a sheet', async () => {
    const e = await register(run.svc, shenyangLiaison);
    const csv = Buffer.from('器具类别,出厂编号\n压力表,SN-1\n');
    const res = await api().post(`/enterprises/${e.id}/instruments/import`).set(shenyangLiaison).set('content-type', 'text/csv').send(csv);
    expect(res.status).toBe(400);
    expect((res.body.errors as { column: string }[]).map((p) => p.column)).toEqual(['用途', '检定周期（月）', '上次检定日期']);
    expect((await api().post(`/enterprises/${e.id}/instruments/import`).set(shenyangLiaison).set('content-type', 'application/pdf').send(Buffer.from('%PDF'))).status).toBe(415);
  });

  it('imports only into an enterprise the caller may see', async () => {
    const e = await register(run.svc, shenyangLiaison);
    const other = await register(run.svc, shenyangLiaison);
    const file = await filled('zh-CN', [['压力表', '', serial(), '', '安全防护', '', 6, '2026-01-31', '', '']]);
    expect((await upload(other.id, enterpriseUser(e.id), file)).status).toBe(404);
    expect((await upload(e.id, dalianLiaison, file)).status).toBe(404);
    expect(await countOf(other.id)).toBe(0);
    expect(await countOf(e.id)).toBe(0);
  });
});

describe('instrument repository', () => {
  it('stores all or none: a serial number taken meanwhile takes the rest of the batch out again', async () => {
    const repo = new MongoInstrumentRepository(run.svc.runtime.mongo);
    const enterpriseId = `repo-${serial()}`;
    const now = new Date();
    const make = (serialNo: string): Instrument => ({
      id: serial(), enterpriseId, cityCode: '210100', instrumentClass: 'pressure_gauge', model: null, serialNo, location: null, use: 'safety', compulsory: true,
      cycleMonths: 6, lastVerifiedOn: '2026-01-31', certificateNo: null, nextDueOn: '2026-07-31', status: 'in_use', verifications: [], version: 1, createdAt: now, updatedAt: now,
    });
    const first = make('A');
    await repo.insert(first);
    expect(await repo.insertAll([make('B'), make('A'), make('C')])).toEqual({ taken: [1] });
    expect(await repo.serialsOf(enterpriseId)).toEqual([{ instrumentClass: 'pressure_gauge', serialNo: 'A' }]);
  });
});
