/**
 * Filings per second under concurrent load, against a baseline measured in the same run on
 * the same servers: a bare express handler doing one mongoose insert and one kafkajs send.
 * Not a test: it reports figures through @metrodesk/benchkit (bench/results/requests-filing.json
 * at the repository root) and asserts nothing.
 *
 *   pnpm --filter @metrodesk/requests bench
 *   BENCH_CONNECTIONS=50 BENCH_SECONDS=15 pnpm --filter @metrodesk/requests bench
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import mongoose, { Schema } from 'mongoose';
import { Kafka, logLevel } from 'kafkajs';
import { signIdentity } from '@metrodesk/access';
import { atLeast, report, type Figure } from '@metrodesk/benchkit';
import { createLogger } from '@metrodesk/logger';
import { createRequestsService } from '../src/service';
import { testWorld } from '@metrodesk/testkit';
import { readConfig } from '../src/config';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
/** The default server is the local FerretDB v1, which needs the compat layer. */
const MONGO_COMPAT = process.env.MONGO_COMPAT ?? 'ferretdb-v1';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(',');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SECRET = 'bench-identity-secret-0123456789';
const BASELINE_TOPIC = 'bench.baseline.v1';

const body = JSON.stringify({
  category: 'verification_calibration',
  title: 'Verify pressure gauges',
  description: 'Twelve pressure gauges due for periodic verification.',
  instruments: [{ class: 'pressure gauge', count: 12, model: 'Y-100' }],
  priority: 'normal',
});

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

/** The least a filing endpoint can do: parse, insert one document, send one message. */
async function startBaseline() {
  const conn = await mongoose.createConnection(MONGO_URL, { dbName: 'metrodesk_requests_bench', retryWrites: false, maxPoolSize: 20 }).asPromise();
  const Filing = conn.model('BaselineFiling', new Schema({ _id: String, body: Object, at: Date }, { versionKey: false }));
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  if (!(await admin.listTopics()).includes(BASELINE_TOPIC)) await admin.createTopics({ topics: [{ topic: BASELINE_TOPIC, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  // Same producer settings as the services (idempotent, acks all), for a fair comparison.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const app = express();
  app.use(express.json());
  app.post('/baseline', async (req, res) => {
    const id = randomUUID();
    await Filing.create({ _id: id, body: req.body, at: new Date() });
    await producer.send({ topic: BASELINE_TOPIC, acks: -1, messages: [{ key: id, value: JSON.stringify({ id, ...req.body }) }] });
    res.status(201).json({ id });
  });
  const { server, url } = await listen(app);
  return {
    url: `${url}/baseline`,
    stop: async () => {
      server.close();
      await producer.disconnect();
      await conn.close();
    },
  };
}

async function startService() {
  // Topics of its own (a namespace, deleted at the end): its filings stay out of the shared
  // topics the demo of deploy/local/run reads from the start.
  const world = testWorld('requests-bench');
  await world.create();
  const config = readConfig({
    MONGO_URL,
    MONGO_COMPAT,
    KAFKA_BROKERS: BROKERS.join(','),
    KAFKA_NAMESPACE: world.namespace,
    IDENTITY_SECRET: SECRET,
    MONGO_DB: 'metrodesk_requests_bench',
    LOG_LEVEL: 'silent',
    ATTACHMENTS_DIR: mkdtempSync(join(tmpdir(), 'requests-bench-')),
    CONSUMER_GROUP: `requests-bench-${randomUUID()}`,
    CONSUMER_FROM_BEGINNING: 'false',
  });
  const svc = await createRequestsService(config, createLogger({ service: 'requests', level: 'silent' }));
  const enterpriseId = `bench-ent-${randomUUID()}`;
  await svc.deps.enterprises.upsertIfNewer({ id: enterpriseId, name: '基准测试企业', cityCode: '210100', status: 'active', version: 1 });
  const port = await svc.start(0);
  const identity = signIdentity({ userId: `bench-user-${randomUUID()}`, role: 'enterprise', enterpriseId }, SECRET, 3600);
  return { url: `http://127.0.0.1:${port}/requests`, identity, stop: async () => {
    await svc.stop();
    await world.drop();
  } };
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    body,
    // A fresh Idempotency-Key per request: every request is a new filing, not a replay.
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'], errors: result.non2xx + result.errors + result.timeouts };
}

const rows = (name: string, f: Figures): Figure[] => [
  { figure: `${name} filings/s`, value: f.rps, unit: '/s' },
  { figure: `${name} latency p50`, value: f.p50, unit: 'ms' },
  { figure: `${name} latency p99`, value: f.p99, unit: 'ms' },
  { figure: `${name} failed`, value: f.errors, unit: 'requests', target: '= 0', met: f.errors === 0 },
];

async function main() {
  const baseline = await startBaseline();
  const service = await startService();
  try {
    // Warm both up (connection pools, JIT) before measuring.
    await load(baseline.url, {}, 2);
    await load(service.url, { 'x-metrodesk-identity': service.identity }, 2);
    const base = await load(baseline.url, {}, SECONDS);
    const svc = await load(service.url, { 'x-metrodesk-identity': service.identity }, SECONDS);
    const ratio = (100 * svc.rps) / base.rps;
    report({
      name: 'requests-filing',
      load: `${CONNECTIONS} concurrent connections filing, ${SECONDS} s per endpoint after 2 s warm-up each; the service in this process, the same MongoDB wire server and Kafka broker for both`,
      durationS: 2 * (SECONDS + 2),
      figures: [
        ...rows('requests', svc),
        ...rows('baseline (express + mongoose + kafkajs)', base),
        { figure: 'requests / baseline throughput', value: ratio, unit: '%', ...atLeast(Math.round(ratio * 10) / 10, 60, '%') },
      ],
    });
  } finally {
    await service.stop();
    await baseline.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
