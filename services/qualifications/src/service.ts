import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import { privacyKeys } from '@metrodesk/privacy';
import { ENTERPRISE_TOPIC, TRAINING_TOPIC } from '@metrodesk/contracts';
import type { Config } from './config';
import { createApp } from './app';
import type { QualificationType } from './domain/qualification';
import type { QualificationsDeps } from './use-cases/ports';
import { runExpirySweep } from './use-cases/run-expiry-sweep';
import { MongoFileRepository } from './persistence/file.repository';
import { FILE_CHANGES } from './persistence/file.model';
import { MongoPersonRepository } from './persistence/person.repository';
import { MongoTrainingRecordRepository } from './persistence/training-record.repository';
import { trainingHandlers } from './events/training.consumer';
import { enterpriseHandlers } from './events/enterprise.consumer';
import { MongoEnterpriseDirectory } from './persistence/enterprise.repository';
import { ExpiryJob } from './jobs/expiry.worker';

export interface QualificationsService extends RunningService<Express> {
  deps: QualificationsDeps;
  expiryJob: ExpiryJob | undefined;
}

export function loadTypes(file?: string): QualificationType[] {
  return (JSON.parse(readFileSync(file ?? join(__dirname, '..', 'data', 'qualification-types.json'), 'utf8')) as { types: QualificationType[] }).types;
}

/** Wires the qualifications service from its config; main.ts and the integration tests both use it. */
export async function createQualificationsService(config: Config, logger: Logger = createLogger({ service: 'qualifications', level: config.LOG_LEVEL })): Promise<QualificationsService> {
  const runtime = await ServiceRuntime.connect('qualifications', config, {
    logger,
    // A change and its events are inserted together and never appended to.
    outboxCollections: [{ name: FILE_CHANGES, insertOnly: true }],
  });
  const files = new MongoFileRepository(runtime.mongo);
  const persons = new MongoPersonRepository(runtime.mongo);
  const training = new MongoTrainingRecordRepository(runtime.mongo);
  const enterprises = new MongoEnterpriseDirectory(runtime.mongo);
  await Promise.all([files.init(), persons.init(), training.init(), enterprises.init()]);
  const types = loadTypes(config.QUALIFICATION_TYPES_FILE);
  const deps: QualificationsDeps = {
    files,
    persons,
    training,
    enterprises,
    types: () => types,
    privacy: { ...privacyKeys(config), fullIdRoles: config.ID_NUMBER_ROLES },
    expiryWindowDays: config.EXPIRY_WINDOW_DAYS,
    timeZone: config.TIME_ZONE,
    notify: runtime.notifyOutbox,
  };
  runtime.addConsumer({ groupId: config.CONSUMER_GROUP, topics: [TRAINING_TOPIC, ENTERPRISE_TOPIC], handlers: { ...trainingHandlers(deps), ...enterpriseHandlers(deps) }, fromBeginning: config.CONSUMER_FROM_BEGINNING });
  const expiryJob = config.JOBS_ENABLED
    ? new ExpiryJob({ redisUrl: config.REDIS_URL, queueName: config.EXPIRY_QUEUE, cron: config.EXPIRY_CRON, timeZone: config.TIME_ZONE, logger, sweep: (date) => runExpirySweep(deps, date) })
    : undefined;
  if (expiryJob) runtime.addPart({ name: 'expiry job', start: () => expiryJob.start(), stop: () => expiryJob.stop() });
  const app = createApp({ ...deps, ...runtime.appWiring(), importMaxBytes: config.IMPORT_MAX_BYTES });
  return { ...runtime.serve(app), deps, expiryJob };
}
