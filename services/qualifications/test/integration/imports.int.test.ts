import request from 'supertest';
import ExcelJS from 'exceljs';
import { uniq } from '@metrodesk/testkit';
import { QUALIFICATION_TOPIC } from '@metrodesk/contracts';
import { startService, admin, shenyangLiaison, randomIdNumber, randomUscc, isoDay, capturingLogger, SECRET, fileBody, world } from '../fixtures/qualifications';
import { signIdentity } from '@metrodesk/access';

// The machine is shared with other suites; generous timeouts keep a slow moment from failing a run.
jest.setTimeout(90_000);

const captured = capturingLogger();
const run = world.serve(() => startService(captured.logger), [QUALIFICATION_TOPIC]);

const HEADER = 'name,idNumber,type,scope,certificateNo,issuingAuthority,issuedOn,expiresOn,employerUscc,employerName,archiveBox,archiveNumber';
const csv = (rows: string[][]) => [HEADER, ...rows.map((r) => r.join(','))].join('\n');
const postCsv = (text: string, who = admin) => request(run.svc.app).post('/imports/files').set(who).set('content-type', 'text/csv').send(text);

describe('bulk filing import', () => {
  it('files good rows, reports every bad row by column, and is idempotent on a second run', async () => {
    const uscc = randomUscc();
    const good = [randomIdNumber(), randomIdNumber()];
    const typo = good[0]!.slice(0, 17) + (good[0]![17] === '1' ? '2' : '1');
    const certs = [uniq('IMP'), uniq('IMP'), uniq('IMP'), uniq('IMP'), uniq('IMP')];
    const row = (name: string, id: string, type: string, cert: string, over: Partial<Record<'issuedOn' | 'expiresOn', string>> = {}) =>
      [name, id, type, '压力表;流量计', cert, '辽宁省市场监督管理局', over.issuedOn ?? isoDay(-10), over.expiresOn ?? isoDay(1000), uscc, '沈阳一号单位', 'B-7', cert.slice(-4)];
    const text = csv([
      row('甲', good[0]!, 'energy_metrologist', certs[0]!),
      row('乙', typo, 'energy_metrologist', certs[1]!),
      row('丙', good[1]!, 'energy_metrologist', certs[2]!, { expiresOn: '2030-02-30' }),
      row('丁', good[1]!, 'energy_metrologist', certs[0]!),
      row('戊', good[1]!, 'metrologist', certs[3]!),
      row('己', good[1]!, 'energy_metrologist', certs[4]!),
    ]);

    const first = await postCsv(text);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 6, filed: 2, unchanged: 0, errors: 4 });
    const rows = first.body.rows as { row: number; status: string; errors: { path: string; message: string }[]; idNumber: string | null; fileId: string | null }[];
    expect(rows.map((r) => [r.row, r.status])).toEqual([[2, 'filed'], [3, 'error'], [4, 'error'], [5, 'error'], [6, 'error'], [7, 'filed']]);
    expect(rows[1]!.errors).toEqual([{ path: 'idNumber', message: expect.stringContaining('check character') }]);
    expect(rows[2]!.errors).toEqual([{ path: 'expiresOn', message: 'is not a real calendar date' }]);
    expect(rows[3]!.errors).toEqual([{ path: 'duplicate_certificate', message: expect.stringContaining(certs[0]!) }]);
    expect(rows[4]!.errors).toEqual([{ path: 'prerequisite_missing', message: expect.stringContaining('JLY101') }]);
    expect(rows[0]!.idNumber).toBe('*'.repeat(14) + good[0]!.slice(-4));
    for (const id of [...good, typo]) expect(JSON.stringify(first.body)).not.toContain(id);

    const file = await request(run.svc.app).get(`/files/${rows[0]!.fileId}`).set(admin);
    expect(file.body).toMatchObject({ scope: ['压力表', '流量计'], archive: { box: 'B-7', number: certs[0]!.slice(-4) }, employer: { uscc, name: '沈阳一号单位' } });

    const second = await postCsv(text);
    expect(second.body).toMatchObject({ total: 6, filed: 0, unchanged: 2, errors: 4 });
    expect(second.body.rows[0]).toMatchObject({ status: 'unchanged', fileId: rows[0]!.fileId });

    await run.tap.waitFor((m) => m.key === rows[5]!.fileId);
    await new Promise((r) => setTimeout(r, 1000));
    const filedEvents = new Set(run.tap.find((m) => m.key === rows[0]!.fileId).map((m) => (m.value as { id: string }).id));
    expect(filedEvents.size).toBe(1);
    const logs = captured.lines.join('\n');
    for (const id of [...good, typo]) expect(logs).not.toContain(id);
  });

  it('reads an XLSX sheet with Chinese headings and dates typed as dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('建档');
    ws.addRow(['姓名', '身份证号', '资格类型', '范围', '证书编号', '发证机关', '发证日期', '有效期至', '统一社会信用代码', '单位名称', '档案盒号', '档案号']);
    const idNumber = randomIdNumber();
    const cert = uniq('XLSX');
    ws.addRow(['庚', idNumber, 'energy_metrologist', '电能表、水表', cert, '沈阳市市场监督管理局', new Date(Date.UTC(2025, 0, 15)), new Date(Date.UTC(2029, 0, 14)), randomUscc(), '沈阳二号单位', 'B-9', '0009']);
    ws.addRow(['辛', '', 'energy_metrologist', '', uniq('XLSX'), '沈阳市市场监督管理局', '2025-01-15', '2029-01-14', randomUscc(), '沈阳二号单位', '', '']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await request(run.svc.app).post('/imports/files').set(admin).set('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(buffer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, filed: 1, errors: 1 });
    expect(res.body.rows[1].errors).toEqual([{ path: 'idNumber', message: 'is required' }]);
    const file = await request(run.svc.app).get(`/files/${res.body.rows[0].fileId}`).set(admin);
    expect(file.body).toMatchObject({ certificateNo: cert, issuedOn: '2025-01-15', expiresOn: '2029-01-14', scope: ['电能表', '水表'] });
  });

  it('refuses other media types, a sheet without the key columns, and callers who may not file', async () => {
    expect((await request(run.svc.app).post('/imports/files').set(admin).send({ rows: [] })).status).toBe(415);
    const headless = await postCsv('a,b\n1,2');
    expect(headless.status).toBe(400);
    expect(headless.body.errors[0].message).toContain('idNumber');
    expect((await postCsv(csv([]), shenyangLiaison)).status).toBe(403);
  });
});

