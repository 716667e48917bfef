import { randomUUID } from 'node:crypto';
import { createEvent, createKafka, createProducer, ensureTopics, OutboxRelay, outboxInsert } from '@metrodesk/events';
import { testLogger } from '@metrodesk/testkit';
import type { Producer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { sleep } from './infra';
import { readTopic } from './topic';

export const PROBE_TOPIC = 'fault.relay-probe.v1';
const COLLECTION = 'probe_docs';

export interface ProbeResult {
  written: number;
  onKafka: number;
  lost: number;
  /** Events found more than once (a resent batch): allowed, consumers deduplicate. */
  repeated: number;
  leftInOutbox: number;
}

/**
 * The outbox relay and the services' producer, on their own, through a broker loss: a writer
 * inserts documents with one event each, several per poll, so each send spans partitions led
 * by different brokers (the case a filing at 2/s rarely makes). At the end every event
 * written must be on the topic: a send that resolved without writing a partition (kafkajs's
 * own retry does that when a partition's leader moves to a broker that already answered) shows
 * up as lost.
 */
export class RelayProbe {
  private conn: Connection | undefined;
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;
  private writing: Promise<void> | undefined;
  private stopped = false;
  private readonly ids: string[] = [];

  constructor(
    private readonly brokers: string,
    private readonly mongoUrl: string,
    private readonly perSecond = 100,
  ) {}

  async start(): Promise<void> {
    const kafka = createKafka({ clientId: 'fault-relay-probe', brokers: this.brokers.split(',') });
    const admin = kafka.admin();
    await admin.connect();
    // A cluster just formed may not know a topic it has just created yet ("does not host
    // this topic-partition"): ensureTopics creates only what is missing, so try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureTopics(admin, [{ name: PROBE_TOPIC, partitions: 6 }]);
        break;
      } catch (err) {
        if (attempt >= 10) throw err;
        await sleep(1000);
      }
    }
    await admin.disconnect();
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.conn = await mongoose.createConnection(this.mongoUrl, { dbName: 'metrodesk_fault_probe' }).asPromise();
    this.relay = new OutboxRelay({ connection: this.conn, producer: this.producer, collections: [COLLECTION], logger: testLogger('fault-relay-probe'), intervalMs: 50 });
    this.relay.start();
    this.writing = this.write();
  }

  /** Ten documents every tenth of the rate's second; a failed insert is not counted (nothing was written). */
  private async write(): Promise<void> {
    const docs = this.conn!.collection(COLLECTION);
    const each = 10;
    while (!this.stopped) {
      const batch = Array.from({ length: each }, () => {
        const id = randomUUID();
        const event = createEvent({ type: 'fault.relay-probe.written', source: 'fault', subject: id, data: {} });
        return { _id: id, ...outboxInsert([{ topic: PROBE_TOPIC, event }]) };
      });
      try {
        await docs.insertMany(batch as never[]);
        this.ids.push(...batch.map((d) => d._id));
      } catch {
        /* the database is not under test here */
      }
      await sleep((1000 * each) / this.perSecond);
    }
  }

  /** Stops writing, waits for the relay to empty every outbox (up to `timeoutMs`), and reads the topic to its end. */
  async finish(timeoutMs: number): Promise<ProbeResult> {
    this.stopped = true;
    await this.writing;
    const docs = this.conn!.collection(COLLECTION);
    const deadline = Date.now() + timeoutMs;
    let left = await docs.countDocuments({ outboxPending: true });
    while (left > 0 && Date.now() < deadline) {
      await sleep(500);
      left = await docs.countDocuments({ outboxPending: true });
    }
    await this.relay!.stop();
    await this.producer!.disconnect();
    await this.conn!.close();
    const seen = new Map<string, number>();
    const unread = await readTopic(this.brokers, PROBE_TOPIC, (m) => {
      const key = m.key?.toString('utf8') ?? '';
      seen.set(key, (seen.get(key) ?? 0) + 1);
    });
    if (unread.length > 0) throw new Error(`${PROBE_TOPIC}: partitions ${unread.join(',')} not read to their end`);
    const written = new Set(this.ids);
    const lost = [...written].filter((id) => !seen.has(id)).length;
    const repeated = [...seen.values()].filter((n) => n > 1).length;
    return { written: written.size, onKafka: [...seen.keys()].filter((k) => written.has(k)).length, lost, repeated, leftInOutbox: left };
  }
}
