/**
 * Filed -> assigned latency at a steady filing rate, end to end through the real servers:
 * a `requests.request.filed` event is produced to Kafka, the service consumes it, routes,
 * writes the step and its outbox, the relay publishes `assignment.assignment.assigned`, and
 * a consumer here timestamps its arrival. Reports through @metrodesk/benchkit, with the
 * time spent in each stage and per database operation as notes. Not a test.
 *
 *   pnpm --filter @metrodesk/assignment bench        (BENCH_RATE=100 BENCH_SECONDS=60, BENCH_WARMUP filings first: 10 s' worth)
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { eventFor, isSelfIdempotent, toMessage, type EventEnvelope, type HandlerMap } from '@metrodesk/events';
import { createLogger } from '@metrodesk/logger';
import { connectMongo, mongoose, parseMongoCompat } from '@metrodesk/mongo';
import { below, percentile, report } from '@metrodesk/benchkit';
import { ASSIGNMENT_TOPIC, REQUEST_TOPIC, requestFiled } from '@metrodesk/contracts';
import { testWorld } from '@metrodesk/testkit';
import { readConfig } from '../src/config';
import { createAssignmentService } from '../src/service';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
// Steady state: the tables, caches and connections settle in the first seconds of filing.
const WARMUP = Number(process.env.BENCH_WARMUP ?? RATE * 10);
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
/** The default server is the local FerretDB v1, which needs the compat layer. */
const MONGO_COMPAT = parseMongoCompat(process.env.MONGO_COMPAT ?? 'ferretdb-v1');
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(',');
const DB = 'metrodesk_assignment_bench';
const CITIES = ['210100', '210200', '210300'];
const ON_SITE_CLASSES = ['pressure gauge', 'gas alarm', 'thermometer'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = randomBytes(3).toString('hex');
const quiet = createLogger({ service: 'bench', level: 'silent' });
const now = () => performance.now();

/** When each filing reached each stage, keyed by request id. */
type Stage = 'sent' | 'consumed' | 'stepWritten' | 'handled' | 'assigned';
const marks = new Map<string, Partial<Record<Stage, number>>>();
const mark = (requestId: string | undefined, stage: Stage) => {
  if (!requestId) return;
  const m = marks.get(requestId) ?? {};
  m[stage] ??= now();
  marks.set(requestId, m);
};

/** Time and count of every database call, by collection and operation (lock waits included). */
const dbOps = new Map<string, { n: number; ms: number }>();
function timeDatabaseCalls() {
  const proto = mongoose.mongo.Collection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const ops = ['insertOne', 'insertMany', 'updateOne', 'updateMany', 'findOne', 'findOneAndUpdate', 'countDocuments', 'bulkWrite', 'deleteMany'];
  for (const op of ops) {
    const original = proto[op]!;
    proto[op] = async function (this: { collectionName: string }, ...args: unknown[]) {
      const t = now();
      try {
        return await original.apply(this, args);
      } finally {
        const key = `${this.collectionName}.${op}`;
        const s = dbOps.get(key) ?? { n: 0, ms: 0 };
        s.n += 1;
        s.ms += now() - t;
        dbOps.set(key, s);
      }
    };
  }
  const cursor = mongoose.mongo.FindCursor.prototype as unknown as { toArray: (...a: unknown[]) => Promise<unknown[]>; namespace: { collection?: string } };
  const toArray = cursor.toArray;
  cursor.toArray = async function (this: typeof cursor, ...args: unknown[]) {
    const t = now();
    try {
      return await toArray.apply(this, args);
    } finally {
      const key = `${this.namespace.collection ?? '?'}.find`;
      const s = dbOps.get(key) ?? { n: 0, ms: 0 };
      s.n += 1;
      s.ms += now() - t;
      dbOps.set(key, s);
    }
  };
}

async function main() {
  // Topics of its own (a namespace, deleted at the end): the 7,000 filings and their
  // assignments stay out of the shared topics the demo of deploy/local/run reads from the start.
  const world = testWorld('assignment-bench');
  await world.create();
  const conn = await connectMongo({ url: MONGO_URL, compat: MONGO_COMPAT, dbName: DB, logger: quiet });
  await conn.dropDatabase();
  await conn.close();

  const svc = await createAssignmentService(
    readConfig({
      MONGO_URL,
      MONGO_COMPAT,
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_NAMESPACE: world.namespace,
      MONGO_DB: DB,
      IDENTITY_SECRET: 'bench-identity-secret-0123456789',
      CONSUMER_GROUP: `assignment-bench-${run}`,
      CONSUMER_FROM_BEGINNING: 'false',
      LOG_LEVEL: 'error',
      BUREAUS_FILE: join(__dirname, '..', '..', '..', 'data', 'bureaus.json'),
    }),
  );
  timeDatabaseCalls();
  // The filing handler, reached through the consumer's options (bench only): when the
  // consumer hands a filing over (after its processed-id check) and when the handler is done.
  const consumer = svc.runtime.consumers[0] as unknown as { opts: { handlers: HandlerMap } };
  const onFiled = consumer.opts.handlers[requestFiled.type]!;
  consumer.opts.handlers[requestFiled.type] = Object.assign(
    async (event: EventEnvelope<unknown>) => {
      const requestId = (event.data as { requestId: string }).requestId;
      mark(requestId, 'consumed');
      await onFiled(event);
      mark(requestId, 'handled');
    },
    { idempotent: isSelfIdempotent(onFiled) },
  );
  const { cases } = svc.deps;
  const appendStep = cases.appendStep.bind(cases);
  cases.appendStep = async (step, events) => {
    const ok = await appendStep(step, events);
    if (ok) mark(step.requestId, 'stepWritten');
    return ok;
  };
  // Ten liaisons per city, each taking every category.
  const created = new Date();
  for (const city of CITIES) {
    for (let i = 0; i < 10; i++) {
      const userId = `bench-${run}-${city}-${i}`;
      await svc.deps.liaisons.insert({
        userId, name: userId, cityCode: city, capacity: 100000, active: true, accountActive: true, leaves: [], lastAssignedAt: null, version: 1, createdAt: created, updatedAt: created,
        categories: ['verification_calibration', 'emergency_verification', 'management_system', 'test_solution', 'energy_metrology', 'other'],
      });
    }
  }

  // The accounts projection knows every enterprise that files (its city is the territory).
  const ENTERPRISES = 500;
  await svc.runtime.mongo
    .collection('enterprises')
    .insertMany(Array.from({ length: ENTERPRISES }, (_, k) => ({ _id: `ent-${run}-${k}` as never, cityCode: CITIES[k % CITIES.length]!, name: `enterprise ${k}`, version: 1 })));

  const kafka = new Kafka({ clientId: `bench-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const watcher = kafka.consumer({ groupId: `bench-watch-${run}` });
  await watcher.connect();
  await watcher.subscribe({ topic: world.topic(ASSIGNMENT_TOPIC), fromBeginning: false });
  let watcherJoined = false;
  watcher.on(watcher.events.GROUP_JOIN, () => void (watcherJoined = true));
  await watcher.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      if (marks.get(key)?.sent !== undefined) mark(key, 'assigned');
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
        requestId, enterpriseId: `ent-${run}-${i % ENTERPRISES}`, cityCode: CITIES[(i % ENTERPRISES) % CITIES.length]!, category: onSite ? 'verification_calibration' : 'management_system', priority: 'normal',
        version: 1, cycle: 1, at: new Date().toISOString(), title: 'bench', instruments: onSite ? [{ class: ON_SITE_CLASSES[i % 3]!, count: 2 }] : [], filedBy: 'bench', filedByRole: 'liaison',
      },
    });
    mark(requestId, 'sent');
    await producer.send({ topic: world.topic(REQUEST_TOPIC), acks: -1, messages: [toMessage(event)] });
    return requestId;
  };
  const assigned = (id: string) => marks.get(id)?.assigned !== undefined;

  // The consumers join their groups in the background, and the watcher starts at the latest
  // offset: an early assignment may be published before it looks. File until any comes back.
  const probes = [await file()];
  while (!probes.some(assigned)) {
    await sleep(500);
    if (!probes.some(assigned)) probes.push(await file());
  }
  process.stdout.write(`warm-up: ${WARMUP} filings\n`);
  for (let i = 0; i < WARMUP; i++) {
    void file();
    await sleep(1000 / RATE);
  }
  await sleep(2000);
  dbOps.clear();

  const measured: string[] = [];
  const total = RATE * SECONDS;
  const start = now();
  process.stdout.write(`measuring: ${total} filings at ${RATE}/s\n`);
  for (let i = 0; i < total; i++) {
    // Open loop: each filing goes at its scheduled time whatever the service is doing.
    const due = start + (i * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    void file().then((id) => measured.push(id));
  }
  const filedFor = (now() - start) / 1000;
  const deadline = now() + 60_000;
  while (measured.length < total || (measured.some((id) => !assigned(id)) && now() < deadline)) await sleep(200);
  const elapsed = (now() - start) / 1000;

  const latencies = measured.filter(assigned).map((id) => marks.get(id)!.assigned! - marks.get(id)!.sent!);
  const lost = measured.length - latencies.length;
  const p99 = percentile(latencies, 99);
  // Where the time goes: the first three spans add up to filed -> assigned; the last one is
  // the handler's remaining work, off that path (the relay is woken right after the step).
  const spans: [Stage, Stage, string][] = [
    ['sent', 'consumed', 'Kafka to handler'],
    ['consumed', 'stepWritten', 'routing + step insert'],
    ['stepWritten', 'assigned', 'outbox relay + Kafka'],
    ['stepWritten', 'handled', 'projection, round-robin mark (off the path)'],
  ];
  const stageNotes = spans.map(([from, to, what]) => {
    const gaps = measured.map((id) => marks.get(id)!).filter((m) => m[to] !== undefined && m[from] !== undefined).map((m) => m[to]! - m[from]!);
    return `${from} -> ${to} (${what}): p50 ${percentile(gaps, 50).toFixed(1)} ms, p99 ${percentile(gaps, 99).toFixed(1)} ms`;
  });
  const opNotes = [...dbOps]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 10)
    .map(([op, s]) => `${op}: ${(s.n / measured.length).toFixed(2)} per filing, mean ${(s.ms / s.n).toFixed(1)} ms`);
  report({
    name: 'assignment-routing',
    load: `${total} filings at a steady ${RATE}/s for ${SECONDS} s after ${WARMUP} warm-up filings (20% on-site categories; 3 cities x 10 liaisons; 500 enterprises)`,
    durationS: elapsed,
    figures: [
      { figure: 'achieved filing rate', value: measured.length / filedFor, unit: '/s' },
      { figure: 'filed -> assigned p50', value: percentile(latencies, 50), unit: 'ms' },
      { figure: 'filed -> assigned p90', value: percentile(latencies, 90), unit: 'ms' },
      { figure: 'filed -> assigned p99', value: p99, unit: 'ms', ...below(p99, 200, 'ms') },
      { figure: 'filed -> assigned max', value: Math.max(...latencies), unit: 'ms' },
      { figure: 'assigned', value: latencies.length, unit: 'filings' },
      { figure: 'lost (not assigned within 60 s)', value: lost, unit: 'filings', target: '= 0', met: lost === 0 },
    ],
    notes: [...stageNotes, ...opNotes],
  });
  await watcher.disconnect();
  await producer.disconnect();
  await svc.stop();
  await world.drop();
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
