import request from 'supertest';
import { eventFor } from '@metrodesk/events';
import { infra, uniq, waitFor } from '@metrodesk/testkit';
import { requestFiled } from '@metrodesk/contracts';
import { createNotificationsService, type NotificationsService } from '../../src/service';
import { readConfig } from '../../src/config';
import { SECRET, SHENYANG, newUser, publish, world, type TestUser } from '../fixtures/notifications';

jest.setTimeout(180_000);
const SLOW = { timeoutMs: 90_000, intervalMs: 250 };

const GROUP = uniq('notifications-restart');
const env = () =>
  readConfig({
    ...world.env, REDIS_URL: infra.redisUrl, IDENTITY_SECRET: SECRET,
    CONSUMER_GROUP: GROUP, QUEUE_PREFIX: `test:${GROUP}`,
    SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', LOG_LEVEL: 'silent', QUIET_HOURS_FROM: '0', QUIET_HOURS_TO: '0',
  });

let svc: NotificationsService | undefined;
beforeAll(() => world.create());
afterAll(async () => {
  await svc?.stop();
  await world.drop();
});

const filingData = (requestId: string, enterpriseId: string, title: string) => ({
  requestId, enterpriseId, cityCode: SHENYANG, category: 'verification_calibration' as const, priority: 'normal' as const, version: 1, cycle: 1,
  at: new Date().toISOString(), title, instruments: [{ class: '电子天平', count: 1 }], filedBy: 'someone', filedByRole: 'enterprise' as const,
});

const received = async (s: NotificationsService, u: TestUser) => {
  const res = await request(s.app).get('/notifications?limit=100').set(u.headers);
  expect(res.status).toBe(200);
  return (res.body as { items: { kind: string; requestId: string }[] }).items.filter((i) => i.kind === 'request_received').map((i) => i.requestId);
};

async function start(): Promise<NotificationsService> {
  const s = await createNotificationsService(env());
  await s.start(0);
  return s;
}

describe('a restart', () => {
  it('tells of every event that came while the service was down, on every partition, and never of one from before it first started', async () => {
    const enterpriseId = uniq('ent');
    const user = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
    // Older than this deployment's first start: history, which nobody is told of.
    const oldId = uniq('req-old');
    const old = eventFor(requestFiled, { subject: oldId, data: filingData(oldId, enterpriseId, '旧的请求'), source: 'requests' }).event;
    await world.produce(requestFiled.topic, [{ key: oldId, value: JSON.stringify({ ...old, time: new Date(Date.now() - 3_600_000).toISOString() }) }]);

    svc = await start();
    await waitFor(() => svc!.deps.people.get(user.userId), { ...SLOW, what: 'the user in the projection' });
    const first = uniq('req');
    await publish(requestFiled, first, filingData(first, enterpriseId, '第一个请求'), 'requests');
    await waitFor(async () => ((await received(svc!, user)).includes(first) ? true : undefined), { ...SLOW, what: 'the first filing in the inbox' });
    await svc.stop();
    svc = undefined;

    // While it is down, filings keyed to every partition of the topic, most of which the group
    // has never had a message from (so never committed an offset for).
    const whileDown = Array.from({ length: 18 }, () => uniq('req'));
    for (const id of whileDown) await publish(requestFiled, id, filingData(id, enterpriseId, '停机期间的请求'), 'requests');

    svc = await start();
    const told = await waitFor(async () => {
      const ids = await received(svc!, user);
      return whileDown.every((id) => ids.includes(id)) ? ids : undefined;
    }, { ...SLOW, what: 'every filing made while the service was down in the inbox' });
    expect(told.filter((id) => id === first)).toHaveLength(1);
    expect(told).not.toContain(oldId);
  });
});
