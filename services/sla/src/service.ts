import type { Express } from 'express';
import { Counter } from 'prom-client';
import { createLogger, type Logger } from '@metrodesk/logger';
import { closingPart, ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import { REQUEST_TOPIC, ASSIGNMENT_TOPIC } from '@metrodesk/contracts';
import type { Config } from './config';
import { createApp } from './app';
import { compileCalendar, type WorkCalendar } from './domain/calendar';
import { loadCalendarFile, SHIPPED_CALENDAR } from './persistence/calendar-file';
import { CLOCKS } from './persistence/clock.model';
import { MongoClockRepository } from './persistence/clock.repository';
import { MongoPolicyRepository } from './persistence/policy.repository';
import { POLICIES } from './persistence/policy.model';
import { CALENDARS, MongoCalendarRepository } from './persistence/calendar.repository';
import { MongoTrackedRequestRepository } from './persistence/tracked-request.repository';
import { BullTimerScheduler, redisConnection, startTimerWorker } from './jobs/timers.worker';
import { requestsHandlers } from './events/requests.consumer';
import type { SlaDeps } from './use-cases/ports';
import { seedDefaults } from './use-cases/seed-defaults';
import { reconcile, reconcileTick, type ReconcileReport } from './use-cases/reconcile';
import { fireDueMarks } from './use-cases/fire-due-marks';

export interface SlaService extends RunningService<Express> {
  deps: SlaDeps;
  scheduler: BullTimerScheduler;
  reconcileNow(): Promise<ReconcileReport>;
}

/** A calendar id nobody loaded still counts weekends off rather than every day, and covers no year, so every deadline on it is flagged. */
const FALLBACK_CALENDAR: WorkCalendar = compileCalendar({ zone: 'Asia/Shanghai', weekendDays: [6, 7], holidays: [], workdays: [], years: [] });
const CALENDAR_TTL_MS = 30_000;

/** Wires the SLA service from its config; main.ts and the integration tests both use it. */
export async function createSlaService(config: Config, logger: Logger = createLogger({ service: 'sla', level: config.LOG_LEVEL })): Promise<SlaService> {
  const runtime = await ServiceRuntime.connect('sla', config, { logger, outboxCollections: [CLOCKS, { name: POLICIES, insertOnly: true }, CALENDARS] });
  const clocks = new MongoClockRepository(runtime.mongo);
  const policies = new MongoPolicyRepository(runtime.mongo);
  const calendars = new MongoCalendarRepository(runtime.mongo);
  const requests = new MongoTrackedRequestRepository(runtime.mongo);
  await Promise.all([clocks.init(), policies.init(), calendars.init(), requests.init()]);

  const redis = redisConnection(config.REDIS_URL);
  const workerRedis = redisConnection(config.REDIS_URL);
  const scheduler = new BullTimerScheduler(redis, config.SLA_QUEUE_PREFIX);
  // Declared first, so they close last: consumers and the worker schedule timers on them.
  runtime.addPart({
    name: 'redis',
    ready: async () => (await redis.ping()) === 'PONG',
    stop: () => {
      redis.disconnect();
      workerRedis.disconnect();
    },
  });
  runtime.addPart({ name: 'timer queue', stop: () => scheduler.close() });

  const registry = runtime.metricsRegistry();
  const calendarMissingTotal = new Counter({
    name: 'sla_calendar_missing_total',
    help: 'Clock deadlines counted by the weekend rule alone because their calendar lacks a year',
    labelNames: ['calendar', 'year'],
    registers: [registry],
  });
  const cache = new Map<string, { cal: WorkCalendar; at: number }>();
  const deps: SlaDeps = {
    clocks,
    policies,
    calendars,
    requests,
    scheduler,
    logger,
    notify: runtime.notifyOutbox,
    calendarMissing(c, years) {
      for (const year of years) calendarMissingTotal.inc({ calendar: c.calendarId ?? '', year: String(year) });
      logger.warn({ clockId: c.id, calendarId: c.calendarId, years, deadline: c.deadline?.toISOString() ?? null }, `calendar ${c.calendarId ?? ''} lacks ${years.join(', ')}: deadline counted by the weekend rule only; load the year's notice`);
    },
    async calendarFor(id) {
      if (!id) return null;
      const hit = cache.get(id);
      if (hit && Date.now() - hit.at < CALENDAR_TTL_MS) return hit.cal;
      const stored = await calendars.find(id);
      const cal = stored ? compileCalendar(stored) : FALLBACK_CALENDAR;
      cache.set(id, { cal, at: Date.now() });
      return cal;
    },
    forgetCalendar: (id) => void cache.delete(id),
  };

  await seedDefaults(deps, (config.CALENDAR_FILES ?? [SHIPPED_CALENDAR]).map(loadCalendarFile));

  runtime.addConsumer({ groupId: config.CONSUMER_GROUP, topics: [REQUEST_TOPIC, ASSIGNMENT_TOPIC], handlers: requestsHandlers(deps), fromBeginning: config.CONSUMER_FROM_BEGINNING });

  let reconciling: Promise<ReconcileReport> | undefined;
  // One pass at a time: a slow pass is not stacked under the next tick.
  const onePass = (pass: () => Promise<ReconcileReport>) => {
    reconciling ??= pass().finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  };
  const reconcileNow = () => onePass(() => reconcile(deps));
  runtime.addPart(closingPart('timer worker', () => startTimerWorker({ connection: workerRedis, prefix: config.SLA_QUEUE_PREFIX, concurrency: config.TIMER_CONCURRENCY, logger, fire: (id, mark) => fireDueMarks(deps, id, mark) })));
  let timer: NodeJS.Timeout | undefined;
  runtime.addPart({
    name: 'reconciliation',
    async start() {
      const report = await reconcileNow();
      logger.info(report, 'reconciled timers at start-up');
      timer = setInterval(() => {
        onePass(() => reconcileTick(deps)).catch((err) => logger.warn({ err: (err as Error).message }, 'reconciliation failed; next tick retries'));
      }, config.RECONCILE_INTERVAL_MS);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await reconciling?.catch(() => undefined);
    },
  });

  const app = createApp({ ...deps, ...runtime.appWiring() });

  return { ...runtime.serve(app), deps, scheduler, reconcileNow };
}
