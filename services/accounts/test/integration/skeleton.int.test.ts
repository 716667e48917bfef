import request from 'supertest';
import type { Producer } from 'kafkajs';
import { infra, testLogger, type TopicTap, testKafka, uniq, waitFor, startPrivateFerretDB } from '@metrodesk/testkit';
import { handlerMap, on, createProducer, EventConsumer, type EventEnvelope } from '@metrodesk/events';
import { enterpriseRegistered, eventCatalog, ENTERPRISE_TOPIC } from '@metrodesk/contracts';
import { connectMongo } from '@metrodesk/mongo';
import { createAccountsService, type AccountsService } from '../../src/service';
import { readConfig } from '../../src/config';
import { SECRET, admin, shenyangLiaison, dalianLiaison, randomUscc } from '../fixtures/enterprises';
import { world } from '../fixtures/service';

// The walking skeleton: HTTP -> FerretDB -> outbox -> Kafka -> an idempotent consumer.
const env = (over: Record<string, string> = {}) =>
  readConfig({ ...world.env, IDENTITY_SECRET: SECRET, OUTBOX_INTERVAL_MS: '100', LOG_LEVEL: 'silent', ...over });

let svc: AccountsService;
let tap: TopicTap;

beforeAll(async () => {
  await world.create();
  svc = await createAccountsService(env(), testLogger('accounts'));
  await svc.runtime.startBackground();
  tap = await world.tap([ENTERPRISE_TOPIC]);
});
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

describe('walking skeleton', () => {
  it('persists an enterprise and publishes accounts.enterprise.registered in the envelope', async () => {
    const uscc = randomUscc();
    const res = await request(svc.app).post('/enterprises').set(shenyangLiaison).send({ uscc, name: '沈阳测试计量器具有限公司', cityCode: '210100', districtCode: '210102' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ uscc, cityCode: '210100', provinceCode: '210000', status: 'active', version: 1 });
    const id = res.body.id as string;

    const read = await request(svc.app).get(`/enterprises/${id}`).set(shenyangLiaison);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('沈阳测试计量器具有限公司');

    const [msg] = await tap.waitFor((m) => m.key === id);
    const event = msg!.value as EventEnvelope<{ uscc: string; cityCode: string }>;
    expect(event).toMatchObject({ specversion: '1.0', type: 'accounts.enterprise.registered', source: 'accounts', subject: id, dataversion: '1' });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.data).toMatchObject({ uscc, cityCode: '210100' });
    expect(msg!.headers['ce-type']).toBe('accounts.enterprise.registered');
  });

  it('rejects a bad body with 400 problem+json naming the field', async () => {
    const res = await request(svc.app).post('/enterprises').set(admin).send({ uscc: randomUscc(), name: '', cityCode: '2101' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['cityCode', 'name']);
  });

  it('rejects a mistyped USCC saying why, and an unknown city', async () => {
    const good = randomUscc();
    const typo = good.slice(0, 17) + (good[17] === 'A' ? 'B' : 'A');
    const res = await request(svc.app).post('/enterprises').set(admin).send({ uscc: typo, name: 'x', cityCode: '219900' });
    expect(res.status).toBe(400);
    const paths = Object.fromEntries(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(paths.uscc).toMatch(/check character/);
    expect(paths.cityCode).toMatch(/unknown city 219900/);
  });

  it('answers a duplicate USCC with 409 carrying the existing id', async () => {
    const uscc = randomUscc();
    const first = await request(svc.app).post('/enterprises').set(admin).send({ uscc, name: 'A', cityCode: '210100' });
    const second = await request(svc.app).post('/enterprises').set(admin).send({ uscc, name: 'B', cityCode: '210100' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'duplicate_uscc', existingId: first.body.id });
  });

  it('keeps a liaison to their own city', async () => {
    const denied = await request(svc.app).post('/enterprises').set(dalianLiaison).send({ uscc: randomUscc(), name: 'x', cityCode: '210100' });
    expect(denied.status).toBe(403);
    const created = await request(svc.app).post('/enterprises').set(shenyangLiaison).send({ uscc: randomUscc(), name: 'x', cityCode: '210100' });
    const hidden = await request(svc.app).get(`/enterprises/${created.body.id}`).set(dalianLiaison);
    expect(hidden.status).toBe(404);
    expect((await request(svc.app).get(`/enterprises/${created.body.id}`)).status).toBe(401);
  });

  it('feeds an idempotent consumer that ignores a duplicate and dead-letters poison', async () => {
    const kafka = testKafka();
    const producer: Producer = createProducer(kafka);
    await producer.connect();
    const conn = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: world.dbName, logger: testLogger() });
    const seen = new Map<string, number>();
    const consumer = new EventConsumer({
      kafka, groupId: world.topic(uniq('skeleton')), topics: [world.topic(ENTERPRISE_TOPIC)], catalog: eventCatalog, connection: conn, producer, logger: testLogger(),
      handlers: handlerMap(on(enterpriseRegistered, async (e) => void seen.set(e.subject, (seen.get(e.subject) ?? 0) + 1))),
      fromBeginning: false,
    });
    const dlq = await world.tap([`${ENTERPRISE_TOPIC}.dlq`]);
    await consumer.start();
    // Wait for the group to join and take its partitions before producing.
    await new Promise((r) => setTimeout(r, 3000));
    const res = await request(svc.app).post('/enterprises').set(admin).send({ uscc: randomUscc(), name: 'dup', cityCode: '210200' });
    const id = res.body.id as string;
    const [msg] = await tap.waitFor((m) => m.key === id);
    const poisonKey = uniq('poison');
    await world.produce(ENTERPRISE_TOPIC, [
      { key: id, value: JSON.stringify(msg!.value) },
      { key: poisonKey, value: '{"id":"nope"' },
    ]);
    const after = await request(svc.app).post('/enterprises').set(admin).send({ uscc: randomUscc(), name: 'after', cityCode: '210200' });
    await waitFor(() => seen.has(after.body.id), { what: 'the event after the poison one' });
    await dlq.waitFor((m) => m.key === poisonKey);
    await consumer.stop();
    await dlq.stop();
    await producer.disconnect();
    await conn.close();
    expect(seen.get(id)).toBe(1);
    expect(consumer.stats.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('reports 503 on /readyz while its database is down, and 200 on /healthz', async () => {
    const db = await startPrivateFerretDB();
    const other = await createAccountsService(env({ MONGO_URL: db.url }), testLogger('accounts'));
    try {
      expect((await request(other.app).get('/readyz')).status).toBe(200);
      await db.stop();
      const ready = await request(other.app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ mongo: false });
      expect((await request(other.app).get('/healthz')).status).toBe(200);
      const write = await request(other.app).post('/enterprises').set(admin).send({ uscc: randomUscc(), name: 'x', cityCode: '210100' });
      expect(write.status).toBe(503);
      expect(write.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await db.stop();
      await other.stop();
    }
  });
});
