/**
 * Filed -> assigned latency at a steady filing rate, end to end through the real servers:
 * a `requests.request.filed` event is produced to Kafka, the service consumes it, routes,
 * writes the step and its outbox, the relay publishes `assignment.assignment.assigned`, and
 * a consumer here timestamps its arrival. Prints p50/p90/p99/max. Not a test.
 *
 *   pnpm --filter @metrodesk/assignment bench        (BENCH_RATE=100 BENCH_SECONDS=30)
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { eventFor, toMessage } from '@metrodesk/events';
import { createLogger } from '@metrodesk/logger';
import { connectMongo } from '@metrodesk/mongo';
import { ASSIGNMENT_TOPIC, REQUEST_TOPIC, requestFiled } from '@metrodesk/contracts';
import { readConfig } from '../src/config';
import { createAssignmentService } from '../src/service';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(',');
const DB = 'metrodesk_assignment_bench';
const CITIES = ['210100', '210200', '210300'];
const ON_SITE_CLASSES = ['pressure gauge', 'gas alarm', 'thermometer'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = randomBytes(3).toString('hex');
const quiet = createLogger({ service: 'bench', level: 'silent' });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main() {
  const conn = await connectMongo({ url: MONGO_URL, dbName: DB, logger: quiet });
  await conn.dropDatabase();
  await conn.close();

  const svc = await createAssignmentService(
    readConfig({
      MONGO_URL,
      KAFKA_BROKERS: BROKERS.join(','),
      MONGO_DB: DB,
      IDENTITY_SECRET: 'bench-identity-secret-0123456789',
      CONSUMER_GROUP: `assignment-bench-${run}`,
      CONSUMER_FROM_BEGINNING: 'false',
      OUTBOX_INTERVAL_MS: '100',
      LOG_LEVEL: 'error',
      BUREAUS_FILE: join(__dirname, '..', '..', '..', 'data', 'bureaus.json'),
    }),
  );

  // Ten liaisons per city, three of them verifiers qualified for every instrument class.
  const now = new Date();
  for (const city of CITIES) {
    for (let i = 0; i < 10; i++) {
      const userId = `bench-${run}-${city}-${i}`;
      const verifierKey = i < 3 ? `pk-${userId}` : null;
      await svc.deps.liaisons.insert({
        userId, name: userId, cityCode: city, capacity: 100000, active: true, accountActive: true, leaves: [], verifierKey, lastAssignedAt: null, version: 1, createdAt: now, updatedAt: now,
        categories: ['verification_calibration', 'emergency_verification', 'management_system', 'test_solution', 'energy_metrology', 'other'],
      });
      if (verifierKey) {
        await svc.deps.files.upsert({
          fileId: `f-${userId}`, personKey: verifierKey, personName: userId, employerUscc: '91210100MA0BENCH01', employerName: 'bench institute', cityCode: city, type: 'verifier',
          scope: ON_SITE_CLASSES, certificateNo: `C-${userId}`, issuedOn: '2020-01-01', expiresOn: '2099-01-01', status: 'valid', version: 1,
        });
      }
    }
  }

  const kafka = new Kafka({ clientId: `bench-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const sentAt = new Map<string, number>();
  const latency = new Map<string, number>();
  const watcher = kafka.consumer({ groupId: `bench-watch-${run}` });
  await watcher.connect();
  await watcher.subscribe({ topic: ASSIGNMENT_TOPIC, fromBeginning: false });
  let watcherJoined = false;
  watcher.on(watcher.events.GROUP_JOIN, () => void (watcherJoined = true));
  await watcher.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      const t0 = sentAt.get(key);
      if (t0 !== undefined && !latency.has(key)) latency.set(key, Date.now() - t0);
    },
  });

  await svc.runtime.startBackground();
  while (!watcherJoined) await sleep(100);

  let n = 0;
  const file = async () => {
    const i = n++;
    const requestId = `bench-${run}-${i}`;
    const onSite = i % 5 === 0;
    const { event } = eventFor(requestFiled, {
      subject: requestId,
      source: 'bench',
      data: {
        requestId, enterpriseId: `ent-${run}-${i % 500}`, cityCode: CITIES[i % CITIES.length]!, category: onSite ? 'verification_calibration' : 'management_system', priority: 'normal',
        version: 1, cycle: 1, at: new Date().toISOString(), title: 'bench', instruments: onSite ? [{ class: ON_SITE_CLASSES[i % 3]!, count: 2 }] : [], filedBy: 'bench', filedByRole: 'liaison',
      },
    });
    sentAt.set(requestId, Date.now());
    await producer.send({ topic: REQUEST_TOPIC, acks: -1, messages: [toMessage(event)] });
    return requestId;
  };

  // The consumer joins its group in the background: file until the first assignment comes back.
  await file();
  while (latency.size === 0) {
    await sleep(500);
    if (latency.size === 0) await file();
  }
  process.stdout.write(`warm-up: ${WARMUP} filings\n`);
  for (let i = 0; i < WARMUP; i++) {
    void file();
    await sleep(1000 / RATE);
  }
  await sleep(2000);

  const measured: string[] = [];
  const total = RATE * SECONDS;
  const start = Date.now();
  process.stdout.write(`measuring: ${total} filings at ${RATE}/s\n`);
  for (let i = 0; i < total; i++) {
    // Open loop: each filing goes at its scheduled time whatever the service is doing.
    const due = start + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    void file().then((id) => measured.push(id));
  }
  const deadline = Date.now() + 60_000;
  while (measured.some((id) => !latency.has(id)) && Date.now() < deadline) await sleep(200);

  const values = measured.map((id) => latency.get(id)).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  const lost = measured.length - values.length;
  const elapsed = (Date.now() - start) / 1000;
  process.stdout.write(
    [
      '',
      `filed -> assigned, ${values.length} filings at a steady ${RATE}/s (${SECONDS} s; 20% on-site with the qualification gate; 3 cities x 10 liaisons)`,
      `  p50 ${percentile(values, 50)} ms   p90 ${percentile(values, 90)} ms   p99 ${percentile(values, 99)} ms   max ${values.at(-1)} ms`,
      `  not assigned within 60 s: ${lost}   run ${elapsed.toFixed(1)} s`,
      `  target: p99 < 200 ms -> ${percentile(values, 99) < 200 ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
  await watcher.disconnect();
  await producer.disconnect();
  await svc.stop();
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
