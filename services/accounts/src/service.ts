import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import { loadRegions as readRegions, type RegionData } from '@metrodesk/codes';
import { checkRegionData } from './domain/regions';
import { MongoEnterpriseRepository } from './persistence/enterprise.repository';
import { ENTERPRISES } from './persistence/enterprise.model';
import { MongoOutreachRepository } from './persistence/outreach.repository';
import { OUTREACH } from './persistence/outreach.model';
import { MongoRegionCatalog } from './persistence/region.repository';
import { MongoCampaignCatalog } from './persistence/campaign.repository';
import { programmesHandlers } from './events/programmes.consumer';
import { requestsHandlers } from './events/requests.consumer';
import { qualificationsHandlers } from './events/qualifications.consumer';
import { MongoVerifierFileCatalog } from './persistence/verifier-file.repository';
import { DEFAULT_MINUTES_BY_CLASS } from './domain/instrument-planning';
import { PROGRAMMES_TOPIC, QUALIFICATION_TOPIC, REQUEST_TOPIC } from '@metrodesk/contracts';
import { MongoInstrumentRepository } from './persistence/instrument.repository';
import { MongoDueRunRepository } from './persistence/instrument-due.repository';
import { DUE_RUNS } from './persistence/instrument-due.model';
import { DueScanTimer } from './jobs/due-scan.timer';
import type { AccountsDeps } from './use-cases/ports';

export interface AccountsService extends RunningService<Express> {
  dueScan: DueScanTimer;
}

export function loadRegions(file?: string): RegionData {
  return checkRegionData(readRegions(file));
}

/** Wires the accounts service from its config; main.ts and the integration tests both use it. */
export async function createAccountsService(config: Config, logger: Logger = createLogger({ service: 'accounts', level: config.LOG_LEVEL })): Promise<AccountsService> {
  const runtime = await ServiceRuntime.connect('accounts', config, { logger, outboxCollections: [ENTERPRISES, OUTREACH, { name: DUE_RUNS, insertOnly: true }] });
  const enterprises = new MongoEnterpriseRepository(runtime.mongo);
  const outreach = new MongoOutreachRepository(runtime.mongo);
  const campaigns = new MongoCampaignCatalog(runtime.mongo);
  const instruments = new MongoInstrumentRepository(runtime.mongo);
  const dueRuns = new MongoDueRunRepository(runtime.mongo);
  const verifierFiles = new MongoVerifierFileCatalog(runtime.mongo);
  await Promise.all([enterprises.init(), outreach.init(), instruments.init(), dueRuns.init(), verifierFiles.init()]);
  runtime.addConsumer({
    groupId: config.CONSUMER_GROUP,
    topics: [PROGRAMMES_TOPIC, REQUEST_TOPIC, QUALIFICATION_TOPIC],
    handlers: { ...programmesHandlers({ campaigns }), ...requestsHandlers({ instruments }, logger), ...qualificationsHandlers({ verifierFiles }) },
    fromBeginning: config.CONSUMER_FROM_BEGINNING,
    // It acts on a few request events (instrument results) among every filing's and assignment's:
    // half a second of delay for a fraction of the fetches (0.32 -> 0.10 ms of its CPU a filing).
    fetch: { minBytes: 256 * 1024, maxWaitTimeInMs: 500 },
  });
  const regions = new MongoRegionCatalog(runtime.mongo, loadRegions(config.REGIONS_FILE));
  const deps: AccountsDeps = {
    enterprises,
    outreach,
    campaigns,
    instruments,
    dueRuns,
    dueSettings: { defaultDays: config.INSTRUMENT_DUE_DAYS, byClass: config.INSTRUMENT_DUE_DAYS_BY_CLASS },
    planning: { minutesByClass: { ...DEFAULT_MINUTES_BY_CLASS, ...config.INSTRUMENT_MINUTES_BY_CLASS }, verifierDayMinutes: config.VERIFIER_DAY_MINUTES },
    verifierFiles,
    regions,
    notify: runtime.notifyOutbox,
  };
  const app = createApp({ ...deps, ...runtime.appWiring() });
  const dueScan = new DueScanTimer(deps, logger, config.DUE_SCAN_INTERVAL_MS);
  runtime.addPart({ name: 'due scan', start: () => dueScan.start(), stop: () => dueScan.stop() });
  return { ...runtime.serve(app), dueScan };
}
