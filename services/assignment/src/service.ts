import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { handlerMap } from '@metrodesk/events';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import type { BureauData } from './domain/roster';
import type { AssignmentDeps } from './use-cases/ports';
import { RosterCache } from './use-cases/roster-cache';
import { RULES } from './persistence/roster.model';
import { STEPS } from './persistence/assignment.model';
import { MongoCaseRepository } from './persistence/case.repository';
import {
  MongoEnterpriseRepository,
  MongoLiaisonRepository,
  MongoNotificationRepository,
  MongoRulesRepository,
  MongoUserRepository,
} from './persistence/roster.repository';
import { requestsHandlers } from './events/requests.consumer';
import { slaHandlers } from './events/sla.consumer';
import { rosterHandlers } from './events/roster.consumer';

export interface AssignmentService extends RunningService<Express> {
  deps: AssignmentDeps;
}

export function loadBureaus(file?: string): BureauData {
  return JSON.parse(readFileSync(file ?? join(__dirname, '..', 'data', 'bureaus.json'), 'utf8')) as BureauData;
}

/** Wires the assignment service from its config; main.ts, the tests and the bench all use it. */
export async function createAssignmentService(config: Config, logger: Logger = createLogger({ service: 'assignment', level: config.LOG_LEVEL })): Promise<AssignmentService> {
  const runtime = await ServiceRuntime.connect('assignment', config, {
    logger,
    // A step and its events are inserted together and never appended to.
    outboxCollections: [{ name: STEPS, insertOnly: true }, RULES],
  });
  const cases = new MongoCaseRepository(runtime.mongo, runtime.relay);
  const liaisons = new MongoLiaisonRepository(runtime.mongo);
  const users = new MongoUserRepository(runtime.mongo);
  const notifications = new MongoNotificationRepository(runtime.mongo);
  await Promise.all([cases.init(), liaisons.init(), users.init(), notifications.init()]);
  const bureaus = loadBureaus(config.BUREAUS_FILE);
  const deps: AssignmentDeps = {
    cases,
    liaisons,
    users,
    notifications,
    enterprises: new MongoEnterpriseRepository(runtime.mongo),
    rules: new MongoRulesRepository(runtime.mongo),
    bureaus: () => bureaus,
    defaultCapacity: config.DEFAULT_CAPACITY,
    rosterCache: config.ROSTER_CACHE_MS > 0 ? new RosterCache(config.ROSTER_CACHE_MS, Date.now, config.ENTERPRISE_CACHE_MS, config.LOAD_CACHE_MS) : undefined,
  };
  runtime.beforeClose(() => liaisons.flushMarks());
  const sources = [requestsHandlers(deps), slaHandlers(deps), rosterHandlers(deps)];
  runtime.addConsumer({
    groupId: config.CONSUMER_GROUP,
    fromBeginning: config.CONSUMER_FROM_BEGINNING,
    // Every partition at once, and within each, different requests (message key = request id)
    // side by side; one request's events stay in order.
    partitionsConsumedConcurrently: 6,
    keyConcurrency: config.CONSUMER_KEY_CONCURRENCY,
    topics: sources.flatMap((s) => s.topics),
    handlers: handlerMap(...sources.flatMap((s) => s.handlers)),
  });
  const app = createApp({ ...deps, ...runtime.appWiring() });
  return { ...runtime.serve(app), deps };
}
