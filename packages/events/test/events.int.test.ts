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
// Its own topic: the resend test writes an event twice on purpose, which the consumer tests would count.
const resendTopic = `${topic}.resend`;
// The duplicate-counting consumer test's own topic: the relay tests' events are published at
// least once, and a resend of theirs would count as one more duplicate there.
const consumerTopic = `${topic}.consumer`;
const widgetChecked = defineEvent('test.widget.created', consumerTopic, widgetCreated.data);
const widgetResent = defineEvent('test.widget.resent', resendTopic, z.object({ name: z.string() }));

beforeAll(async () => {
  kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ name: topic, partitions: 2 }, { name: resendTopic, partitions: 2 }, { name: consumerTopic, partitions: 2 }]);
  await admin.disconnect();
  producer = createProducer(kafka);
  await producer.connect();
  conn = await mongoose.createConnection(infra.mongoUrl, { dbName: 'metrodesk_events_test' }).asPromise();
});

afterAll(async () => {
  await producer.disconnect();
  await conn.close();
});

/** The real producer, noting the key of every message it sends (after `delayMs`, a slow broker). */
function countingProducer(delayMs = 0): { sent: string[]; counting: Producer } {
  const sent: string[] = [];
  const counting = {
    sendBatch: async (batch: Parameters<Producer['sendBatch']>[0]) => {
      for (const t of batch.topicMessages ?? []) for (const m of t.messages) sent.push(String(m.key));
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return producer.sendBatch(batch);
    },
  } as unknown as Producer;
  return { sent, counting };
}

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

  it('publishes each document once when flushed while its own poll runs again and again', async () => {
    // A slow broker: the poll and a flush would overlap if both could run.
    const { sent, counting } = countingProducer(20);
    const relay = new OutboxRelay({ connection: conn, producer: counting, collections: ['widgets'], logger, intervalMs: 1 });
    relay.start();
    const ids: string[] = [];
    for (let round = 0; round < 10; round++) {
      const batch = Array.from({ length: 3 }, () => uniq('flushed'));
      ids.push(...batch);
      await widgets().insertMany(batch.map((id) => ({ _id: id, name: 'f', size: 1, ...outboxInsert([eventFor(widgetCreated, { subject: id, data: { name: 'f', size: 1 }, source: 'test' })]) })) as never[]);
      await relay.flush();
    }
    await relay.stop();
    const mine = new Set(ids);
    expect(sent.filter((k) => mine.has(k)).sort()).toEqual([...ids].sort());
  });

  it('publishes many one-event documents and empties each of them', async () => {
    const tap = await new TopicTap([topic], kafka).start();
    const ids = Array.from({ length: 25 }, () => uniq('w'));
    await widgets().insertMany(ids.map((id) => ({ _id: id, name: 'one', size: 1, ...outboxInsert([eventFor(widgetCreated, { subject: id, data: { name: 'one', size: 1 }, source: 'test' })]) })) as never[]);
    const relay = new OutboxRelay({ connection: conn, producer, collections: ['widgets'], logger, intervalMs: 50 });
    relay.start();
    const mine = new Set(ids);
    const got = await tap.waitFor((m) => mine.has(m.key ?? ''), { count: ids.length });
    await relay.stop();
    await tap.stop();
    expect(new Set(got.map((m) => m.key))).toEqual(mine);
    const docs = await widgets().find({ _id: { $in: ids } }).toArray();
    expect(docs.every((d) => d.outbox.length === 0 && d.outboxPending === undefined)).toBe(true);
  });

  it('empties insert-only documents by _id alone, publishing each of their events once', async () => {
    const tap = await new TopicTap([topic], kafka).start();
    const receipts = conn.collection<{ _id: string; outbox: unknown[]; outboxPending?: boolean }>('receipts');
    const ids = Array.from({ length: 20 }, () => uniq('r'));
    await receipts.insertMany(
      ids.map((id) => ({ _id: id, ...outboxInsert([1, 2].map((size) => eventFor(widgetCreated, { subject: id, data: { name: 'r', size }, source: 'test' }))) })) as never[],
    );
    const relay = new OutboxRelay({ connection: conn, producer, collections: [{ name: 'receipts', insertOnly: true }], logger });
    expect(await relay.flush()).toBe(40);
    expect(await relay.flush()).toBe(0);
    const mine = new Set(ids);
    const got = await tap.waitFor((m) => mine.has(m.key ?? ''), { count: 40 });
    await tap.stop();
    expect(got.map((m) => `${m.key}:${(m.value as EventEnvelope<{ size: number }>).data.size}`).sort()).toEqual(ids.flatMap((id) => [`${id}:1`, `${id}:2`]).sort());
    const left = await receipts.countDocuments({ outboxPending: true });
    expect(left).toBe(0);
  });

  describe('fast path for insert-only documents', () => {
    const receipts = () => conn.collection<{ _id: string; outbox: unknown[]; outboxPending?: boolean }>('receipts');
    const eventsOf = (id: string, sizes: number[]) => sizes.map((size) => eventFor(widgetCreated, { subject: id, data: { name: 'fast', size }, source: 'test' }));
    /** A tap on the topic and a started relay (its poll a minute away) over the insert-only receipts, with one document inserted and held for the fast path. */
    const startFastRelay = async (connection: typeof conn, prefix: string) => {
      const tap = await new TopicTap([topic], kafka).start();
      const relay = new OutboxRelay({ connection, producer, collections: [{ name: 'receipts', insertOnly: true }], logger, intervalMs: 60_000 });
      relay.start();
      const id = uniq(prefix);
      const entries = eventsOf(id, [1, 2]);
      const publish = relay.hold('receipts', id);
      await receipts().insertOne({ _id: id, ...outboxInsert(entries) } as never);
      return { tap, relay, id, entries, publish };
    };

    it('publishes a held document straight after its insert, once; the poll leaves it alone meanwhile', async () => {
      const { tap, relay, id, entries, publish } = await startFastRelay(conn, 'fast');
      // Inserted and pending, but held: a poll now publishes nothing of it.
      expect(await relay.flush()).toBe(0);
      publish(entries);
      const got = await tap.waitFor((m) => m.key === id, { count: 2 });
      expect(got.map((m) => (m.value as EventEnvelope<{ size: number }>).data.size)).toEqual([1, 2]);
      // Once emptied, nothing is left for the poll either.
      expect(await relay.flush()).toBe(0);
      expect(await receipts().findOne({ _id: id })).toMatchObject({ outbox: [] });
      expect((await receipts().findOne({ _id: id }))?.outboxPending).toBeUndefined();
      await relay.stop();
      await tap.stop();
      expect(tap.messages.filter((m) => m.key === id)).toHaveLength(2);
    });

    it('a poll whose read saw a held document pending does not publish it again after the fast path emptied it', async () => {
      // The poll's read answers while the document is held, but its answer reaches the relay
      // only after the fast path has published and emptied the document.
      let readDone!: () => void;
      const read = new Promise<void>((r) => (readDone = r));
      let openGate!: () => void;
      const gate = new Promise<void>((r) => (openGate = r));
      const slowReads = new Proxy(conn, {
        get(target, prop) {
          if (prop !== 'collection') return Reflect.get(target, prop) as unknown;
          return (name: string) => {
            const col = target.collection(name);
            return new Proxy(col, {
              get(c, p) {
                if (p !== 'find') {
                  const v = Reflect.get(c, p) as unknown;
                  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(c) : v;
                }
                return (...args: Parameters<typeof col.find>) => ({
                  limit: (n: number) => ({
                    toArray: async () => {
                      const docs = await col.find(...args).limit(n).toArray();
                      readDone();
                      await gate;
                      return docs;
                    },
                  }),
                });
              },
            });
          };
        },
      });
      const { tap, relay, id, entries, publish } = await startFastRelay(slowReads, 'late-read');
      const poll = (relay as unknown as { publishOnce(): Promise<number> }).publishOnce();
      await read;
      publish(entries);
      await tap.waitFor((m) => m.key === id, { count: 2 });
      await waitFor(async () => ((await receipts().findOne({ _id: id }))?.outbox.length === 0 ? true : undefined), { what: 'the fast path to empty the outbox' });
      await (relay as unknown as { settle(): Promise<void> }).settle();
      openGate();
      expect(await poll).toBe(0);
      await relay.stop();
      await tap.stop();
      expect(tap.messages.filter((m) => m.key === id)).toHaveLength(2);
    });

    it('leaves a document whose fast send failed to the poll, which publishes it once', async () => {
      const sent: string[] = [];
      let failures = 1;
      const flaky = {
        sendBatch: async (batch: { topicMessages: { messages: { key: string | null }[] }[] }) => {
          if (failures-- > 0) throw new Error('broker unreachable');
          for (const t of batch.topicMessages) for (const m of t.messages) sent.push(m.key ?? '');
          return [];
        },
      } as unknown as Producer;
      const relay = new OutboxRelay({ connection: conn, producer: flaky, collections: [{ name: 'receipts', insertOnly: true }], logger, intervalMs: 60_000 });
      relay.start();
      const id = uniq('fast');
      const entries = eventsOf(id, [1]);
      const publish = relay.hold('receipts', id);
      await receipts().insertOne({ _id: id, ...outboxInsert(entries) } as never);
      publish(entries);
      // The relay's own poll or this flush publishes it: either way, once.
      await relay.flush();
      await relay.stop();
      // Its own document's sends: the poll also takes any other test's pending receipts.
      expect(sent.filter((k) => k === id)).toEqual([id]);
      expect((await receipts().findOne({ _id: id }))?.outboxPending).toBeUndefined();
    });

    it('drops the hold of a failed insert, and refuses to hold a document of a collection it does not publish from', async () => {
      const { sent, counting } = countingProducer();
      const relay = new OutboxRelay({ connection: conn, producer: counting, collections: [{ name: 'receipts', insertOnly: true }], logger, intervalMs: 60_000 });
      relay.start();
      const id = uniq('fast');
      relay.hold('receipts', id)();
      // Written later by someone else (e.g. a retry in another process): the poll takes it.
      await receipts().insertOne({ _id: id, ...outboxInsert(eventsOf(id, [3])) } as never);
      // The relay's own poll may take it before the flush does: either way, once.
      await relay.flush();
      await relay.stop();
      expect(sent.filter((k) => k === id)).toEqual([id]);
      const plain = new OutboxRelay({ connection: conn, producer, collections: ['widgets'], logger });
      expect(() => plain.hold('gadgets', 'w1')).toThrow(/not an outbox collection of this relay/);
    });
  });

  describe('fast path for documents with appends', () => {
    const sizes = (got: { value: unknown }[]) => got.map((m) => (m.value as EventEnvelope<{ size: number }>).data.size);
    const event = (id: string, size: number) => eventFor(widgetCreated, { subject: id, data: { name: 'appends', size }, source: 'test' });
    /** Appends `entries` to a widget the way a versioned save does, returning the outbox as the write left it. */
    const append = async (id: string, entries: ReturnType<typeof event>[]) => {
      const push = outboxPush(entries);
      const doc = await widgets().findOneAndUpdate({ _id: id }, { $set: push.$set, $push: push.$push } as never, { returnDocument: 'after' });
      return (doc as unknown as { outbox: Parameters<ReturnType<OutboxRelay['hold']>>[0] }).outbox;
    };
    const startRelay = async () => {
      const tap = await new TopicTap([topic], kafka).start();
      // Its poll a minute away: whatever goes out before that went by the fast path or a notify.
      const relay = new OutboxRelay({ connection: conn, producer, collections: ['widgets'], logger, intervalMs: 60_000 });
      relay.start();
      await relay.flush();
      return { tap, relay };
    };

    it('after an update, publishes the outbox as the write left it: an earlier write\'s event not yet out goes first', async () => {
      const id = uniq('upd');
      await widgets().insertOne({ _id: id, name: 'u', size: 0, ...outboxInsert([]) } as never);
      const { tap, relay } = await startRelay();
      // An earlier write whose event is still in the outbox (written while no relay ran).
      await append(id, [event(id, 1)]);
      const publish = relay.hold('widgets', id);
      publish(await append(id, [event(id, 2)]));
      const got = await tap.waitFor((m) => m.key === id, { count: 2 });
      expect(sizes(got)).toEqual([1, 2]);
      await waitFor(async () => ((await widgets().findOne({ _id: id }))?.outboxPending === undefined ? true : undefined), { what: 'the fast path to empty the outbox' });
      expect((await widgets().findOne({ _id: id }))?.outbox).toEqual([]);
      expect(await relay.flush()).toBe(0);
      await relay.stop();
      await tap.stop();
      expect(sizes(tap.messages.filter((m) => m.key === id))).toEqual([1, 2]);
    });

    it('an event appended while the document is on the fast path stays in the outbox and goes out after, once', async () => {
      const id = uniq('held');
      const { tap, relay } = await startRelay();
      const first = relay.hold('widgets', id);
      const e1 = [event(id, 1)];
      await widgets().insertOne({ _id: id, name: 'h', size: 0, ...outboxInsert(e1) } as never);
      // A second write of this process to the same document while the first is held: its
      // events are left to the poll, which must not overtake the first write's.
      const second = relay.hold('widgets', id);
      second(await append(id, [event(id, 2)]));
      expect(await (relay as unknown as { publishOnce(): Promise<number> }).publishOnce()).toBe(0);
      first(e1);
      const got = await tap.waitFor((m) => m.key === id, { count: 2 });
      expect(sizes(got)).toEqual([1, 2]);
      await waitFor(async () => ((await widgets().findOne({ _id: id }))?.outboxPending === undefined ? true : undefined), { what: 'the outbox to be emptied' });
      await relay.stop();
      await tap.stop();
      expect(sizes(tap.messages.filter((m) => m.key === id))).toEqual([1, 2]);
      expect((await widgets().findOne({ _id: id }))?.outbox).toEqual([]);
    });
  });

  it('sends a batch that failed partway again whole: every event reaches Kafka, the part already written twice', async () => {
    const tap = await new TopicTap([resendTopic], kafka).start();
    const ids = Array.from({ length: 6 }, () => uniq('w'));
    await widgets().insertMany(ids.map((id) => ({ _id: id, name: 'p', size: 1, ...outboxInsert([eventFor(widgetResent, { subject: id, data: { name: 'p' }, source: 'test' })]) })) as never[]);
    type Batch = Parameters<Producer['sendBatch']>[0];
    let failures = 1;
    // The first send writes its first message and then fails, as a send does when a broker
    // dies after another one answered.
    const partial = {
      sendBatch: async (batch: Batch) => {
        if (failures-- > 0) {
          const [first] = batch.topicMessages!;
          await producer.sendBatch({ ...batch, topicMessages: [{ topic: first!.topic, messages: first!.messages.slice(0, 1) }] });
          throw new Error('broker lost after part of the send was written');
        }
        return producer.sendBatch(batch);
      },
    } as unknown as Producer;
    const relay = new OutboxRelay({ connection: conn, producer: partial, collections: ['widgets'], logger });
    await expect(relay.flush()).rejects.toThrow(/part of the send/);
    // Nothing was emptied: the next round sends all of it.
    expect(await widgets().countDocuments({ _id: { $in: ids }, outboxPending: true })).toBe(ids.length);
    expect(await relay.flush()).toBe(ids.length);
    const mine = new Set(ids);
    const got = await tap.waitFor((m) => mine.has(m.key ?? ''), { count: ids.length + 1 });
    await tap.stop();
    expect(new Set(got.map((m) => m.key))).toEqual(mine);
    expect(await widgets().countDocuments({ _id: { $in: ids }, outboxPending: true })).toBe(0);
  });

  it('publishes an event appended while the one before it was in flight once, not twice', async () => {
    const id = uniq('w');
    const first = eventFor(widgetCreated, { subject: id, data: { name: 'a', size: 1 }, source: 'test' });
    await widgets().insertOne({ _id: id, name: 'a', size: 1, ...outboxInsert([first]) } as never);
    const second = eventFor(widgetCreated, { subject: id, data: { name: 'b', size: 2 }, source: 'test' });
    const sent: string[] = [];
    let appended = false;
    // Records what goes out; during the first send a writer appends the next event.
    const racing = {
      sendBatch: async (batch: { topicMessages: { messages: { key: string | null; value: string | Buffer | null }[] }[] }) => {
        for (const t of batch.topicMessages) for (const m of t.messages) if (m.key === id) sent.push((JSON.parse(String(m.value)) as EventEnvelope<{ name: string }>).data.name);
        if (!appended) {
          appended = true;
          const push = outboxPush([second]);
          await widgets().updateOne({ _id: id }, { $set: { name: 'b', ...push.$set }, $push: push.$push } as never);
        }
        return [];
      },
    } as unknown as Producer;
    const relay = new OutboxRelay({ connection: conn, producer: racing, collections: ['widgets'], logger });
    await relay.flush();
    expect(sent).toEqual(['a', 'b']);
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
    const ours = new Set<string>();
    const dlq = await new TopicTap([`${consumerTopic}.dlq`], kafka).start();
    let failures = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId: group,
      topics: [consumerTopic],
      catalog: { [widgetChecked.type]: widgetChecked },
      connection: conn,
      producer,
      logger,
      backoffMs: 10,
      handlers: handlerMap(
        on(widgetChecked, async (e) => {
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
      const e = eventFor(widgetChecked, { subject: uniq('w'), data: { name, size }, source: 'test' }).event;
      ours.add(e.subject);
      return e;
    };
    const good = mk('good');
    const explode = mk('explode');
    const rule = mk('poison');
    const badData = { ...mk('x'), data: { name: 42 } };
    const after = mk('after');
    await produceRaw(consumerTopic, [
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
    expect(dead.every((m) => m.headers['dlq-group'] === group && m.headers['dlq-topic'] === consumerTopic)).toBe(true);
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

  it('dead-letters a message it cannot read once per group, even when the group reads it again', async () => {
    const own = `${topic}.unreadable`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [{ name: own, partitions: 2 }]);
      const dlq = await new TopicTap([`${own}.dlq`], kafka).start();
      const malformed = uniq('malformed');
      const invalid = eventFor(widgetCreated, { subject: uniq('invalid'), data: { name: 'x', size: 1 }, source: 'test' }).event;
      await produceRaw(own, [{ key: malformed, value: '{"id":' }, { key: invalid.subject, value: JSON.stringify({ ...invalid, data: { name: 'x', size: 'big' } }) }], kafka);
      const group = uniq('unreadable');
      // First a batch taken together (its records written with the batch), then one at a time.
      const make = (keyConcurrency: number) => new EventConsumer({ kafka, groupId: group, topics: [own], catalog, connection: conn, producer, logger, keyConcurrency, handlers: handlerMap(on(widgetCreated, async () => undefined)) });
      const first = make(4);
      await first.start();
      const ours = (m: { headers: Record<string, string> }) => m.headers['dlq-group'] === group;
      await dlq.waitFor(ours, { count: 2 });
      await first.stop();
      // As after a rebalance that handed the batch over before its offsets were committed.
      await admin.resetOffsets({ groupId: group, topic: own, earliest: true });
      const again = make(1);
      await again.start();
      await waitFor(() => again.stats.duplicates === 2, { what: 'both recognised as dead-lettered already' });
      await again.stop();
      expect(again.stats.deadLettered).toBe(0);
      await dlq.stop();
      expect(dlq.find(ours).map((m) => m.key).sort()).toEqual([malformed, invalid.subject].sort());
    } finally {
      await admin.disconnect();
    }
  });

  it('passes over a message whose type header names no handler of its group, unread: not dead-lettered', async () => {
    const own = `${topic}.unhandled`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [{ name: own, partitions: 1 }]);
    } finally {
      await admin.disconnect();
    }
    const e = eventFor(widgetCreated, { subject: uniq('w'), data: { name: 'after', size: 1 }, source: 'test' }).event;
    // A body no group could read, typed as an event this group does not handle: its own consumers would dead-letter it.
    await produceRaw(own, [{ key: uniq('other'), value: '{"id":', headers: { 'ce-type': 'test.widget.other' } }, { key: e.subject, value: JSON.stringify(e), headers: { 'ce-type': e.type } }], kafka);
    const handled: string[] = [];
    const c = new EventConsumer({ kafka, groupId: uniq('unhandled'), topics: [own], catalog, connection: conn, producer, logger, handlers: handlerMap(on(widgetCreated, async (ev) => void handled.push(ev.id))) });
    await c.start();
    await waitFor(() => handled.length === 1, { what: 'the event after the unhandled one' });
    await c.stop();
    expect(handled).toEqual([e.id]);
    expect(c.stats).toMatchObject({ ignored: 1, deadLettered: 0 });
  });

  it('leaves a handler registered as idempotent to deduplicate itself: no processed-id look-up or record', async () => {
    const group = uniq('self');
    const e = eventFor(widgetCreated, { subject: uniq('w'), data: { name: 'keyed', size: 1 }, source: 'test' }).event;
    // Delivered twice, in one batch and across batches: both reach the handler, which keys its own write.
    await produceRaw(topic, [{ key: e.subject, value: JSON.stringify(e) }, { key: e.subject, value: JSON.stringify(e) }], kafka);
    const written: string[] = [];
    let calls = 0;
    for (const keyConcurrency of [1, 4]) {
      const c = new EventConsumer({
        kafka, groupId: `${group}-${keyConcurrency}`, topics: [topic], catalog, connection: conn, producer, logger, keyConcurrency,
        handlers: handlerMap(
          on(widgetCreated, async (ev) => {
            if (ev.id !== e.id) return;
            calls += 1;
            await widgets().updateOne({ _id: `self-${ev.id}` }, { $setOnInsert: { name: ev.data.name, size: ev.data.size } }, { upsert: true });
            written.push(ev.id);
          }, { idempotent: true }),
        ),
      });
      await c.start();
      await waitFor(() => written.filter((id) => id === e.id).length >= 2 * (keyConcurrency === 1 ? 1 : 2), { what: `both deliveries (keyConcurrency ${keyConcurrency})` });
      await c.stop();
      expect(c.stats.duplicates).toBe(0);
      expect(await conn.collection('processed_events').findOne({ _id: `${group}-${keyConcurrency}:${e.id}` as never })).toBeNull();
    }
    expect(calls).toBe(4);
    expect(await widgets().countDocuments({ _id: `self-${e.id}` })).toBe(1);
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

  it('with keyConcurrency, runs different keys side by side, each key in order, and commits per batch', async () => {
    const group = uniq('keyed');
    const keys = Array.from({ length: 6 }, () => uniq('k'));
    const events = keys.flatMap((k) => [1, 2, 3, 4, 5].map((size) => eventFor(widgetCreated, { subject: k, data: { name: 'seq', size }, source: 'test' }).event));
    const repeated = events[7]!;
    const messages = [...events, repeated].map((e) => ({ key: e.subject, value: JSON.stringify(e) }));
    const bad = eventFor(widgetCreated, { subject: keys[0]!, data: { name: 'poison', size: 1 }, source: 'test' }).event;
    await produceRaw(topic, [...messages, { key: bad.subject, value: JSON.stringify(bad) }], kafka);
    const seen = new Map<string, number[]>(keys.map((k) => [k, []]));
    let inFlight = 0;
    let widest = 0;
    let poisoned = false;
    const make = () =>
      new EventConsumer({
        kafka, groupId: group, topics: [topic], catalog, connection: conn, producer, logger, keyConcurrency: 4,
        handlers: handlerMap(
          on(widgetCreated, async (e) => {
            if (!seen.has(e.subject)) return;
            if (e.data.name === 'poison') {
              poisoned = true;
              throw new PoisonEventError('poison by rule');
            }
            inFlight += 1;
            widest = Math.max(widest, inFlight);
            await new Promise((r) => setTimeout(r, 20));
            seen.get(e.subject)!.push(e.data.size);
            inFlight -= 1;
          }),
        ),
      });
    const c1 = make();
    await c1.start();
    await waitFor(() => keys.every((k) => seen.get(k)!.length === 5) && poisoned, { what: 'every key to be handled' });
    await c1.stop();
    // The repeated event (key 1, size 3) was not applied twice.
    for (const k of keys) expect(seen.get(k)).toEqual([1, 2, 3, 4, 5]);
    expect(widest).toBeGreaterThan(1);

    // Everything was committed: a second consumer of the group gets only what comes next.
    const marker = eventFor(widgetCreated, { subject: keys[1]!, data: { name: 'seq', size: 6 }, source: 'test' }).event;
    await produceRaw(topic, [{ key: marker.subject, value: JSON.stringify(marker) }], kafka);
    const c2 = make();
    await c2.start();
    await waitFor(() => seen.get(keys[1]!)!.length === 6, { what: 'the event after the restart' });
    await c2.stop();
    expect(c2.stats.duplicates).toBe(0);
    for (const k of keys) expect(seen.get(k)).toEqual(k === keys[1] ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5]);
  });
});
