import request from 'supertest';
import { QueueEvents } from 'bullmq';
import { type TopicTap, infra, uniq } from '@metrodesk/testkit';
import { QUALIFICATION_TOPIC } from '@metrodesk/contracts';
import { createQualificationsService, type QualificationsService } from '../../src/service';
import { env, admin, province, shenyangManager, fileBody, isoDay, world } from '../fixtures/qualifications';

// The machine is shared with other suites; generous timeouts keep a slow moment from failing a run.
jest.setTimeout(90_000);

let svc: QualificationsService;
let tap: TopicTap;
const queueName = uniq('expiry');

beforeAll(async () => {
  await world.create();
  svc = await createQualificationsService(env({ JOBS_ENABLED: 'true', EXPIRY_QUEUE: queueName }));
  await svc.startBackground();
  tap = await world.tap([QUALIFICATION_TOPIC]);
});
afterAll(async () => {
  await tap.stop();
  await svc.expiryJob?.queue.obliterate({ force: true });
  await svc.stop();
  await world.drop();
});

const file = async (expiresInDays: number) => {
  const res = await request(svc.app).post('/files').set(shenyangManager).send(fileBody({ expiresOn: isoDay(expiresInDays) }));
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string };
};
const statusOf = async (id: string) => (await request(svc.app).get(`/files/${id}`).set(admin)).body.status as string;
/** Events for a file, once each: the relay publishes at least once, so consumers dedupe by event id. */
const typesFor = (id: string) => [...new Map(tap.find((m) => m.key === id).map((m) => [(m.value as { id: string }).id, (m.value as { type: string }).type])).values()];
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('daily expiry sweep', () => {
  it('moves valid files into expiring within 90 days and past expiry into expired, publishing each change once', async () => {
    const later = await file(200);
    const sooner = await file(100);
    const revoked = await file(120);
    expect([later.status, sooner.status]).toEqual(['valid', 'valid']);
    await request(svc.app).post(`/files/${revoked.id}/revoke`).set(admin).send({ version: 1, reason: '撤销' });

    const day150 = isoDay(150);
    // Two sweeps of the same day at once, then a third: each change still happens, and is published, once.
    const runs = await Promise.all([1, 2].map(() => request(svc.app).post('/jobs/expiry/run').set(admin).send({ date: day150 })));
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    expect(runs[0]!.body.date).toBe(day150);
    await request(svc.app).post('/jobs/expiry/run').set(admin).send({ date: day150 });
    expect(await statusOf(later.id)).toBe('expiring');
    expect(await statusOf(sooner.id)).toBe('expired');
    expect(await statusOf(revoked.id)).toBe('revoked');

    await request(svc.app).post('/jobs/expiry/run').set(admin).send({ date: isoDay(201) });
    expect(await statusOf(later.id)).toBe('expired');

    await tap.waitFor((m) => m.key === later.id, { count: 3 });
    await settle();
    expect(typesFor(later.id)).toEqual(['qualifications.file.filed', 'qualifications.file.expiring', 'qualifications.file.expired']);
    expect(typesFor(sooner.id)).toEqual(['qualifications.file.filed', 'qualifications.file.expired']);
    expect(typesFor(revoked.id)).toEqual(['qualifications.file.filed', 'qualifications.file.revoked']);

    const history = (await request(svc.app).get(`/files/${later.id}`).set(admin)).body.history as { action: string; by: string; fromStatus: string }[];
    expect(history.map((h) => [h.action, h.fromStatus])).toEqual([['filed', null], ['expiring', 'valid'], ['expired', 'expiring']]);
    expect(history[1]!.by).toBe('system:expiry-job');
  });

  it('files a qualification that is already close to expiry as expiring, and the sweep does not publish it again', async () => {
    const f = await file(30);
    expect(f.status).toBe('expiring');
    const run = await request(svc.app).post('/jobs/expiry/run').set(admin).send({});
    expect(run.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await tap.waitFor((m) => m.key === f.id);
    await settle();
    expect(typesFor(f.id)).toEqual(['qualifications.file.filed']);
  });

  it('runs the sweep as a BullMQ job, with the daily schedule registered', async () => {
    const queue = svc.expiryJob!.queue;
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: 'daily-expiry-sweep', pattern: '15 0 * * *', tz: 'Asia/Shanghai' })]);
    const f = await file(50);
    const events = new QueueEvents(queueName, { connection: { url: infra.redisUrl } as never });
    try {
      await events.waitUntilReady();
      const job = await svc.expiryJob!.enqueue(isoDay(60));
      const result = await job.waitUntilFinished(events, 20000);
      expect(result).toMatchObject({ date: isoDay(60) });
      expect(result.expired).toBeGreaterThanOrEqual(1);
    } finally {
      await events.close();
    }
    expect(await statusOf(f.id)).toBe('expired');
  });

  it('lets only an admin run the sweep, for a real date', async () => {
    expect((await request(svc.app).post('/jobs/expiry/run').set(province).send({})).status).toBe(403);
    expect((await request(svc.app).post('/jobs/expiry/run').set(shenyangManager).send({})).status).toBe(403);
    const bad = await request(svc.app).post('/jobs/expiry/run').set(admin).send({ date: '2026/01/01' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('date');
  });
});
