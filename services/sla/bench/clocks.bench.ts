/**
 * SLA timer benchmark (not a test). Opens BENCH_CLOCKS clocks (default 100,000) with the
 * default marks (50 %, 75 %, breach, escalations at 100 % and 150 %), their next mark due
 * within the next 12 hours, and gives each its timer the way start-up reconciliation does.
 * Then, with all those timers queued, the timer worker and the outbox relay run while
 * BENCH_SAMPLE clocks are opened the way the service opens them, sample i breaching
 * 10 s + i/BENCH_SAMPLE × BENCH_WINDOW_S after it opens. Reported through benchkit:
 *   - breach lateness p50/p99: from the deadline to the breached event handed to Kafka
 *     (the producer is a stub that records the time; nothing is published);
 *   - Redis memory per open clock (used_memory before and after the timers);
 *   - time to reconcile every open clock after the queue's Redis keys are wiped.
 * It uses its own database and its own Redis key prefix, and wipes only that prefix (for
 * this service, what FLUSHALL does in production).
 *
 *   pnpm --filter @metrodesk/sla bench
 *   BENCH_CLOCKS=20000 BENCH_SAMPLE=500 BENCH_WINDOW_S=30 pnpm --filter @metrodesk/sla bench
 */
import IORedis from 'ioredis';
import { below, percentile, report } from '@metrodesk/benchkit';
import { createLogger } from '@metrodesk/logger';
import { connectMongo, parseMongoCompat } from '@metrodesk/mongo';
import { OutboxRelay } from '@metrodesk/events';
import { openClock, type Clock } from '../src/domain/clock';
import { compileCalendar } from '../src/domain/calendar';
import { CLOCKS } from '../src/persistence/clock.model';
import { MongoClockRepository } from '../src/persistence/clock.repository';
import { MongoPolicyRepository } from '../src/persistence/policy.repository';
import { MongoCalendarRepository } from '../src/persistence/calendar.repository';
import { MongoTrackedRequestRepository } from '../src/persistence/tracked-request.repository';
import { BullTimerScheduler, redisConnection, startTimerWorker } from '../src/jobs/timers.worker';
import { eventsFor } from '../src/use-cases/clock-events';
import { fireDueMarks } from '../src/use-cases/fire-due-marks';
import { reconcile } from '../src/use-cases/reconcile';
import { syncTimers } from '../src/use-cases/sync-timers';
import type { SlaDeps } from '../src/use-cases/ports';

const N = Number(process.env.BENCH_CLOCKS ?? 100_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 1_000);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const CONCURRENCY = Number(process.env.TIMER_CONCURRENCY ?? 50);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
/** The default server is the local FerretDB v1, which needs the compat layer. */
const MONGO_COMPAT = parseMongoCompat(process.env.MONGO_COMPAT ?? 'ferretdb-v1');
const run = Date.now().toString(36);
const PREFIX = `sla-bench-${run}`;
const LEAD_MS = 10_000;
const MINUTE = 60_000;

const logger = createLogger({ service: 'sla-bench', level: 'warn' });
const always = compileCalendar({ zone: 'Asia/Shanghai', weekendDays: [], holidays: [], workdays: [] });
const log = (s: string) => process.stdout.write(`${s}\n`);
const seconds = (since: number) => (Date.now() - since) / 1000;

function clock(i: number, startedAt: Date, responseMs: number): Clock {
  return openClock(
    {
      requestId: `bench-${run}-${i}`,
      cycle: 1,
      kind: 'response',
      cityCode: '210100',
      enterpriseId: 'bench',
      liaisonId: null,
      category: 'other',
      priority: 'normal',
      startedAt,
      eventVersion: 1,
      policy: {
        id: '*:normal',
        version: 1,
        responseHours: responseMs / 3_600_000,
        resolutionWorkingDays: 1,
        returnVisitWorkingDays: 5,
        calendarId: 'always',
        warnAt: [50, 75],
        escalation: [
          { level: 'city', atPercent: 100 },
          { level: 'province', atPercent: 150 },
        ],
      },
    },
    null,
  );
}

