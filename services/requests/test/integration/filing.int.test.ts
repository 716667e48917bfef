import request from 'supertest';
import { uniq, waitFor } from '@metrodesk/testkit';
import { REQUEST_TOPIC, ENTERPRISE_TOPIC, OUTREACH_TOPIC, enterpriseRegistered, enterpriseUpdated, enterpriseClosed, outreachProblemFound } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import { requestIdForProblem } from '../../src/use-cases/file-from-problem';
import { PATIENCE, waitUntilHandled, startService, seedEnterprise, enterpriseUser, liaison, filing, fileAs, publish, snapshot, envelope, DALIAN, SHENYANG, world } from '../fixtures/service';

// The servers are shared with other work on a small machine: allow for slow moments.
jest.setTimeout(120000);

const run = world.serve(() => startService(), [REQUEST_TOPIC, `${ENTERPRISE_TOPIC}.dlq`, `${OUTREACH_TOPIC}.dlq`]);
let ent: string;
let other: string;
beforeAll(async () => ([ent, other] = await Promise.all([seedEnterprise(run.svc, SHENYANG, '沈阳燃气设备有限公司'), seedEnterprise(run.svc, SHENYANG)])));


const filedEvents = (id: string) => run.tap.find((m) => m.key === id && (m.value as EventEnvelope).type === 'requests.request.filed');

describe('filing', () => {
  it('files for the enterprise user own enterprise and publishes requests.request.filed', async () => {
    const res = await request(run.svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', uniq('k')).send(filing());
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBe('false');
    expect(res.body).toMatchObject({ enterpriseId: ent, enterpriseName: '沈阳燃气设备有限公司', cityCode: SHENYANG, state: 'filed', priority: 'emergency', cycle: 1, version: 1, filedByRole: 'enterprise', assigneeId: null });
    expect(res.body.instruments).toEqual([{ class: 'gas alarm', count: 54, model: 'GT-100' }]);
    const [msg] = await run.tap.waitFor((m) => m.key === res.body.id, { timeoutMs: PATIENCE });
    expect(msg!.value).toMatchObject({ type: 'requests.request.filed', subject: res.body.id, actorid: `user-${ent}`, actorrole: 'enterprise', data: { requestId: res.body.id, enterpriseId: ent, cityCode: SHENYANG, category: 'emergency_verification', version: 1, cycle: 1, filedBy: `user-${ent}` } });
  });

  it('lets a liaison file on behalf of an enterprise in their city, and only there', async () => {
    const ok = await request(run.svc.app).post('/requests').set(liaison('l-sy')).set('Idempotency-Key', uniq('k')).send(filing({ enterpriseId: ent }));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ filedBy: 'l-sy', filedByRole: 'liaison', enterpriseId: ent });
    const otherCity = await request(run.svc.app).post('/requests').set(liaison('l-dl', DALIAN)).set('Idempotency-Key', uniq('k')).send(filing({ enterpriseId: ent }));
    expect(otherCity.status).toBe(404);
    const missing = await request(run.svc.app).post('/requests').set(liaison('l-sy')).set('Idempotency-Key', uniq('k')).send(filing());
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'enterpriseId', message: expect.stringContaining('required') }]);
  });

  it('keeps an enterprise user to its own enterprise', async () => {
    const res = await request(run.svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', uniq('k')).send(filing({ enterpriseId: other }));
    expect(res.status).toBe(404);
  });

  it('never files twice for one Idempotency-Key, even when the retries race', async () => {
    const key = uniq('retry');
    const body = filing({ title: uniq('retried') });
    const results = await Promise.all([1, 2, 3].map(() => request(run.svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', key).send(body)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    const later = await request(run.svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', key).send(body);
    expect(later.body.id).toBe(results[0]!.body.id);
    const [id] = [...ids];
    await run.tap.waitFor((m) => m.key === id, { timeoutMs: PATIENCE });
    const list = await request(run.svc.app).get('/requests').query({ q: body.title }).set(enterpriseUser(ent));
    expect(list.body.items).toHaveLength(1);
    // Give a stray second event time to show up before counting.
    await new Promise((r) => setTimeout(r, 500));
    expect(filedEvents(id!)).toHaveLength(1);
  });

  it('refuses a reused key with a different body, and a missing key', async () => {
    const key = uniq('reuse');
    await fileAs(run.svc, enterpriseUser(ent), filing(), key);
    const reused = await request(run.svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', key).send(filing({ title: 'something else' }));
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('idempotency_key_reused');
    const none = await request(run.svc.app).post('/requests').set(enterpriseUser(ent)).send(filing());
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ path: 'headers', message: expect.stringContaining('Idempotency-Key header is required') }]);
  });

  it('rejects bad fields naming each one', async () => {
    const res = await request(run.svc.app).post('/requests').set(enterpriseUser(ent)).set('Idempotency-Key', uniq('k')).send(filing({ category: 'magic', title: '', instruments: [{ class: 'x', count: 0 }] }));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['category', 'instruments.0.count', 'title']);
  });
});

