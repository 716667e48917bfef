import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { infra, waitFor, uniq } from '@metrodesk/testkit';
import { createNotificationsService, type NotificationsService } from '../../src/service';
import { readConfig } from '../../src/config';
import { SECRET, SHENYANG, DALIAN, as, newUser, publish, world } from '../fixtures/notifications';
import { assignmentUnroutable, requestFiled } from '@metrodesk/contracts';

jest.setTimeout(180_000);
const SLOW = { timeoutMs: 90_000, intervalMs: 250 };
const GROUP = uniq('notifications-wh');

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A receiver that answers 500 to the first delivery of each webhook id, then 200. */
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let svc: NotificationsService;

const shenyangManager = as({ userId: 'cm-sy', role: 'city_manager', cityCode: SHENYANG });
const dalianManager = as({ userId: 'cm-dl', role: 'city_manager', cityCode: DALIAN });
const province = as({ userId: 'pm', role: 'province_manager' });
const liaison = as({ userId: 'l', role: 'liaison', cityCode: SHENYANG });
const made: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const id = req.headers['webhook-id'];
      const answered = received.some((r) => r.headers['webhook-id'] === id) ? 200 : 500;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  await world.create();
  svc = await createNotificationsService(
    readConfig({
      ...world.env, REDIS_URL: infra.redisUrl, IDENTITY_SECRET: SECRET,
      CONSUMER_GROUP: GROUP, QUEUE_PREFIX: `test:${GROUP}`,
      SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', LOG_LEVEL: 'silent',
    }),
  );
  await svc.startBackground();
  await joined();
});
afterAll(async () => {
  // Receivers of this run go away with it: switch their subscriptions off for later runs.
  for (const id of made) await request(svc.app).patch(`/webhooks/${id}`).set(province).send({ active: false });
  await svc?.stop();
  await new Promise((r) => receiver.close(r));
  await world.drop();
});

async function joined(): Promise<void> {
  await waitFor(async () => {
    const enterpriseId = uniq('probe-ent');
    const probe = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
    if (!(await waitFor(() => svc.deps.people.get(probe.userId), { timeoutMs: 3000 }).catch(() => null))) return false;
    await fileRequest(enterpriseId, SHENYANG);
    return waitFor(async () => (await svc.deps.inbox.page(probe.userId, 1)).items.length > 0, { timeoutMs: 3000 }).catch(() => false);
  }, { timeoutMs: 120_000, intervalMs: 500, what: 'the consumers to join their groups' });
}

async function fileRequest(enterpriseId: string, cityCode: string) {
  const requestId = uniq('req');
  await publish(requestFiled, requestId, {
    requestId, enterpriseId, cityCode, category: 'other', priority: 'normal', version: 1, cycle: 1, at: new Date().toISOString(),
    title: '外部系统通知', instruments: [], filedBy: 'x', filedByRole: 'enterprise',
  }, 'requests');
  return requestId;
}

async function subscribe(headers: Record<string, string>, body: Record<string, unknown>) {
  const res = await request(svc.app).post('/webhooks').set(headers).send(body);
  if (res.status === 201) made.push(res.body.id as string);
  return res;
}

const about = (requestId: string) => received.filter((r) => (JSON.parse(r.body) as { data: { requestId: string } }).data.requestId === requestId);

