import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { infra } from './infra';
import { dropNamespace, produceRaw, testKafka, TopicTap, waitFor } from './index';

/** The catalogue's topics (contracts/events/topics.json; testkit cannot import contracts, whose packages' tests use testkit). */
function catalogueTopics(): { name: string; partitions: number }[] {
  return (JSON.parse(readFileSync(resolve(__dirname, '../../../contracts/events/topics.json'), 'utf8')) as { topics: { name: string; partitions: number }[] }).topics;
}

/**
 * What one integration test file runs in: a Kafka namespace (topics and consumer groups) and a
 * database of its own, so nothing another checkout, an end-to-end stack or the demo does on
 * the shared servers reaches the file's services, and nothing the file does reaches theirs.
 */
export interface TestWorld {
  /** KAFKA_NAMESPACE of the file's services: `<service>-t-<random>`. */
  readonly namespace: string;
  /** MONGO_DB of the file's services: `<service>_t_<random>`. */
  readonly dbName: string;
  /** The settings that put a service in this world; a fixture adds its own. */
  readonly env: Readonly<Record<'MONGO_URL' | 'MONGO_COMPAT' | 'KAFKA_BROKERS' | 'KAFKA_NAMESPACE' | 'MONGO_DB', string>>;
  /** A catalogue topic's (or a consumer group's) name in this world: what @metrodesk/events' `namespaced` gives the services. */
  topic(name: string): string;
  /**
   * Makes the world's topics (each catalogue topic and its `.dlq`) and waits until every
   * partition has a leader; once per world, later calls wait for the first. Call it before the
   * file's first service starts: a broker still busy with another file's deletions can answer
   * "unknown topic" just after a create, which fails kafkajs' own wait for leaders (and so a
   * service's start), whereas a service that finds its topics made creates nothing.
   */
  create(): Promise<void>;
  /** A started tap on catalogue topics, read in this world. */
  tap(topics: string[]): Promise<TopicTap>;
  /** Sends raw messages to a catalogue topic of this world: how tests inject events, duplicates and poison. */
  produce(topic: string, messages: { key?: string; value: string | Buffer }[]): Promise<void>;
  /** Deletes the world's topics and database; call it last in afterAll, once its services have stopped. */
  drop(): Promise<void>;
  /**
   * Call at a test file's top level: starts a service with `start` before the file's tests (and,
   * given `topics`, a tap on them), and after the tests stops both and drops the world. The
   * returned object holds them from the file's first beforeAll on.
   */
  serve<S extends Stoppable>(start: () => Promise<S>): { svc: S };
  serve<S extends Stoppable>(start: () => Promise<S>, topics: string[]): { svc: S; tap: TopicTap };
}

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * A world for one test file of `service`. Jest loads a test file's modules afresh, so a
 * fixture module that calls this once at load gives every file its own world.
 */
export function testWorld(service: string): TestWorld {
  const id = randomBytes(4).toString('hex');
  const namespace = `${service}-t-${id}`;
  const dbName = `${service.replace(/-/g, '_')}_t_${id}`;
  // Same naming as @metrodesk/events' `namespaced`, which testkit cannot import (events' tests use testkit).
  const topic = (name: string) => `${namespace}.${name}`;
  let created: Promise<void> | undefined;
  const world: TestWorld = {
    namespace,
    dbName,
    env: { MONGO_URL: infra.mongoUrl, MONGO_COMPAT: infra.mongoCompat, KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_NAMESPACE: namespace, MONGO_DB: dbName },
    topic,
    create: () => (created ??= createTopics(catalogueTopics().flatMap((t) => [{ topic: topic(t.name), numPartitions: t.partitions }, { topic: topic(`${t.name}.dlq`), numPartitions: 1 }]))),
    tap: (topics) => new TopicTap(topics.map(topic)).start(),
    produce: (name, messages) => produceRaw(topic(name), messages),
    async drop() {
      await dropNamespace(namespace);
      const client = new MongoClient(infra.mongoUrl);
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
    serve<S extends Stoppable>(start: () => Promise<S>, topics?: string[]) {
      const running = {} as { svc: S; tap: TopicTap };
      beforeAll(async () => {
        running.svc = await start();
        if (topics) running.tap = await world.tap(topics);
      });
      afterAll(async () => {
        await running.tap?.stop();
        await running.svc?.stop();
        await world.drop();
      });
      return running;
    },
  };
  return world;
}

async function createTopics(wanted: { topic: string; numPartitions: number }[]): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: false }).catch((err: unknown) => {
        if (!(err instanceof Error && /already exists/i.test(err.message))) throw err;
      });
    }
    await waitFor(
      async () => {
        const { topics } = await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.topic) });
        return topics.length === wanted.length && topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the test world\'s topics to have leaders' },
    );
  } finally {
    await admin.disconnect();
  }
}
