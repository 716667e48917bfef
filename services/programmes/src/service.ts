import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import { loadRegions } from '@metrodesk/codes';
import { Regions } from './domain/regions';
import { MongoCampaignRepository } from './persistence/campaign.repository';
import { MongoActivityRepository } from './persistence/activity.repository';
import { CAMPAIGNS } from './persistence/campaign.model';
import { ACTIVITIES } from './persistence/activity.model';

export type ProgrammesService = RunningService<Express>;

/** Wires the programmes service from its config; main.ts and the integration tests both use it. */
export async function createProgrammesService(config: Config, logger: Logger = createLogger({ service: 'programmes', level: config.LOG_LEVEL })): Promise<ProgrammesService> {
  const runtime = await ServiceRuntime.connect('programmes', config, { logger, outboxCollections: [CAMPAIGNS, ACTIVITIES] });
  const campaigns = new MongoCampaignRepository(runtime.mongo);
  const activities = new MongoActivityRepository(runtime.mongo);
  await Promise.all([campaigns.init(), activities.init()]);
  const app = createApp({
    ...runtime.appWiring(),
    importLimit: config.IMPORT_LIMIT,
    campaigns,
    activities,
    regions: new Regions(loadRegions(config.REGIONS_FILE)),
    notify: runtime.notifyOutbox,
  });
  return runtime.serve(app);
}
