import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
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

export type TrainingService = RunningService<Express>;

/** Wires the training service from its config; main.ts and the integration tests both use it. */
export async function createTrainingService(config: Config, logger: Logger = createLogger({ service: 'training', level: config.LOG_LEVEL })): Promise<TrainingService> {
  const runtime = await ServiceRuntime.connect('training', config, { logger, outboxCollections: [SESSIONS, ENROLMENTS] });
  const courses = new MongoCourseRepository(runtime.mongo);
  const sessions = new MongoSessionRepository(runtime.mongo);
  const enrolments = new MongoEnrolmentRepository(runtime.mongo);
  const employers = new MongoEmployerRepository(runtime.mongo);
  await Promise.all([courses.init(), sessions.init(), enrolments.init(), employers.init()]);
  runtime.addConsumer({ groupId: config.CONSUMER_GROUP, topics: [ENTERPRISE_TOPIC], handlers: enterpriseHandlers({ employers }), fromBeginning: config.CONSUMER_FROM_BEGINNING });
  const app = createApp({
    ...runtime.appWiring(),
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
  return runtime.serve(app);
}