const usedMemory = async (redis: IORedis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

async function wipe(redis: IORedis): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

async function main() {
  const began = Date.now();
  const conn = await connectMongo({ url: MONGO_URL, compat: MONGO_COMPAT, dbName: 'metrodesk_sla_bench', logger });
  // The bench's own database; dropping is instant where FerretDB deletes one document at a time.
  await conn.dropDatabase();
  const clocks = new MongoClockRepository(conn);
  await clocks.init();
  const redis = new IORedis(REDIS_URL);
  const scheduler = new BullTimerScheduler(redisConnection(REDIS_URL), PREFIX);

  // The relay's producer: records when each breach would have gone to Kafka.
  const published: number[] = [];
  const producer = {
    async sendBatch(batch: { topicMessages: { messages: { value: string; headers: Record<string, string> }[] }[] }) {
      const at = Date.now();
      for (const m of batch.topicMessages.flatMap((t) => t.messages)) {
        if (m.headers['ce-type'] === 'sla.clock.breached') published.push(at - Date.parse((JSON.parse(m.value) as { data: { deadline: string } }).data.deadline));
      }
    },
  };
  const relay = new OutboxRelay({ connection: conn, producer: producer as unknown as ConstructorParameters<typeof OutboxRelay>[0]['producer'], collections: [CLOCKS], logger, intervalMs: 2000 });

  const deps: SlaDeps = {
    clocks,
    policies: new MongoPolicyRepository(conn),
    calendars: new MongoCalendarRepository(conn),
    requests: new MongoTrackedRequestRepository(conn),
    scheduler,
    logger,
    notify: () => relay.notify(),
    calendarFor: async () => always,
    forgetCalendar: () => undefined,
  };

  log(`opening ${N} clocks (5 marks each, next mark due within 12 h); Redis prefix ${PREFIX}`);
  let t = Date.now();
  // Started over the last 11 hours with a 24-hour target: the 50 % warnings fall due across the next 12 hours.
  await clocks.insertMany(Array.from({ length: N }, (_, i) => clock(i, new Date(t - (i % 660) * MINUTE), 24 * 60 * MINUTE)));
  log(`  stored in MongoDB in ${seconds(t).toFixed(1)} s`);

  const before = await usedMemory(redis);
  t = Date.now();
  const first = await reconcile(deps, { batchSize: 1000 });
  const createS = seconds(t);
  const after = await usedMemory(redis);
  const perClock = (after - before) / N;
  log(`  ${first.timersEnsured} timers created in ${createS.toFixed(1)} s; ${perClock.toFixed(0)} bytes of Redis per open clock`);

  log(`opening ${SAMPLE} sample clocks breaching across ${WINDOW_S} s, worker concurrency ${CONCURRENCY}`);
  relay.start();
  const worker = startTimerWorker({ connection: redisConnection(REDIS_URL), prefix: PREFIX, concurrency: CONCURRENCY, logger, fire: (id, mark) => fireDueMarks(deps, id, mark) });
  const sampleIds: string[] = [];
  const openedAt = Date.now();
  for (let i = 0; i < SAMPLE; i++) {
    // Sample i breaches LEAD_MS + i/SAMPLE of the window after it opens (later still if
    // opening is slow), its warnings before that: never a deadline already past at opening.
    const startedAt = new Date();
    const c = clock(N + i, startedAt, LEAD_MS + Math.floor((i / SAMPLE) * WINDOW_S * 1000));
    if (await clocks.insertIfAbsent(c, eventsFor(c, [{ type: 'started' }], null, startedAt))) {
      deps.notify();
      await syncTimers(deps, c, null);
    }
    sampleIds.push(c.id);
  }
  const openedS = seconds(openedAt);
  const endAt = Date.now() + LEAD_MS + WINDOW_S * 1000 + 60_000;
  while (Date.now() < endAt && published.length < SAMPLE) await new Promise((r) => setTimeout(r, 1000));
  await worker.close();
  await relay.stop();
  const sampled = await Promise.all(sampleIds.map((id) => clocks.findById(id)));
  const recorded = sampled.flatMap((c) => (c?.firings ?? []).map((f) => f.at.getTime() - f.dueAt.getTime()));
  log(`  ${published.length}/${SAMPLE} breaches published, ${recorded.length} marks fired; the sample took ${openedS.toFixed(1)} s to open`);

  // Redis loses everything; MongoDB still has every clock.
  const wiped = await wipe(redis);
  t = Date.now();
  const rebuilt = await reconcile(deps, { batchSize: 1000 });
  const reconcileS = seconds(t);
  log(`  wiped ${wiped} keys; reconciled ${rebuilt.clocks} open clocks (${rebuilt.timersEnsured} timers, ${rebuilt.firedNow} fired) in ${reconcileS.toFixed(1)} s`);


  const p50 = percentile(published, 50);
  const p99 = percentile(published, 99);
  report({
    name: 'sla-clocks',
    load: `${N.toLocaleString('en')} open clocks (5 marks, 1 timer each) + ${SAMPLE.toLocaleString('en')} clocks breaching across ${WINDOW_S} s (${recorded.length.toLocaleString('en')} marks fired), worker concurrency ${CONCURRENCY}`,
    durationS: seconds(began),
    figures: [
      { figure: 'breach lateness p50 (deadline -> event to Kafka)', value: p50, unit: 'ms' },
      { figure: 'breach lateness p99 (deadline -> event to Kafka)', value: p99, unit: 'ms', ...below(p99, 1000, 'ms') },
      { figure: 'breach lateness max', value: published.length ? Math.max(...published) : Number.NaN, unit: 'ms' },
      { figure: 'mark lateness p99 (deadline -> recorded in MongoDB)', value: percentile(recorded, 99), unit: 'ms' },
      { figure: 'breaches published', value: published.length, unit: `of ${SAMPLE}` },
      { figure: 'Redis memory per open clock', value: perClock, unit: 'bytes' },
      { figure: `timers created for ${N.toLocaleString('en')} clocks`, value: createS, unit: 's' },
      // The count rebuilt varies a little with the other suites' clocks: it goes in the unit, so the figure keeps one name across runs.
      { figure: 'reconcile after Redis wipe', value: reconcileS, unit: `s (${rebuilt.clocks.toLocaleString('en')} open clocks)` },
    ],
    notes: [
      'Redis and FerretDB are shared with other sessions: memory is a used_memory difference, times are pessimistic',
      'wipe = SCAN+UNLINK of the bench prefix (its FLUSHALL); every timer is rebuilt from MongoDB',
    ],
  });
  await wipe(redis);
  await conn.dropDatabase();
  await scheduler.close();
  redis.disconnect();
  await conn.close();
  // The BullMQ connections hold the event loop open; the figures are written.
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