describe('import limits', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const postXlsx = (body: Buffer, who = admin) => request(run.svc.app).post('/imports/files').set(who).set('content-type', XLSX).send(body);

  it('refuses a caller who may not file before reading the sheet', async () => {
    const res = await postXlsx(Buffer.from('PK\u0003\u0004 not a workbook'), shenyangLiaison);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toMatch(/readable|workbook/i);
  });

  it('refuses a small sparse sheet naming row 1,048,576 with 413 naming the row limit', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('files');
    sheet.getRow(1).values = HEADER.split(',');
    sheet.getCell('A1048576').value = '甲';
    const res = await postXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'sheet_too_large', limit: 'maxRows' });
  });

  it("never tells an importer the id of another city's file", async () => {
    const sy = fileBody({ person: { idNumber: randomIdNumber(), name: '钱七' } });
    const filed = await request(run.svc.app).post('/files').set(admin).send(sy);
    expect(filed.status).toBe(201);
    const dalian = { 'x-metrodesk-identity': signIdentity({ userId: 'mgr-dl', role: 'city_manager', cityCode: '210200' }, SECRET) };
    const row = ['钱七', sy.person.idNumber, sy.type, sy.scope.join(';'), sy.certificateNo, sy.issuingAuthority, sy.issuedOn, sy.expiresOn, randomUscc('210203'), '大连计量公司', '', ''];
    const res = await postCsv(csv([row]), dalian);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(filed.body.id);
    expect(res.body.rows[0]).toMatchObject({ status: 'error', fileId: null });
  });
});
