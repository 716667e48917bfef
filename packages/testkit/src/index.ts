import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { createLogger, type Logger } from '@metrodesk/logger';

/**
 * Helpers for integration tests against the real servers that deploy/local/up starts.
 * The defaults match deploy/local/env.sh; CI and developers can override them.
 */
export { infra } from './infra';
import { infra } from './infra';

/** A unique suffix, so every test makes its own data and runs never collide. */
export function uniq(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function testLogger(service = 'test'): Logger {
  return createLogger({ service, level: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent' });
}

export function testKafka(clientId = uniq('test')): Kafka {
  return new Kafka({ clientId, brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, { timeoutMs = 15000, intervalMs = 50, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface TappedMessage {
  topic: string;
  partition: number;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
  raw: KafkaMessage;
}

/**
 * Reads what arrives on topics from now on: it records each partition's end offset before
 * it starts, so only messages produced after start() are seen.
 */
export class TopicTap {
  readonly messages: TappedMessage[] = [];
  /** Places (topic:partition:offset) already tapped: a consumer restart re-reads what it had not committed. */
  private readonly tapped = new Set<string>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly topics: string[],
    private readonly kafka: Kafka = testKafka(),
  ) {}

  async start(): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    // A topic made a moment ago may not have its leaders known to every broker yet.
    const offsetsOf = (topic: string) =>
      waitFor(() => admin.fetchTopicOffsets(topic), { timeoutMs: 15000, intervalMs: 200, what: `the offsets of ${topic}` });
    const ends = await Promise.all(this.topics.map(async (topic) => ({ topic, offsets: await offsetsOf(topic) })));
    await admin.disconnect();
    this.consumer = this.kafka.consumer({ groupId: uniq('tap'), allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    const starts = new Map<string, bigint>();
    for (const { topic, offsets } of ends) for (const o of offsets) starts.set(`${topic}:${o.partition}`, BigInt(o.high));
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (BigInt(message.offset) < (starts.get(`${topic}:${partition}`) ?? 0n)) return;
        const place = `${topic}:${partition}:${message.offset}`;
        if (this.tapped.has(place)) return;
        this.tapped.add(place);
        const text = message.value?.toString('utf8') ?? '';
        let value: unknown = text;
        try {
          value = JSON.parse(text);
        } catch {
          /* keep raw text */
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
        this.messages.push({ topic, partition, key: message.key?.toString('utf8') ?? null, value, headers, raw: message });
      },
    });
    // Seeking saves reading a topic's old messages. On a broker just started, joining the group
    // can crash once (coordinator not yet available) and kafkajs restarts the group by itself,
    // dropping the consumer group a seek needs; the offset filter above keeps old messages out
    // either way, so a refused seek is not an error.
    for (const { topic, offsets } of ends) {
      for (const o of offsets) {
        try {
          this.consumer.seek({ topic, partition: o.partition, offset: o.high });
        } catch (e) {
          if (!(e instanceof Error && /not initialized/.test(e.message))) throw e;
        }
      }
    }
    return this;
  }

  find(pred: (m: TappedMessage) => boolean): TappedMessage[] {
    return this.messages.filter(pred);
  }

  async waitFor(pred: (m: TappedMessage) => boolean, opts: { timeoutMs?: number; count?: number; what?: string } = {}): Promise<TappedMessage[]> {
    const count = opts.count ?? 1;
    return waitFor(() => {
      const found = this.find(pred);
      return found.length >= count ? found : undefined;
    }, { timeoutMs: opts.timeoutMs ?? 20000, what: opts.what ?? 'a message on the tap' });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/**
 * Deletes the topics of a test run's Kafka namespace (KAFKA_NAMESPACE), so runs leave no
 * topics behind on the shared broker.
 */
export async function dropNamespace(namespace: string, kafka = testKafka()): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}

/** Sends raw bytes to a topic: the way tests inject duplicates and poison messages. */
export async function produceRaw(topic: string, messages: { key?: string; value: string | Buffer; headers?: Record<string, string> }[], kafka = testKafka()): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Starts a private FerretDB process on its own port over the shared PostgreSQL, so a test
 * can stop "the database" under one service without disturbing the shared servers.
 */
export async function startPrivateFerretDB(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const { createServer } = await import('node:net');
  const path = await import('node:path');
  const root = path.resolve(__dirname, '../../..');
  const bin = process.env.FERRETDB_BIN ?? path.join(process.env.METRODESK_LOCAL_DIR ?? path.join(root, '.local'), 'bin', `ferretdb-${process.env.FERRETDB_VERSION ?? 'v1.24.2'}`);
  const pgUrl = process.env.FERRETDB_POSTGRESQL_URL ?? `postgres://${process.env.PG_USER ?? 'metrodesk'}@127.0.0.1:${process.env.PG_PORT ?? '55432'}/ferretdb`;
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const child = spawn(bin, ['--handler=postgresql', `--postgresql-url=${pgUrl}`, `--listen-addr=127.0.0.1:${port}`, '--debug-addr=-', '--telemetry=disable', '--log-level=error', `--state-dir=${process.env.TMPDIR ?? '/tmp'}`], { stdio: 'ignore' });
  const { MongoClient } = await import('mongodb');
  const url = `mongodb://127.0.0.1:${port}/`;
  await waitFor(async () => {
    const c = new MongoClient(url, { serverSelectionTimeoutMS: 500 });
    try {
      await c.db('admin').command({ ping: 1 });
      return true;
    } finally {
      await c.close();
    }
  }, { timeoutMs: 20000, what: 'private FerretDB' });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
export * from './stack';
export * from './world';
