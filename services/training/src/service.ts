import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime } from '@metrodesk/runtime';
import { privacyKeys } from '@metrodesk/privacy';
import { ENTERPRISE_TOPIC } from '@metrodesk/contracts';
import type { Config } from './config';
import { createApp } from './app';
import { MongoCourseRepository } from './persistence/course.repository';
import { MongoSessionRepository } from './persistence/session.repository';
import { MongoEnrolmentRepository } from './persistence/enrolment.repository';
import { MongoCertificateCounter } from './persistence/counter.repository';
import { MongoEmployerRepository } from './persistence/employer.repository';
import { enterpriseHandlers } from './events/enterprise.consumer';
import { SESSIONS } from './persistence/session.model';
import { ENROLMENTS } from './persistence/enrolment.model';

export interface TrainingService {
  app: Express;
  runtime: ServiceRuntime;
  logger: Logger;
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Wires the training service from its config; main.ts and the integration tests both use it. */
export async function createTrainingService(config: Config, logger = createLogger({ service: 'training', level: config.LOG_LEVEL })): Promise<TrainingService> {
  const runtime = await ServiceRuntime.connect({
    service: 'training',
    logger,
    host: config.HOST, mongoUrl: config.MONGO_URL, mongoCompat: config.MONGO_COMPAT,
    dbName: config.MONGO_DB,
    kafkaBrokers: config.KAFKA_BROKERS, kafkaNamespace: config.KAFKA_NAMESPACE,
    outboxCollections: [SESSIONS, ENROLMENTS],
    outboxIntervalMs: config.OUTBOX_INTERVAL_MS,
  });
  const courses = new MongoCourseRepository(runtime.mongo);
  const sessions = new MongoSessionRepository(runtime.mongo);
  const enrolments = new MongoEnrolmentRepository(runtime.mongo);
  const employers = new MongoEmployerRepository(runtime.mongo);
  await Promise.all([courses.init(), sessions.init(), enrolments.init(), employers.init()]);
  runtime.addConsumer({ groupId: config.CONSUMER_GROUP, topics: [ENTERPRISE_TOPIC], handlers: enterpriseHandlers({ employers }), fromBeginning: config.CONSUMER_FROM_BEGINNING });
  const registry = runtime.metricsRegistry();
  const app = createApp({
    logger,
    identitySecret: config.IDENTITY_SECRET,
    readiness: runtime.readiness(),
    registry,
    importLimit: config.IMPORT_LIMIT,
    courses,
    sessions,
    enrolments,
    counter: new MongoCertificateCounter(runtime.mongo),
    employers,
    privacy: privacyKeys(config),
    certificatePrefix: config.CERT_PREFIX,
    notify: runtime.notifyOutbox,
  });
  return {
    app,
    runtime,
    logger,
    ...runtime.lifecycle(app, config.PORT),
  };
}
