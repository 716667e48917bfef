import { infra, testLogger, uniq, waitFor } from '@metrodesk/testkit';
import { eventFor, outboxInsert, handlerMap, on } from '@metrodesk/events';
import { enterpriseRegistered } from '@metrodesk/contracts';
import { ServiceRuntime } from '../src';

describe('ServiceRuntime', () => {
  it('connects, relays the outbox to its consumers, reports readiness and stops cleanly', async () => {
    const rt = await ServiceRuntime.connect({
      service: 'runtime-test', logger: testLogger(), mongoUrl: infra.mongoUrl, dbName: 'metrodesk_runtime_test',
      kafkaBrokers: infra.kafkaBrokers, outboxCollections: ['things'], outboxIntervalMs: 100,
    });
    const id = uniq('ent');
    const got: string[] = [];
    rt.addConsumer({ groupId: uniq('rt'), topics: [enterpriseRegistered.topic], fromBeginning: false, handlers: handlerMap(on(enterpriseRegistered, async (e) => void (e.subject === id && got.push(e.data.name)))) });
    await rt.startBackground();
    expect(await rt.readiness().mongo!()).toBe(true);
    await new Promise((r) => setTimeout(r, 3000));
    const snapshot = {
      enterpriseId: id, version: 1, uscc: '91350100M000100Y43', name: 'Runtime Co', provinceCode: '210000', cityCode: '210100', status: 'active' as const, tags: [],
      flags: { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityDemonstration: false },
    };
    await rt.mongo.collection('things').insertOne({ _id: id as never, ...outboxInsert([eventFor(enterpriseRegistered, { subject: id, data: snapshot, source: 'runtime-test' })]) });
    rt.notifyOutbox();
    await waitFor(() => got.length === 1, { what: 'the relayed event' });
    await rt.stop();
    expect(got).toEqual(['Runtime Co']);
    expect(rt.relay?.published).toBeGreaterThanOrEqual(1);
  });
});
