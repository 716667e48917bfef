import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import { loadRegions } from '@metrodesk/codes';
import { MongoReadModel } from './persistence/readmodel.repository';
import { MongoAuditStore } from './persistence/audit.repository';
import { acceptEvent, reportingHandlers, REPORTING_TOPICS } from './events/reporting.consumer';
import { RollupWorker } from './jobs/rollup.worker';
import { MongoProgrammeStore } from './persistence/programme.repository';
import { acceptProgrammesEvent, programmesHandlers, PROGRAMMES_TOPICS } from './events/programmes.consumer';

export interface ReportingService extends RunningService<Express> {
  model: MongoReadModel;
  audit: MongoAuditStore;
  rollup: RollupWorker;
}

/** Wires the reporting service from its config; main.ts, the tests and the bench use it. */
export async function createReportingService(config: Config, logger: Logger = createLogger({ service: 'reporting', level: config.LOG_LEVEL })): Promise<ReportingService> {
  const runtime = await ServiceRuntime.connect('reporting', config, { logger });
  const regions = loadRegions(config.REGIONS_FILE);
  const model = new MongoReadModel(
    runtime.mongo,
    regions.province.code,
    regions.cities.map((c) => c.code),
  );
  await model.init();
  const audit = new MongoAuditStore(runtime.mongo);
  await audit.init();
  const cities = new Set(regions.cities.map((c) => c.code));
  const inRegion = (c: string) => cities.has(c);
  runtime.addConsumer({
    groupId: config.CONSUMER_GROUP,
    topics: REPORTING_TOPICS,
    handlers: reportingHandlers({ model, audit }),
    accept: acceptEvent(inRegion),
    fromBeginning: config.CONSUMER_FROM_BEGINNING,
    // Handlers wait on the database, not the CPU: more partitions in flight, faster replays.
    partitionsConsumedConcurrently: 8,
    // A fetched batch runs one lane per aggregate, many at once: their days wait for the same
    // rollup pass (one recompute and one write per touched day for all of them). Per aggregate,
    // events still apply in order.
    keyConcurrency: 16,
  });
  const programmes = new MongoProgrammeStore(runtime.mongo);
  await programmes.init();
  // Its own consumer group, so the figures' consumer and its filter stay as they are.
  runtime.addConsumer({
    groupId: `${config.CONSUMER_GROUP}-programmes`,
    topics: PROGRAMMES_TOPICS,
    handlers: programmesHandlers(programmes, model),
    accept: acceptProgrammesEvent(inRegion),
    fromBeginning: config.CONSUMER_FROM_BEGINNING,
  });
  const rollup = new RollupWorker(() => model.rollupOnce(), logger, config.ROLLUP_RETRY_MS);
  model.onDirty = () => rollup.kick();
  // Stopped after the consumers: a handler in flight waits for the rollup to store its days.
  runtime.addPart({ name: 'rollup', start: () => rollup.start(), stop: () => rollup.stop() });
  const app = createApp({ ...runtime.appWiring(), model, regions: () => regions, programmes, audit });
  return { ...runtime.serve(app), model, audit, rollup };
}
