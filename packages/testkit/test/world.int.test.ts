import { MongoClient } from 'mongodb';
import type { Consumer } from 'kafkajs';
import { infra, testKafka, testWorld, TopicTap, uniq } from '../src';

jest.setTimeout(90_000);

const TOPIC = 'requests.request.v1';

describe('testWorld', () => {
  it('names its topics, groups and database after the service and a random part, unique per world', () => {
    const a = testWorld('requests');
    const b = testWorld('requests');
    expect(a.namespace).toMatch(/^requests-t-[0-9a-f]{8}$/);
    expect(a.dbName).toMatch(/^requests_t_[0-9a-f]{8}$/);
    expect(a.topic(TOPIC)).toBe(`${a.namespace}.${TOPIC}`);
    expect(a.env).toMatchObject({ KAFKA_NAMESPACE: a.namespace, MONGO_DB: a.dbName });
    expect(b.namespace).not.toBe(a.namespace);
    expect(b.dbName).not.toBe(a.dbName);
  });

  it("keeps what it sends to its own topics (a tap on the shared topic sees none of it) and drops its topics and database", async () => {
    const world = testWorld('testkit');
    await world.create();
    const admin = testKafka().admin();
    await admin.connect();
    const mongo = await new MongoClient(infra.mongoUrl).connect();
    const shared = await new TopicTap([TOPIC]).start();
    try {
      const made = (await admin.listTopics()).filter((t) => t.startsWith(`${world.namespace}.`));
      expect(made).toEqual(expect.arrayContaining([world.topic(TOPIC), world.topic(`${TOPIC}.dlq`)]));
      await mongo.db(world.dbName).collection('marks').insertOne({ at: new Date() });

      const inWorld = await world.tap([TOPIC]);
      const key = uniq('world');
      await world.produce(TOPIC, [{ key, value: '{}' }]);
      const [seen] = await inWorld.waitFor((m) => m.key === key);
      expect(seen!.topic).toBe(world.topic(TOPIC));
      await inWorld.stop();
      // The shared tap started before the send and reads the same partitions' new messages.
      await new Promise((r) => setTimeout(r, 2000));
      expect(shared.find((m) => m.key === key)).toHaveLength(0);

      await world.drop();
      expect((await admin.listTopics()).filter((t) => t.startsWith(`${world.namespace}.`))).toEqual([]);
      expect((await mongo.db().admin().listDatabases()).databases.map((d) => d.name)).not.toContain(world.dbName);
    } finally {
      await shared.stop();
      await mongo.close();
      await admin.disconnect();
    }
  });

  it('keeps each message of a topic once although its consumer reads it again (a restart re-reads what was not committed)', async () => {
    const world = testWorld('testkit');
    await world.create();
    const tap = await world.tap([TOPIC]);
    try {
      const key = uniq('again');
      await world.produce(TOPIC, [1, 2, 3].map((n) => ({ key, value: String(n) })));
      const first = await tap.waitFor((m) => m.key === key, { count: 3 });
      // What a consumer restart before its commit does: read the same offsets again.
      const consumer = (tap as unknown as { consumer: Consumer }).consumer;
      consumer.seek({ topic: world.topic(TOPIC), partition: first[0]!.partition, offset: first[0]!.raw.offset });
      // A fourth message on the same partition arrives after the ones read again.
      await world.produce(TOPIC, [{ key, value: '4' }]);
      await tap.waitFor((m) => m.key === key && m.value === 4);
      expect(tap.find((m) => m.key === key).map((m) => m.value)).toEqual([1, 2, 3, 4]);
    } finally {
      await tap.stop();
      await world.drop();
    }
  });
});
