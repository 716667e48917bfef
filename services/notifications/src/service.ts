import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { createLogger, type Logger } from '@metrodesk/logger';
import { closingPart, ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import { ASSIGNMENT_TOPIC, ENTERPRISE_TOPIC, INSTRUMENT_TOPIC, QUALIFICATION_TOPIC, REQUEST_TOPIC, SLA_POLICY_TOPIC, SLA_TOPIC, USER_TOPIC } from '@metrodesk/contracts';
import { uuidv7 } from '@metrodesk/events';
import { loadRegions, regionNames } from '@metrodesk/codes';
import type { Config } from './config';
import { createApp } from './app';
import { OpenStreams } from './http/stream.router';
import { MongoPersonRepository } from './persistence/people.repository';
import { MongoRequestFactsRepository } from './persistence/request-facts.repository';
import { MongoInboxRepository } from './persistence/inbox.repository';
import { MongoDeliveryRepository } from './persistence/delivery.repository';
import { usersHandlers } from './events/users.consumer';
import { requestsHandlers } from './events/requests.consumer';
import { qualificationsHandlers } from './events/qualifications.consumer';
import { enterprisesHandlers } from './events/enterprises.consumer';
import { instrumentsHandlers } from './events/instruments.consumer';
import { MongoEmployerRepository } from './persistence/employer.repository';
import { MongoQualificationFileRepository } from './persistence/qualification-file.repository';
import { BullReminderQueue, startReminderWorker } from './jobs/reminder.worker';
import type { QualificationDeps } from './use-cases/qualification-expiring';
import { redisConnection } from './jobs/redis';
import { BullEmailQueue, startEmailWorker } from './jobs/email.worker';
import { SmtpMailer } from './jobs/smtp.mailer';
import { RedisRateLimiter } from './jobs/rate.limiter';
import { RedisLiveFeed } from './jobs/live.feed';
import { startPruning } from './jobs/prune.worker';
import { startDigestSweep } from './jobs/digest.scheduler';
import { BullWebhookQueue, SignedWebhookSender, startWebhookWorker } from './jobs/webhook.worker';
import { MongoWebhookDeliveryRepository, MongoWebhookRepository } from './persistence/webhook.repository';
import type { WebhookDeps } from './use-cases/webhooks';
import { MongoPreferencesRepository } from './persistence/preferences.repository';
import type { NotifyDeps } from './use-cases/ports';
import type { SendDeps } from './use-cases/send-email';
import { MongoRateOutcomeRepository } from './persistence/rate-outcome.repository';
import { MongoCalendarRepository } from './persistence/calendar.repository';
import { notifyingSince } from './persistence/notifying-since';
import { calendarsHandlers } from './events/calendars.consumer';
import { startManagerDigests } from './jobs/manager-digest.scheduler';
import type { ManagerDigestDeps } from './use-cases/manager-digests';

export interface NotificationsService extends RunningService<Express> {
  deps: NotifyDeps & WebhookDeps & QualificationDeps & ManagerDigestDeps & { calendars: MongoCalendarRepository };
  /** What sends email: the integration tests queue due digests through it. */
  sendDeps: SendDeps;
}

/** Wires the notifications service from its config; main.ts and the integration tests both use it. */
export async function createNotificationsService(config: Config, logger: Logger = createLogger({ service: 'notifications', level: config.LOG_LEVEL })): Promise<NotificationsService> {
  const runtime = await ServiceRuntime.connect('notifications', config, { logger });
  const people = new MongoPersonRepository(runtime.mongo, config.LOOKUP_CACHE_MS);
  const requests = new MongoRequestFactsRepository(runtime.mongo);
  const inbox = new MongoInboxRepository(runtime.mongo);
  const deliveries = new MongoDeliveryRepository(runtime.mongo);
  const webhooks = new MongoWebhookRepository(runtime.mongo, config.LOOKUP_CACHE_MS);
  const webhookDeliveries = new MongoWebhookDeliveryRepository(runtime.mongo);
  const preferences = new MongoPreferencesRepository(runtime.mongo, config.LOOKUP_CACHE_MS);
  const employers = new MongoEmployerRepository(runtime.mongo);
  const qualificationFiles = new MongoQualificationFileRepository(runtime.mongo);
  const outcomes = new MongoRateOutcomeRepository(runtime.mongo);
  const calendars = new MongoCalendarRepository(runtime.mongo);
  await Promise.all([outcomes.init(), calendars.init(), qualificationFiles.init(), employers.init(), preferences.init(), people.init(), requests.init(), inbox.init(), deliveries.init(), webhooks.init(), webhookDeliveries.init()]);

  const redis: Redis = redisConnection(config.REDIS_URL);
  const subscriber: Redis = redis.duplicate();
  const live = new RedisLiveFeed(redis, subscriber, config.QUEUE_PREFIX, logger);
  const emailQueue = new BullEmailQueue(redis, config.QUEUE_PREFIX);
  const mailer = new SmtpMailer({ host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, user: config.SMTP_USER, password: config.SMTP_PASSWORD, from: config.SMTP_FROM });
  const webhookQueue = new BullWebhookQueue(redis, config.QUEUE_PREFIX);
  const reminders = new BullReminderQueue(redis, config.QUEUE_PREFIX);
  const deps: NotifyDeps & WebhookDeps & QualificationDeps & ManagerDigestDeps & { calendars: MongoCalendarRepository } = {
    outcomes,
    calendars,
    calendar: { get: () => calendars.get(config.CALENDAR_ID) },
    cityName: regionNames(loadRegions(config.REGIONS_FILE)),
    warn: (msg, fields) => logger.warn(fields, msg),
    employers,
    qualificationFiles,
    reminders,
    people,
    requests,
    inbox,
    deliveries,
    live,
    email: emailQueue,
    preferences,
    newCursor: () => uuidv7(),
    quietHours: { from: config.QUIET_HOURS_FROM, to: config.QUIET_HOURS_TO },
    webhooks,
    webhookDeliveries,
    webhookQueue,
  };
  const sendDeps: SendDeps = { deliveries, mailer, limiter: new RedisRateLimiter(redis, config.QUEUE_PREFIX), digests: emailQueue, consoleUrl: config.CONSOLE_URL, perMinute: config.EMAIL_PER_MINUTE, people };

  const since = (await notifyingSince(runtime.mongo, new Date())).getTime();
  // The projections (users, enterprises for the employer of a USCC, working-day calendars) read their topics whole.
  runtime.addConsumer({ groupId: `${config.CONSUMER_GROUP}-users`, topics: [USER_TOPIC, ENTERPRISE_TOPIC, SLA_POLICY_TOPIC], handlers: { ...usersHandlers({ people }), ...enterprisesHandlers({ employers }), ...calendarsHandlers({ calendars }) }, fromBeginning: config.CONSUMER_FROM_BEGINNING });
  runtime.addConsumer({
    groupId: config.CONSUMER_GROUP,
    topics: [REQUEST_TOPIC, ASSIGNMENT_TOPIC, SLA_TOPIC, QUALIFICATION_TOPIC, INSTRUMENT_TOPIC],
    handlers: { ...requestsHandlers(deps), ...qualificationsHandlers(deps), ...instrumentsHandlers(deps) },
    fromBeginning: true,
    accept: (event) => Date.parse(event.time) >= since,
    // Every partition at once (6 of each topic), and within one, different requests (the
    // message key: the request's, or the qualification file's, id) side by side. One key's events
    // stay in order, which is all the request facts and each notice depend on.
    partitionsConsumedConcurrently: 6,
    keyConcurrency: config.CONSUMER_KEY_CONCURRENCY,
  });

  // Declared first, so they close last: the queues are what consumers and workers write to.
  runtime.addPart({
    name: 'redis',
    ready: async () => (await redis.ping()) === 'PONG',
    stop: () => {
      subscriber.disconnect();
      redis.disconnect();
    },
  });
  runtime.addPart({
    name: 'queues',
    async stop() {
      await webhookQueue.close();
      await reminders.close();
      await emailQueue.close();
      mailer.close();
    },
  });
  runtime.addPart({ name: 'live feed', start: () => live.start() });
  // A job in hand finishes (and records its delivery) before its worker closes.
  runtime.addPart(closingPart('email worker', () => startEmailWorker({ connection: redis, prefix: config.QUEUE_PREFIX, deps: sendDeps, logger, concurrency: config.EMAIL_CONCURRENCY })));
  runtime.addPart(closingPart('webhook worker', () => startWebhookWorker({ connection: redis, prefix: config.QUEUE_PREFIX, deps: { ...deps, sender: new SignedWebhookSender(config.WEBHOOK_TIMEOUT_MS) }, logger, concurrency: config.WEBHOOK_CONCURRENCY })));
  runtime.addPart(closingPart('inbox pruning', () => startPruning({ connection: redis, prefix: config.QUEUE_PREFIX, inbox, retentionDays: config.INBOX_RETENTION_DAYS, logger })));
  runtime.addPart(closingPart('reminder worker', () => startReminderWorker({ connection: redis, prefix: config.QUEUE_PREFIX, deps, logger })));
  runtime.addPart(closingPart('digest sweep', () => startDigestSweep({ connection: redis, prefix: config.QUEUE_PREFIX, deps: sendDeps, logger })));
  runtime.addPart(closingPart('manager digests', () => startManagerDigests({ connection: redis, prefix: config.QUEUE_PREFIX, deps, logger })));

  const streams = new OpenStreams();
  // An open stream would hold HTTP's close until its maximum age.
  runtime.beforeHttpClose(() => streams.endAll());
  const app = createApp({
    ...runtime.appWiring(),
    ...deps,
    inbox,
    live,
    heartbeatMs: config.STREAM_HEARTBEAT_MS,
    maxStreamMs: config.STREAM_MAX_MS,
    streams,
  });

  return { ...runtime.serve(app), deps, sendDeps };
}
