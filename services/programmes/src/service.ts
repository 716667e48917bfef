import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import { Regions, type RegionData } from './domain/regions';
import { MongoCampaignRepository } from './persistence/campaign.repository';
import { MongoActivityRepository } from './persistence/activity.repository';
import { CAMPAIGNS } from './persistence/campaign.model';
import { ACTIVITIES } from './persistence/activity.model';

export interface ProgrammesService {
  app: Express;
  runtime: ServiceRuntime;
  logger: Logger;
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
}

export function loadRegions(file?: string): Regions {
  return new Regions(JSON.parse(readFileSync(file ?? join(__dirname, '..', 'data', 'regions.json'), 'utf8')) as RegionData);
}

/** Wires the programmes service from its config; main.ts and the integration tests both use it. */
export async function createProgrammesService(config: Config, logger = createLogger({ service: 'programmes', level: config.LOG_LEVEL })): Promise<ProgrammesService> {
  const runtime = await ServiceRuntime.connect({
    service: 'programmes',
    logger,
    host: config.HOST, mongoUrl: config.MONGO_URL, mongoCompat: config.MONGO_COMPAT,
    dbName: config.MONGO_DB,
    kafkaBrokers: config.KAFKA_BROKERS, kafkaNamespace: config.KAFKA_NAMESPACE,
    outboxCollections: [CAMPAIGNS, ACTIVITIES],
    outboxIntervalMs: config.OUTBOX_INTERVAL_MS,
  });
  const campaigns = new MongoCampaignRepository(runtime.mongo);
  const activities = new MongoActivityRepository(runtime.mongo);
  await Promise.all([campaigns.init(), activities.init()]);
  const app = createApp({
    logger,
    identitySecret: config.IDENTITY_SECRET,
    readiness: runtime.readiness(),
    registry: runtime.metricsRegistry(),
    importLimit: config.IMPORT_LIMIT,
    campaigns,
    activities,
    regions: loadRegions(config.REGIONS_FILE),
    notify: runtime.notifyOutbox,
  });
  return { app, runtime, logger, ...runtime.lifecycle(app, config.PORT) };
}
