import { Kafka, logLevel, Partitioners, type Producer, type KafkaConfig, type Admin, CompressionTypes } from 'kafkajs';
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
      // Bounded retries are deliberate: delivery is at-least-once with idempotent consumers,
      // not Kafka exactly-once, and an outage must not hang a send forever.
      if (/Limiting retries for the idempotent producer/.test(message)) return;
      if (level <= logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else logger.debug(fields, message);
    },
    ...rest,
  });
}

/** Creates every missing topic and its dead-letter topic; the broker never auto-creates. */
export async function ensureTopics(admin: Admin, topics: TopicSpec[], replicationFactor = 1): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted = topics.flatMap((t) => [
    { topic: t.name, numPartitions: t.partitions, replicationFactor },
    { topic: dlqTopic(t.name), numPartitions: 1, replicationFactor },
  ]);
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    } catch (err) {
      // Another instance may have created them at the same moment.
      if (!(err instanceof Error && /already exists/i.test(err.message))) throw err;
    }
  }
  return missing.map((t) => t.topic);
}

/**
 * Idempotent producer with one request in flight, so the broker keeps each partition's
 * messages in the order they were sent (per-aggregate order: key = subject).
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
}

export function toMessage(event: EventEnvelope) {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: { 'ce-type': event.type, 'ce-id': event.id, 'correlation-id': event.correlationid },
  };
}

export async function publish(producer: Producer, topic: string, events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: events.map(toMessage) });
}
