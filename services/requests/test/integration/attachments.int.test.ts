import request from 'supertest';
import { uniq } from '@metrodesk/testkit';
import { signIdentity } from '@metrodesk/access';
import type { RequestsService } from '../../src/service';
import { startService, seedEnterprise, enterpriseUser, liaison, manager, as, filing, fileAs, SECRET, DALIAN, SHENYANG, type Headers, world } from '../fixtures/service';

// The servers are shared with other work on a small machine: allow for slow moments.
jest.setTimeout(120000);

let svc: RequestsService;
let ent: string;
let other: string;

beforeAll(async () => {
  svc = await startService();
  [ent, other] = await Promise.all([seedEnterprise(svc, SHENYANG, '沈阳仪表厂'), seedEnterprise(svc, SHENYANG)]);
}, 60000);
afterAll(async () => {
  await svc.stop();
  await world.drop();
});

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const exe = Buffer.from('MZ\x90\x00 this is a program');
const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);

type File = { name: string; data: Buffer; type: string };

/** A filing as the console sends it: the JSON in "request" and the files in "files". */
function fileWithFiles(who: Headers, body: Record<string, unknown>, files: File[], key = uniq('idem')) {
  let req = request(svc.app).post('/requests').set(who).set('Idempotency-Key', key).field('request', JSON.stringify(body));
  for (const f of files) req = req.attach('files', f.data, { filename: f.name, contentType: f.type });
  return req;
}

const download = (id: string, attachmentId: string, who: Headers, query: Record<string, string> = {}) =>
  request(svc.app)
    .get(`/requests/${id}/attachments/${attachmentId}`)
    .query(query)
    .set(who)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

/** The enterprise's requests with this title: a refused filing must leave none behind. */
async function filedWithTitle(enterpriseId: string, title: string): Promise<unknown[]> {
  const res = await request(svc.app).get('/requests').query({ enterpriseId, q: title, limit: 100 }).set(manager(SHENYANG));
  expect(res.status).toBe(200);
  return (res.body.items as { title: string }[]).filter((r) => r.title === title);
}

describe('filing with files', () => {
  it('files the request with every file in one go, each downloadable by the enterprise and the city staff', async () => {
    const who = as({ userId: uniq('u'), role: 'enterprise', enterpriseId: ent, name: '张伟' });
    const res = await fileWithFiles(who, filing({ title: uniq('two files') }), [
      { name: '报警器清单.pdf', data: pdf, type: 'application/pdf' },
      { name: 'nameplate.png', data: png, type: 'image/png' },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ enterpriseId: ent, channel: 'portal', filedByName: '张伟', version: 1 });
    expect(res.body.attachments).toEqual([
      expect.objectContaining({ fileName: '报警器清单.pdf', contentType: 'application/pdf', size: pdf.length, uploadedByName: '张伟', uploadedByRole: 'enterprise' }),
      expect.objectContaining({ fileName: 'nameplate.png', contentType: 'image/png', size: png.length }),
    ]);
    const [first, second] = res.body.attachments as { id: string }[];
    const own = await download(res.body.id, first!.id, who);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toContain('application/pdf');
    expect(own.headers['content-disposition']).toContain('attachment');
    expect(Buffer.compare(own.body as Buffer, pdf)).toBe(0);
    // Opened in the browser: the PDF and the image inline, still named; anything else stays a download.
    const shown = await download(res.body.id, first!.id, who, { disposition: 'inline' });
    expect(shown.headers['content-type']).toContain('application/pdf');
    expect(shown.headers['content-disposition']).toBe(`inline; filename="?????.pdf"; filename*=UTF-8''${encodeURIComponent('报警器清单.pdf')}`);
    expect(Buffer.compare(shown.body as Buffer, pdf)).toBe(0);
    expect((await download(res.body.id, second!.id, who, { disposition: 'inline' })).headers['content-disposition']).toBe('inline; filename=nameplate.png');
    expect((await download(res.body.id, second!.id, who, { disposition: 'attachment' })).headers['content-disposition']).toBe('attachment; filename=nameplate.png');
    const wrong = await request(svc.app).get(`/requests/${res.body.id}/attachments/${first!.id}`).query({ disposition: 'open' }).set(who);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('disposition');
    expect((await download(res.body.id, second!.id, liaison('l-sy'))).status).toBe(200);
    expect((await download(res.body.id, second!.id, manager(SHENYANG))).status).toBe(200);
    const timeline = await request(svc.app).get(`/requests/${res.body.id}/timeline`).set(who);
    expect(timeline.body.history.map((h: { action: string; note: string | null; byName: string | null }) => [h.action, h.note, h.byName])).toEqual([
      ['file', null, '张伟'],
      ['attach', '报警器清单.pdf', '张伟'],
      ['attach', 'nameplate.png', '张伟'],
    ]);
  });

  it('refuses the whole filing when one file is over 10 MB, naming that file, and files nothing (no ghost request)', async () => {
    const title = uniq('oversize');
    const key = uniq('idem');
    const res = await fileWithFiles(enterpriseUser(ent), filing({ title }), [
      { name: 'ok.pdf', data: pdf, type: 'application/pdf' },
      { name: '巨大的扫描件.pdf', data: big, type: 'application/pdf' },
    ], key);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'attachment_too_large', fileName: '巨大的扫描件.pdf' });
    expect(res.body.detail).toContain('巨大的扫描件.pdf');
    expect(await filedWithTitle(ent, title)).toEqual([]);
    // The key was not spent either: the corrected filing goes through with it.
    const retry = await fileWithFiles(enterpriseUser(ent), filing({ title }), [{ name: 'ok.pdf', data: pdf, type: 'application/pdf' }], key);
    expect(retry.status).toBe(201);
    expect(await filedWithTitle(ent, title)).toHaveLength(1);
  });

  it('refuses the whole filing when one file is not what it claims, naming it, and files nothing', async () => {
    const title = uniq('disguised');
    const res = await fileWithFiles(enterpriseUser(ent), filing({ title }), [
      { name: 'ok.png', data: png, type: 'image/png' },
      { name: 'report.pdf', data: exe, type: 'application/pdf' },
    ]);
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ code: 'unsupported_media_type', fileName: 'report.pdf' });
    expect(await filedWithTitle(ent, title)).toEqual([]);
  });

  it('replays a retried filing with files instead of filing it twice', async () => {
    const key = uniq('idem');
    const body = filing({ title: uniq('retried with files') });
    const files = [{ name: 'ok.pdf', data: pdf, type: 'application/pdf' }];
    const first = await fileWithFiles(enterpriseUser(ent), body, files, key);
    const again = await fileWithFiles(enterpriseUser(ent), body, files, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.attachments).toHaveLength(1);
  });

  it('answers a malformed multipart filing with 400 naming the field', async () => {
    const res = await request(svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', uniq('k')).field('request', '{not json');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'request' })]);
  });
});

