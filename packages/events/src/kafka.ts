import { Kafka, logLevel, Partitioners, type Producer, type KafkaConfig, type Admin } from 'kafkajs';
import type { Logger } from '@metrodesk/logger';
import type { EventEnvelope } from './envelope';
import { dlqTopic, type TopicSpec } from './catalog';

export function createKafka(opts: { clientId: string; brokers: string[]; logger?: Logger } & Partial<KafkaConfig>): Kafka {
  const { logger, ...rest } = opts;
  return new Kafka({
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log }) => {
      if (!logger) return;
      const { message, ...extra } = log;
      const fields = { kafka: namespace, ...extra };
      if (level <= logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else logger.debug(fields, message);
    },
    ...rest,
  });
}

/**
 * Creates every missing topic and its dead-letter topic; the broker never auto-creates. The
 * replication factor is the cluster's own (`default.replication.factor`): 1 on a single local
 * broker, 3 on the fault suite's cluster and in production, where a topic made with one copy
 * would have no leader once the broker holding it died.
 */
export async function ensureTopics(admin: Admin, topics: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted = topics.flatMap((t) => [
    { topic: t.name, numPartitions: t.partitions },
    { topic: dlqTopic(t.name), numPartitions: 1 },
  ]);
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: false });
    } catch (err) {
      // Another instance may have created them at the same moment.
      if (!(err instanceof Error && /already exists/i.test(err.message))) throw err;
    }
    await untilLed(admin, missing.map((t) => t.topic));
  }
  return missing.map((t) => t.topic);
}

/** How long a starting service waits for topics just created (by it or another instance) to have leaders. */
const TOPICS_LED_WITHIN_MS = 60_000;

/**
 * Waits until every partition of `topics` has a leader. On a cluster the broker asked may not
 * know a topic created a moment ago ("This server does not host this topic-partition"), or
 * its leaders may still be elected: both are asked again, never a failed start.
 */
async function untilLed(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + TOPICS_LED_WITHIN_MS;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.length === topics.length && found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (!notYetKnown(err) || Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`Kafka topics without leaders after ${TOPICS_LED_WITHIN_MS / 1000} s: ${topics.join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function notYetKnown(err: unknown): boolean {
  const e = err as { retriable?: boolean; message?: string; cause?: unknown };
  if (e?.retriable === true) return true;
  if (/does not host this topic-partition|no leader|leadership election|leader not available/i.test(e?.message ?? '')) return true;
  return e?.cause !== undefined && notYetKnown(e.cause);
}

/**
 * The producer every service sends with. One request in flight, so the broker keeps each
 * partition's messages in the order they were sent (per-aggregate order: key = subject).
 *
 * Each send is a single attempt (`retries: 0`, not idempotent); whoever sends retries the whole
 * send (the outbox relay's next round, the dead-letter path's retry loop). kafkajs's own retry
 * can resolve a send whose messages never reached a moved partition, and its idempotent
 * sequence numbers can wedge a partition after a failed attempt that was in fact written:
 * docs/decisions/0005. A whole resend may write some events twice; every consumer
 * deduplicates by event id.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: false, maxInFlightRequests: 1, retry: { retries: 0 }, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
}

export function toMessage(event: EventEnvelope) {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: { 'ce-type': event.type, 'ce-id': event.id, 'correlation-id': event.correlationid },
  };
}
