import { createKafka } from '@metrodesk/events';
import type { KafkaMessage } from 'kafkajs';
import { sleep } from './infra';

/**
 * Reads a topic from its start to its end as of the call, in a throwaway consumer group,
 * handing every message to `each`. Returns the partitions not read to their end in time.
 */
export async function readTopic(brokers: string, topic: string, each: (message: KafkaMessage, partition: number) => void, timeoutMs = 60_000): Promise<number[]> {
  const kafka = createKafka({ clientId: 'fault-read', brokers: brokers.split(',') });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const left = new Set([...ends].filter(([, high]) => high > 0).map(([p]) => p));
  const consumer = kafka.consumer({ groupId: `fault-read-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const all = new Promise<void>((resolve) => {
      if (left.size === 0) resolve();
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          each(message, partition);
          if (Number(message.offset) + 1 >= ends.get(partition)!) left.delete(partition);
          if (left.size === 0) resolve();
        },
      });
    });
    await Promise.race([all, sleep(timeoutMs)]);
  } finally {
    await consumer.disconnect();
  }
  return [...left];
}