describe('webhooks', () => {
  it('delivers a city\'s notifications signed per Standard Webhooks, retries a 500 and then delivers once; another city\'s stay out', async () => {
    const sub = await subscribe(shenyangManager, { url: receiverUrl, kinds: ['request_received', 'unroutable'] });
    expect(sub.status).toBe(201);
    expect(sub.body.secret).toMatch(/^whsec_/);
    const requestId = await fileRequest(uniq('ent'), SHENYANG);
    const elsewhere = await fileRequest(uniq('ent'), DALIAN);

    // Only the filing's: the shared servers' assignment service may find the request unroutable meanwhile.
    const filing = () => about(requestId).filter((r) => r.body.includes('notification.request_received'));
    const both = await waitFor(() => (filing().length >= 2 ? filing() : undefined), { ...SLOW, what: 'a failed and a retried delivery' });
    expect(both.map((r) => r.answered)).toEqual([500, 200]);
    expect(both[0]!.headers['webhook-id']).toBe(both[1]!.headers['webhook-id']);
    const payload = new Webhook(sub.body.secret as string).verify(both[1]!.body, both[1]!.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'notification.request_received', data: { requestId, cityCode: SHENYANG, title: '外部系统通知' } });
    expect(() => new Webhook(`whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`).verify(both[1]!.body, both[1]!.headers as Record<string, string>)).toThrow();

    const log = await request(svc.app).get(`/webhooks/${sub.body.id}/deliveries`).set(shenyangManager);
    const entry = (log.body.items as { id: string; status: string; attempts: { status: number }[] }[]).find((d) => d.id === both[0]!.headers['webhook-id']);
    expect(entry).toMatchObject({ status: 'delivered', attempts: [{ status: 500 }, { status: 200 }] });

    // Unroutable of the same request is filtered in; nothing of Dalian's request is sent.
    await publish(assignmentUnroutable, requestId, { requestId, cityCode: SHENYANG, at: new Date().toISOString(), reason: 'none' }, 'assignment');
    await waitFor(() => about(requestId).find((r) => r.body.includes('notification.unroutable')), SLOW);
    expect(about(elsewhere)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(about(requestId).filter((r) => r.answered === 200 && r.body.includes('request_received'))).toHaveLength(1);

    // A manual replay sends the same delivery again.
    const replay = await request(svc.app).post(`/webhooks/${sub.body.id}/deliveries/${encodeURIComponent(entry!.id)}/replay`).set(shenyangManager);
    expect(replay.status).toBe(202);
    await waitFor(() => about(requestId).filter((r) => r.headers['webhook-id'] === entry!.id).length === 3, SLOW);
  });

  it('lets a city manager manage only their city\'s receivers, the province all, and nobody else any', async () => {
    const mine = await subscribe(shenyangManager, { url: receiverUrl, kinds: [] });
    expect(mine.body).toMatchObject({ level: 'city', cityCode: SHENYANG, active: true });
    expect((await subscribe(dalianManager, { url: receiverUrl, cityCode: SHENYANG })).status).toBe(403);
    expect((await subscribe(dalianManager, { url: receiverUrl, level: 'province' })).status).toBe(403);
    expect((await subscribe(liaison, { url: receiverUrl })).status).toBe(403);
    const bad = await subscribe(province, { url: 'ftp://x', kinds: ['nonsense'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['kinds.0', 'url']);
    const provinceWide = await subscribe(province, { url: receiverUrl, level: 'province', kinds: ['escalated'] });
    expect(provinceWide.status).toBe(201);

    const dalianList = await request(svc.app).get('/webhooks').set(dalianManager);
    expect((dalianList.body.items as { id: string }[]).map((s) => s.id)).not.toContain(mine.body.id);
    expect(JSON.stringify(dalianList.body)).not.toContain('whsec_');
    const all = await request(svc.app).get('/webhooks').set(province);
    expect((all.body.items as { id: string }[]).map((s) => s.id)).toEqual(expect.arrayContaining([mine.body.id, provinceWide.body.id]));
    expect((await request(svc.app).get(`/webhooks/${mine.body.id}/deliveries`).set(dalianManager)).status).toBe(404);
    expect((await request(svc.app).patch(`/webhooks/${mine.body.id}`).set(dalianManager).send({ active: false })).status).toBe(404);
    const off = await request(svc.app).patch(`/webhooks/${mine.body.id}`).set(shenyangManager).send({ active: false });
    expect(off.body.active).toBe(false);
  });
});
