/**
 * SLA timer benchmark (not a test). Opens BENCH_CLOCKS clocks (default 100,000) with the
 * default marks (50 %, 75 %, breach, two escalations) due a day from now, plus BENCH_SAMPLE
 * clocks whose breach falls due within the next BENCH_WINDOW_S seconds, then prints:
 *   - breach lateness p50/p99 (firing time minus deadline) with all the clocks' timers queued;
 *   - Redis memory per open clock (used_memory before and after their timers);
 *   - time to reconcile every open clock after its queue prefix is wiped (production: FLUSHALL).
 * It uses its own database and its own Redis key prefix, and publishes nothing to Kafka.
 *
 *   pnpm --filter @metrodesk/sla bench
 *   BENCH_CLOCKS=20000 BENCH_SAMPLE=1000 pnpm --filter @metrodesk/sla bench
 */
import IORedis from 'ioredis';
import { createLogger } from '@metrodesk/logger';
import { connectMongo } from '@metrodesk/mongo';
import { outboxInsert } from '@metrodesk/events';
import { openClock, type Clock } from '../src/domain/clock';
import { compileCalendar } from '../src/domain/calendar';
import { clockModel } from '../src/persistence/clock.model';
import { MongoClockRepository } from '../src/persistence/clock.repository';
import { MongoPolicyRepository } from '../src/persistence/policy.repository';
import { MongoCalendarRepository } from '../src/persistence/calendar.repository';
import { MongoTrackedRequestRepository } from '../src/persistence/tracked-request.repository';
import { BullTimerScheduler, redisConnection, startTimerWorker } from '../src/jobs/timers.worker';
import { fireDueMarks } from '../src/use-cases/fire-due-marks';
import { reconcile } from '../src/use-cases/reconcile';
import type { SlaDeps } from '../src/use-cases/ports';

const N = Number(process.env.BENCH_CLOCKS ?? 100_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 2_000);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
const PREFIX = `sla-bench-${Date.now().toString(36)}`;
const run = Date.now().toString(36);

const logger = createLogger({ service: 'sla-bench', level: 'warn' });
const always = compileCalendar({ zone: 'Asia/Shanghai', weekendDays: [], holidays: [], workdays: [] });

function clock(i: number, startedAt: Date, responseHours: number, marks: 'default' | 'breach-only'): Clock {
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
        responseHours,
        resolutionWorkingDays: 1,
        calendarId: 'always',
        warnAt: marks === 'default' ? [50, 75] : [],
        escalation: marks === 'default' ? [{ level: 'city', atPercent: 100 }, { level: 'province', atPercent: 150 }] : [],
      },
    },
    null,
  );
}

const usedMemory = async (redis: IORedis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

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
  const conn = await connectMongo({ url: MONGO_URL, dbName: 'metrodesk_sla_bench', logger });
  const model = clockModel(conn);
  await model.deleteMany({});
  const clocks = new MongoClockRepository(conn);
  await clocks.init();
  const redis = new IORedis(REDIS_URL);
  const scheduler = new BullTimerScheduler(redisConnection(REDIS_URL), PREFIX);
  const deps: SlaDeps = {
    clocks,
    policies: new MongoPolicyRepository(conn),
    calendars: new MongoCalendarRepository(conn),
    requests: new MongoTrackedRequestRepository(conn),
    scheduler,
    logger,
    notify: () => undefined,
    calendarFor: async () => always,
    forgetCalendar: () => undefined,
  };

  console.log(`opening ${N} clocks (5 marks each, due in a day) and ${SAMPLE} sample clocks due within ${WINDOW_S} s; Redis prefix ${PREFIX}`);
  const t0 = Date.now();
  const now = new Date();
  for (let i = 0; i < N; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, N - i) }, (_, k) => clock(i + k, now, 24, 'default'));
    await model.insertMany(batch.map(({ id, ...rest }) => ({ _id: id, ...rest, ...outboxInsert([]) })), { ordered: false });
  }
  console.log(`  stored in MongoDB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const before = await usedMemory(redis);
  let t = Date.now();
  const first = await reconcile(deps, 1000);
  const after = await usedMemory(redis);
  console.log(`  ${first.timersEnsured} timers created in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // Sample clocks: breach only, due spread over the window, opened the way the service does.
  const worker = startTimerWorker({ connection: redisConnection(REDIS_URL), prefix: PREFIX, concurrency: 50, logger, fire: (id, mark) => fireDueMarks(deps, id, mark) });
  const leadMs = 5000;
  const sampleIds: string[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    const dueIn = leadMs + Math.floor((i / SAMPLE) * WINDOW_S * 1000);
    const c = clock(N + i, new Date(), dueIn / 3_600_000, 'breach-only');
    await clocks.insertIfAbsent(c, []);
    await scheduler.schedule([{ jobId: `${c.requestId}|1|response|breach`, dueAt: c.deadline! }]);
    sampleIds.push(c.id);
  }
  const endAt = Date.now() + leadMs + WINDOW_S * 1000 + 10_000;
  while (Date.now() < endAt) {
    await new Promise((r) => setTimeout(r, 2000));
    const fired = await model.countDocuments({ _id: { $in: sampleIds }, breached: true });
    if (fired === SAMPLE) break;
  }
  const sampled = await model.find({ _id: { $in: sampleIds } }, { firings: 1 }).lean().exec();
  const lateness = sampled.flatMap((d) => d.firings.map((f) => new Date(f.at).getTime() - new Date(f.dueAt).getTime())).sort((a, b) => a - b);
  await worker.close();

  // Redis loses everything; MongoDB still has every clock.
  const wiped = await wipe(redis);
  t = Date.now();
  const rebuilt = await reconcile(deps, 1000);
  const reconcileS = (Date.now() - t) / 1000;

  console.log('');
  console.log(`breach lateness (deadline -> breach recorded), ${lateness.length}/${SAMPLE} sample breaches fired, ${N} other clocks' timers queued:`);
  console.log(`  p50 ${pct(lateness, 50)} ms   p99 ${pct(lateness, 99)} ms   max ${lateness.at(-1)} ms`);
  console.log(`Redis memory per open clock (5 timers each): ${((after - before) / N).toFixed(0)} bytes (used_memory ${before} -> ${after}; shared Redis, so approximate)`);
  console.log(`reconcile after wiping ${wiped} keys: ${rebuilt.clocks} open clocks, ${rebuilt.timersEnsured} timers rebuilt in ${reconcileS.toFixed(1)} s`);

  await wipe(redis);
  await model.deleteMany({});
  await scheduler.close();
  redis.disconnect();
  await conn.close();
  // The BullMQ connections hold the event loop open; the figures are printed.
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