describe('attachments', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1000, 0x20)]);

  it('stores a checked file and serves it to those who may see the request', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const up = await request(run.svc.app).post(`/requests/${r.id}/attachments`).set(enterpriseUser(ent)).attach('file', pdf, { filename: 'alarm-list.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: 'alarm-list.pdf', contentType: 'application/pdf', size: pdf.length, uploadedBy: `user-${ent}` });
    const down = await request(run.svc.app).get(`/requests/${r.id}/attachments/${up.body.id}`).set(liaison('l-sy')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    const read = await request(run.svc.app).get(`/requests/${r.id}`).set(enterpriseUser(ent));
    expect(read.body.attachments).toEqual([expect.objectContaining({ id: up.body.id })]);
    expect((await request(run.svc.app).get(`/requests/${r.id}/attachments/${up.body.id}`).set(enterpriseUser(other))).status).toBe(404);
    expect((await request(run.svc.app).get(`/requests/${r.id}/attachments/${up.body.id}`).set(liaison('l-dl', DALIAN))).status).toBe(404);
  });

  it('keeps a Chinese file name as the browser sent it (raw UTF-8 in the part header)', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const up = await request(run.svc.app).post(`/requests/${r.id}/attachments`).set(enterpriseUser(ent)).attach('file', pdf, { filename: '报警器清单.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(201);
    expect(up.body.fileName).toBe('报警器清单.pdf');
  });

  it('answers a malformed multipart body with 400, not a server error', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const res = await request(run.svc.app).post(`/requests/${r.id}/attachments`).set(enterpriseUser(ent)).set('content-type', 'multipart/form-data').send('x');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/malformed multipart/);
  });

  it('refuses content that is not what it claims or not an accepted kind', async () => {
    const r = await fileAs(run.svc, enterpriseUser(ent), filing());
    const exe = Buffer.from('MZ\x90\x00this is not a pdf', 'latin1');
    const lie = await request(run.svc.app).post(`/requests/${r.id}/attachments`).set(enterpriseUser(ent)).attach('file', exe, { filename: 'report.pdf', contentType: 'application/pdf' });
    expect(lie.status).toBe(415);
    expect(lie.body.detail).toMatch(/not one of the accepted kinds/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const mismatch = await request(run.svc.app).post(`/requests/${r.id}/attachments`).set(enterpriseUser(ent)).attach('file', png, { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(mismatch.status).toBe(415);
    expect(mismatch.body.detail).toMatch(/declared as application\/pdf but the content is image\/png/);
  });
});

describe('from accounts events', () => {
  it('files a request for a problem found on outreach, once however often the event comes', async () => {
    const problemId = uniq('problem');
    const outreachId = uniq('outreach');
    const data = { outreachId, problemId, enterpriseId: ent, cityCode: SHENYANG, liaisonId: 'l-sy', category: 'energy_metrology', title: uniq('meters uncalibrated'), description: 'Energy meters overdue' };
    await publish(outreachProblemFound, outreachId, data);
    await publish(outreachProblemFound, outreachId, data);
    const id = requestIdForProblem(problemId);
    await run.tap.waitFor((m) => m.key === id, { timeoutMs: PATIENCE });
    const res = await request(run.svc.app).get(`/requests/${id}`).set(liaison('l-sy'));
    expect(res.body).toMatchObject({ outreachId, problemId, enterpriseId: ent, category: 'energy_metrology', filedBy: 'l-sy', filedByRole: 'liaison', state: 'filed' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(filedEvents(id)).toHaveLength(1);
  });

  it('keeps the newest enterprise snapshot: a late older one never rolls the city back', async () => {
    const id = await seedEnterprise(run.svc, SHENYANG);
    await publish(enterpriseUpdated, id, { ...snapshot(id, { cityCode: DALIAN, version: 3 }), changed: ['cityCode'] });
    await waitFor(async () => (await run.svc.deps.enterprises.findById(id))?.version === 3, { timeoutMs: PATIENCE, what: 'version 3' });
    const late = envelope(enterpriseUpdated, id, { ...snapshot(id, { cityCode: SHENYANG, version: 2 }), changed: ['cityCode'] });
    await world.produce(ENTERPRISE_TOPIC, [{ key: id, value: JSON.stringify(late) }]);
    await waitUntilHandled(run.svc, late.id);
    expect(await run.svc.deps.enterprises.findById(id)).toMatchObject({ cityCode: DALIAN, version: 3 });
    // The enterprise moved to Dalian: Shenyang can no longer file for it, Dalian can.
    expect((await request(run.svc.app).post('/requests').set(liaison('l-sy')).set('Idempotency-Key', uniq('k')).send(filing({ enterpriseId: id }))).status).toBe(404);
    expect((await request(run.svc.app).post('/requests').set(liaison('l-dl', DALIAN)).set('Idempotency-Key', uniq('k')).send(filing({ enterpriseId: id }))).status).toBe(201);
  });

  it('refuses filings for an enterprise accounts has closed', async () => {
    const id = await seedEnterprise(run.svc, SHENYANG);
    const closed = envelope(enterpriseClosed, id, snapshot(id, { status: 'closed', version: 2 }));
    await world.produce(ENTERPRISE_TOPIC, [{ key: id, value: JSON.stringify(closed) }]);
    await waitUntilHandled(run.svc, closed.id);
    const res = await request(run.svc.app).post('/requests').set(enterpriseUser(id)).set('Idempotency-Key', uniq('k')).send(filing());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('enterprise_closed');
  });

  it('skips a duplicate enterprise message and dead-letters poison on both accounts topics, then goes on', async () => {
    const consumer = run.svc.runtime.consumers[0]!;
    const dupBefore = consumer.stats.duplicates;
    const id = uniq('ent');
    const message = { key: id, value: JSON.stringify(envelope(enterpriseRegistered, id, snapshot(id, { name: 'once' }))) };
    const poison1 = uniq('poison');
    const poison2 = uniq('poison');
    const badData = { ...envelope(outreachProblemFound, poison2, { outreachId: 'o', problemId: 'p', enterpriseId: ent, cityCode: SHENYANG, liaisonId: 'l', category: 'other', title: 't', description: 'd' }), data: { problemId: 1 } };
    await world.produce(ENTERPRISE_TOPIC, [message, message, { key: poison1, value: '{"id":"nope"' }]);
    await world.produce(OUTREACH_TOPIC, [{ key: poison2, value: JSON.stringify(badData) }]);
    await run.tap.waitFor((m) => m.key === poison1 && m.topic === world.topic(`${ENTERPRISE_TOPIC}.dlq`), { timeoutMs: PATIENCE });
    await run.tap.waitFor((m) => m.key === poison2 && m.topic === world.topic(`${OUTREACH_TOPIC}.dlq`), { timeoutMs: PATIENCE });
    const after = await seedEnterprise(run.svc, SHENYANG);
    expect(await run.svc.deps.enterprises.findById(after)).toBeTruthy();
    expect(await run.svc.deps.enterprises.findById(id)).toMatchObject({ name: 'once', version: 1 });
    expect(consumer.stats.duplicates).toBeGreaterThanOrEqual(dupBefore + 1);
  });
});
