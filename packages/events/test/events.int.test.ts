import mongoose, { type Connection } from 'mongoose';
import { z } from 'zod';
import type { Kafka, Producer } from 'kafkajs';
import { infra, testKafka, testLogger, uniq, waitFor, TopicTap, produceRaw } from '@metrodesk/testkit';
import { createProducer, ensureTopics, defineEvent, eventFor, handlerMap, on, EventConsumer, OutboxRelay, outboxInsert, outboxPush, PoisonEventError, type EventEnvelope } from '../src';

// Real Kafka and FerretDB: the relay, the idempotent consumer and the DLQ end to end.
const logger = testLogger('events-test');
let kafka: Kafka;
let producer: Producer;
let conn: Connection;
const topic = `test.widget.${uniq('v')}`.replace(/-/g, '');
const widgetCreated = defineEvent('test.widget.created', topic, z.object({ name: z.string(), size: z.number().int() }));
const catalog = { [widgetCreated.type]: widgetCreated };

beforeAll(async () => {
  kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ name: topic, partitions: 2 }]);
  await admin.disconnect();
  producer = createProducer(kafka);
  await producer.connect();
  conn = await mongoose.createConnection(infra.mongoUrl, { dbName: 'metrodesk_events_test' }).asPromise();
});

afterAll(async () => {
  await producer.disconnect();
  await conn.close();
});

function widgets() {
  return conn.collection<{ _id: string; name: string; size: number; outbox: unknown[]; outboxPending?: boolean }>('widgets');
}

describe('outbox relay', () => {
  it('publishes events written with the state change, in order, and empties the outbox', async () => {
    const tap = await new TopicTap([topic], kafka).start();
    const id = uniq('w');
    const first = eventFor(widgetCreated, { subject: id, data: { name: 'a', size: 1 }, source: 'test' });
    await widgets().insertOne({ _id: id, name: 'a', size: 1, ...outboxInsert([first]) } as never);
    const second = eventFor(widgetCreated, { subject: id, data: { name: 'b', size: 2 }, source: 'test' });
    const push = outboxPush([second]);
    await widgets().updateOne({ _id: id }, { $set: { name: 'b', ...push.$set }, $push: push.$push } as never);

    const relay = new OutboxRelay({ connection: conn, producer, collections: ['widgets'], logger, intervalMs: 50 });
    relay.start();
    const got = await tap.waitFor((m) => m.key === id, { count: 2 });
    await relay.stop();
    await tap.stop();
    expect(got.map((m) => (m.value as EventEnvelope<{ name: string }>).data.name)).toEqual(['a', 'b']);
    expect(got[0]!.value).toMatchObject({ specversion: '1.0', type: 'test.widget.created', subject: id, source: 'test', dataversion: '1' });
    const doc = await widgets().findOne({ _id: id });
    expect(doc?.outbox).toEqual([]);
    expect(doc?.outboxPending).toBeUndefined();
  });

  it('refuses to write an event whose data breaks its schema', () => {
    expect(() => eventFor(widgetCreated, { subject: 'x', data: { name: 'a', size: 1.5 }, source: 'test' })).toThrow();
  });
});