describe('adding files to a request', () => {
  const attach = (id: string, who: Headers, name = 'report.pdf', data = pdf, type = 'application/pdf') =>
    request(svc.app).post(`/requests/${id}/attachments`).set(who).attach('file', data, { filename: name, contentType: type });

  it('lets the enterprise, a liaison and a manager of the city add files while the request is open', async () => {
    const r = await fileAs(svc, enterpriseUser(ent), filing());
    expect((await attach(r.id, enterpriseUser(ent), '补充说明.pdf')).status).toBe(201);
    const byLiaison = await attach(r.id, as({ userId: 'l-wang', role: 'liaison', cityCode: SHENYANG, name: '王芳' }), '检定报告.pdf');
    expect(byLiaison.status).toBe(201);
    expect(byLiaison.body).toMatchObject({ fileName: '检定报告.pdf', uploadedByName: '王芳', uploadedByRole: 'liaison' });
    expect((await attach(r.id, manager(SHENYANG), 'photo.png', png, 'image/png')).status).toBe(201);
    // The enterprise opens the liaison's file.
    const down = await download(r.id, byLiaison.body.id, enterpriseUser(ent));
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
  });

  it('denies everyone outside the request: another enterprise, another city, a service identity', async () => {
    const r = await fileAs(svc, enterpriseUser(ent), filing());
    const up = await attach(r.id, enterpriseUser(ent));
    expect((await attach(r.id, enterpriseUser(other))).status).toBe(404);
    expect((await attach(r.id, liaison('l-dl', DALIAN))).status).toBe(404);
    expect((await attach(r.id, manager(DALIAN))).status).toBe(404);
    const service = { 'x-metrodesk-identity': signIdentity({ userId: 'svc', role: 'service' }, SECRET) };
    const bySvc = await attach(r.id, service);
    expect(bySvc.status).toBe(403);
    expect((await download(r.id, up.body.id, enterpriseUser(other))).status).toBe(404);
    expect((await download(r.id, up.body.id, liaison('l-dl', DALIAN))).status).toBe(404);
    const read = await request(svc.app).get(`/requests/${r.id}`).set(enterpriseUser(ent));
    expect(read.body.attachments).toHaveLength(1);
  });

  it('takes no more files once the request is withdrawn', async () => {
    const r = await fileAs(svc, enterpriseUser(ent), filing());
    const w = await request(svc.app).post(`/requests/${r.id}/withdraw`).set(enterpriseUser(ent)).send({ version: r.version });
    expect(w.status).toBe(200);
    const res = await attach(r.id, enterpriseUser(ent));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'request_finished', state: 'withdrawn' });
  });

  it('refuses a single file over 10 MB with 413 naming it', async () => {
    const r = await fileAs(svc, enterpriseUser(ent), filing());
    const res = await attach(r.id, enterpriseUser(ent), '太大.pdf', big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'attachment_too_large', fileName: '太大.pdf' });
  });
});

describe('filing on behalf of an enterprise', () => {
  it('records that a liaison filed it on behalf, by name, for an enterprise of their city only', async () => {
    const wang = as({ userId: 'l-wang', role: 'liaison', cityCode: SHENYANG, name: '王芳' });
    const res = await fileWithFiles(wang, filing({ enterpriseId: ent, title: uniq('phone call') }), [{ name: '电话记录.pdf', data: pdf, type: 'application/pdf' }]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ enterpriseId: ent, channel: 'on_behalf', filedBy: 'l-wang', filedByRole: 'liaison', filedByName: '王芳' });
    expect((await request(svc.app).get(`/requests/${res.body.id}`).set(enterpriseUser(ent))).body.channel).toBe('on_behalf');
    const title = uniq('other city');
    const denied = await fileWithFiles(as({ userId: 'l-dl', role: 'liaison', cityCode: DALIAN, name: '李强' }), filing({ enterpriseId: ent, title }), [{ name: 'x.pdf', data: pdf, type: 'application/pdf' }]);
    expect(denied.status).toBe(404);
    expect(await filedWithTitle(ent, title)).toEqual([]);
  });
});
