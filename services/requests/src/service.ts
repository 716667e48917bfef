import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import { MongoRequestRepository } from './persistence/request.repository';
import { loadRegions, regionNames } from '@metrodesk/codes';
import { MongoRequestNumbers } from './persistence/request-number.repository';
import { MongoEnterpriseDirectory } from './persistence/enterprise.repository';
import { REQUESTS } from './persistence/request.model';
import { LocalDiskStorage } from './storage/local-disk.storage';
import { accountsHandlers, ACCOUNTS_TOPICS } from './events/accounts.consumer';
import { assignmentHandlers, ASSIGNMENT_TOPICS } from './events/assignment.consumer';
import { slaHandlers, SLA_TOPICS } from './events/sla.consumer';
import { qualificationsHandlers, QUALIFICATION_TOPICS } from './events/qualifications.consumer';
import { MongoQualificationDirectory } from './persistence/qualification.repository';
import type { RequestsDeps } from './use-cases/ports';

export interface RequestsService extends RunningService<Express> {
  deps: RequestsDeps;
}

/** Wires the requests service from its config; main.ts and the integration tests both use it. */
export async function createRequestsService(config: Config, logger: Logger = createLogger({ service: 'requests', level: config.LOG_LEVEL })): Promise<RequestsService> {
  const runtime = await ServiceRuntime.connect('requests', config, { logger, outboxCollections: [REQUESTS] });
  const requests = new MongoRequestRepository(runtime.mongo, runtime.relay);
  const enterprises = new MongoEnterpriseDirectory(runtime.mongo);
  const qualifications = new MongoQualificationDirectory(runtime.mongo);
  await Promise.all([requests.init(), enterprises.init(), qualifications.init()]);
  const deps: RequestsDeps = { requests, numbers: new MongoRequestNumbers(runtime.mongo), enterprises, qualifications, storage: new LocalDiskStorage(config.ATTACHMENTS_DIR), regionName: regionNames(loadRegions(config.REGIONS_FILE)) };
  // One group over every topic this service follows: one join, and per-request order holds
  // because each topic is keyed by the request or enterprise id. Every partition at once and,
  // within each, different keys side by side: a backlog of enterprise or file events does
  // not hold up the assignment of a request behind it.
  runtime.addConsumer({
    groupId: config.CONSUMER_GROUP,
    partitionsConsumedConcurrently: 6,
    keyConcurrency: config.CONSUMER_KEY_CONCURRENCY,
    topics: [...ACCOUNTS_TOPICS, ...ASSIGNMENT_TOPICS, ...SLA_TOPICS, ...QUALIFICATION_TOPICS],
    handlers: { ...accountsHandlers(deps), ...assignmentHandlers(deps, logger), ...slaHandlers(deps, logger), ...qualificationsHandlers(deps) },
    fromBeginning: config.CONSUMER_FROM_BEGINNING,
  });
  const app = createApp({ ...deps, ...runtime.appWiring() });
  return { ...runtime.serve(app), deps };
}
