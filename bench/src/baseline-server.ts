/**
 * The least a filing endpoint can do, as a process of its own like the services: parse the
 * body, insert one document with mongoose, send one message with kafkajs (idempotent
 * producer, acks all: the services' settings), answer 201. The intake bench measures it in
 * the same run and on the same servers as the real path, and prints the ratio.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import mongoose, { Schema } from 'mongoose';
import { Kafka, logLevel } from 'kafkajs';

const TOPIC = 'bench.baseline.v1';

async function main() {
  const conn = await mongoose.createConnection(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/', { dbName: process.env.MONGO_DB ?? 'metrodesk_baseline_bench', retryWrites: false }).asPromise();
  const Filing = conn.model('BaselineFiling', new Schema({ _id: String, body: Object, at: Date }, { versionKey: false }));
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  if (!(await admin.listTopics()).includes(TOPIC)) await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const app = express();
  app.use(express.json());
  app.get('/readyz', (_req, res) => {
    res.json({ status: 'ready' });
  });
  app.post('/baseline', async (req, res) => {
    const id = randomUUID();
    await Filing.create({ _id: id, body: req.body, at: new Date() });
    await producer.send({ topic: TOPIC, acks: -1, messages: [{ key: id, value: JSON.stringify({ id, ...req.body }) }] });
    res.status(201).json({ id });
  });
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    void producer.disconnect().then(() => conn.close()).then(() => process.exit(0));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
