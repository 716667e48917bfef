import request from 'supertest';
import type { TopicTap } from '@metrodesk/testkit';
import { REQUEST_TOPIC } from '@metrodesk/contracts';
import type { EventEnvelope } from '@metrodesk/events';
import type { RequestsService } from '../../src/service';
import { PATIENCE, startService, seedEnterprise, enterpriseUser, fileAs, filing, SHENYANG, world } from '../fixtures/service';

jest.setTimeout(120000);

let svc: RequestsService;
let tap: TopicTap;
let ent: string;

// The relay's poll an hour away: after its first round at start, a request's events reach
// Kafka only if each write publishes its own (the relay's fast path).
beforeAll(async () => {
  svc = await startService({ OUTBOX_INTERVAL_MS: '3600000' });
  tap = await world.tap([REQUEST_TOPIC]);
  ent = await seedEnterprise(svc, SHENYANG);
}, 60000);
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

const typesOf = (id: string) => tap.messages.filter((m) => m.key === id).map((m) => (m.value as EventEnvelope).type);

describe('each write publishes its own events', () => {
  it('a filing and the action after it reach Kafka in order, each once, and leave the outbox empty', async () => {
    const filed = await fileAs(svc, enterpriseUser(ent), filing());
    await tap.waitFor((m) => m.key === filed.id && (m.value as EventEnvelope).type === 'requests.request.filed', { timeoutMs: PATIENCE });
    const res = await request(svc.app).post(`/requests/${filed.id}/withdraw`).set(enterpriseUser(ent)).send({ version: filed.version, reason: 'fixed it ourselves' });
    expect(res.status).toBe(200);
    await tap.waitFor((m) => m.key === filed.id && (m.value as EventEnvelope).type === 'requests.request.withdrawn', { timeoutMs: PATIENCE });
    const doc = await svc.runtime.mongo.collection('requests').findOne({ _id: filed.id as never }, { projection: { outbox: 1, outboxPending: 1 } });
    expect(doc).toMatchObject({ outbox: [] });
    expect(doc?.outboxPending).toBeUndefined();
    const types = typesOf(filed.id);
    expect(types.indexOf('requests.request.filed')).toBeLessThan(types.indexOf('requests.request.withdrawn'));
    expect(types.filter((t) => t === 'requests.request.filed')).toHaveLength(1);
    expect(types.filter((t) => t === 'requests.request.withdrawn')).toHaveLength(1);
  });
});