describe('event consumer', () => {
  it('skips duplicates, dead-letters poison and failing events, and keeps consuming', async () => {
    const group = uniq('group');
    const seen: string[] = [];
    // The topic also holds other tests' events; only this test's subjects count.
    const ours = new Set<string>();
    const dlq = await new TopicTap([`${topic}.dlq`], kafka).start();
    let failures = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId: group,
      topics: [topic],
      catalog,
      connection: conn,
      producer,
      logger,
      backoffMs: 10,
      handlers: handlerMap(
        on(widgetCreated, async (e) => {
          if (e.data.name === 'explode') {
            failures += 1;
            throw new Error('cannot handle explode');
          }
          if (e.data.name === 'poison') throw new PoisonEventError('poison by rule');
          if (ours.has(e.subject)) seen.push(e.data.name);
        }),
      ),
    });
    const mk = (name: string, size = 1) => {
      const e = eventFor(widgetCreated, { subject: uniq('w'), data: { name, size }, source: 'test' }).event;
      ours.add(e.subject);
      return e;
    };
    const good = mk('good');
    const explode = mk('explode');
    const rule = mk('poison');
    const badData = { ...mk('x'), data: { name: 42 } };
    const after = mk('after');
    await produceRaw(topic, [
      { key: good.subject, value: JSON.stringify(good) },
      { key: good.subject, value: JSON.stringify(good) },
      { key: 'junk', value: 'not json at all' },
      { key: badData.subject, value: JSON.stringify(badData) },
      { key: explode.subject, value: JSON.stringify(explode) },
      { key: rule.subject, value: JSON.stringify(rule) },
      { key: after.subject, value: JSON.stringify(after) },
    ], kafka);
    await consumer.start();
    await waitFor(() => seen.includes('after'), { what: 'the event after the poison ones' });
    const dead = await dlq.waitFor(() => true, { count: 4 });
    await consumer.stop();
    await dlq.stop();

    expect(seen.sort()).toEqual(['after', 'good']);
    expect(failures).toBe(3);
    expect(consumer.stats.duplicates).toBe(1);
    const errors = dead.map((m) => m.headers['dlq-error']);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/malformed envelope/),
        expect.stringMatching(/invalid data for test.widget.created: name/),
        expect.stringMatching(/cannot handle explode/),
        expect.stringMatching(/poison by rule/),
      ]),
    );
    expect(dead.every((m) => m.headers['dlq-group'] === group && m.headers['dlq-topic'] === topic)).toBe(true);
  });

  it('does not repeat an effect when a group re-reads events it already processed', async () => {
    const group = uniq('group');
    const e = eventFor(widgetCreated, { subject: uniq('w'), data: { name: 'once', size: 1 }, source: 'test' }).event;
    await produceRaw(topic, [{ key: e.subject, value: JSON.stringify(e) }], kafka);
    let count = 0;
    const make = () =>
      new EventConsumer({
        kafka, groupId: group, topics: [topic], catalog, connection: conn, producer, logger,
        handlers: handlerMap(on(widgetCreated, async (ev) => { if (ev.id === e.id) count += 1; })),
      });
    const c1 = make();
    await c1.start();
    await waitFor(() => count === 1, { what: 'first delivery' });
    await c1.stop();
    // Replaying the same event (as after a crash before the offset commit) changes nothing.
    await produceRaw(topic, [{ key: e.subject, value: JSON.stringify(e) }], kafka);
    const c2 = make();
    await c2.start();
    await waitFor(() => c2.stats.duplicates >= 1, { what: 'the replay to be recognised' });
    await c2.stop();
    expect(count).toBe(1);
  });

  it('drains the message in flight on stop and commits it, so a restart does not redeliver it', async () => {
    const group = uniq('drain');
    const e = eventFor(widgetCreated, { subject: uniq('w'), data: { name: 'slow', size: 1 }, source: 'test' }).event;
    let started = 0;
    let finished = 0;
    let release: () => void = () => undefined;
    const make = () =>
      new EventConsumer({
        kafka, groupId: group, topics: [topic], catalog, connection: conn, producer, logger, fromBeginning: false,
        handlers: handlerMap(
          on(widgetCreated, async (ev) => {
            if (ev.id !== e.id) return;
            started += 1;
            await new Promise<void>((r) => (release = r));
            finished += 1;
          }),
        ),
      });
    const c1 = make();
    await c1.start();
    await new Promise((r) => setTimeout(r, 3000));
    await produceRaw(topic, [{ key: e.subject, value: JSON.stringify(e) }], kafka);
    await waitFor(() => started === 1, { what: 'the slow handler to start' });
    const stopping = c1.stop();
    setTimeout(() => release(), 300);
    await stopping;
    expect(finished).toBe(1);
    const c2 = make();
    await c2.start();
    // Give the second consumer time to receive anything left uncommitted.
    await new Promise((r) => setTimeout(r, 4000));
    await c2.stop();
    expect(started).toBe(1);
    expect(c2.stats.duplicates).toBe(0);
  });
});
