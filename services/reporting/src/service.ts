import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { listenThen, ServiceRuntime } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import type { RegionData } from './domain/report';
import { MongoReadModel } from './persistence/readmodel.repository';
import { MongoAuditStore } from './persistence/audit.repository';
import { registerReportingConsumer } from './events/reporting.consumer';
import { RollupWorker } from './jobs/rollup.worker';
import { MongoProgrammeStore } from './persistence/programme.repository';
import { registerProgrammesConsumer } from './events/programmes.consumer';

export interface ReportingService {
  app: Express;
  runtime: ServiceRuntime;
  model: MongoReadModel;
  audit: MongoAuditStore;
  rollup: RollupWorker;
  logger: Logger;
  start(port?: number): Promise<number>;
  /** Starts the consumer and the rollup without listening (tests drive `app` directly). */
  startBackground(): Promise<void>;
  stop(): Promise<void>;
}

export function loadRegions(file?: string): RegionData {
  return JSON.parse(readFileSync(file ?? join(__dirname, '..', 'data', 'regions.json'), 'utf8')) as RegionData;
}

/** Wires the reporting service from its config; main.ts, the tests and the bench use it. */
export async function createReportingService(config: Config, logger = createLogger({ service: 'reporting', level: config.LOG_LEVEL })): Promise<ReportingService> {
  const runtime = await ServiceRuntime.connect({ service: 'reporting', logger, host: config.HOST, mongoUrl: config.MONGO_URL, mongoCompat: config.MONGO_COMPAT, dbName: config.MONGO_DB, kafkaBrokers: config.KAFKA_BROKERS, kafkaNamespace: config.KAFKA_NAMESPACE });
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
  registerReportingConsumer(runtime, { model, audit }, { groupId: config.CONSUMER_GROUP, fromBeginning: config.CONSUMER_FROM_BEGINNING, inRegion });
  const programmes = new MongoProgrammeStore(runtime.mongo);
  await programmes.init();
  registerProgrammesConsumer(runtime, programmes, model, { groupId: `${config.CONSUMER_GROUP}-programmes`, fromBeginning: config.CONSUMER_FROM_BEGINNING, inRegion });
  const rollup = new RollupWorker(() => model.rollupOnce(), logger, config.ROLLUP_RETRY_MS);
  model.onDirty = () => rollup.kick();
  const registry = runtime.metricsRegistry();
  const app = createApp({ logger, identitySecret: config.IDENTITY_SECRET, readiness: runtime.readiness(), registry, model, regions: () => regions, programmes, audit });
  const startBackground = async () => {
    rollup.start();
    await runtime.startBackground();
  };
  return {
    app,
    runtime,
    model,
    audit,
    rollup,
    logger,
    startBackground,
    // HTTP first, then the consumers' group join (see ServiceRuntime.lifecycle).
    start: (port = config.PORT) => listenThen(runtime.listen(app, port), startBackground),
    async stop() {
      // Consumers first: a handler in flight waits for the rollup to store its days.
      await Promise.all(runtime.consumers.map((c) => c.stop()));
      await rollup.stop();
      await runtime.stop();
    },
  };
}
