import type { Kafka, Producer, Admin } from 'kafkajs';
import type { Connection } from 'mongoose';
import { Gauge, Registry } from 'prom-client';
import { createLogger, type Logger } from '@metrodesk/logger';
import { connectMongo, mongoCommandCounts, mongoReady, type MongoCompat } from '@metrodesk/mongo';
import { createKafka, createProducer, ensureTopics, EventConsumer, namespaced, OutboxRelay, type EventConsumerOptions, type OutboxCollection } from '@metrodesk/events';
import { topics, eventCatalog } from '@metrodesk/contracts';
import { HttpListener, type RequestListener } from './http-server';
import { Parts, type Part } from './parts';

export { HttpListener, httpLifecycle, type RequestListener } from './http-server';
export { closingPart, Parts, type Part } from './parts';

/**
 * The settings of a service's config the runtime reads: packages/config's `infraEnv` and
 * `serviceEnv`, and `outboxEnv` where the service publishes.
 */
export interface ServiceConfig {
  /** The interface HTTP listens on. */
  HOST: string;
  /** The port `start()` listens on when given none. */
  PORT: number;
  MONGO_URL: string;
  MONGO_COMPAT: MongoCompat;
  MONGO_DB: string;
  KAFKA_BROKERS: string[];
  /** Prefix of this deployment's topics and consumer groups; see `namespaced`. */
  KAFKA_NAMESPACE?: string | undefined;
  /** The secret the gateway signs forwarded identities with, which the app checks. */
  IDENTITY_SECRET: string;
  OUTBOX_INTERVAL_MS?: number | undefined;
}

/** What differs between services beyond their config. */
export interface RuntimeExtras {
  logger: Logger;
  /** Collections whose documents carry an outbox the relay must publish. */
  outboxCollections?: OutboxCollection[];
}

/** What a service's app takes from the runtime (see @metrodesk/http's `ServiceAppDeps`). */
export interface AppWiring {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry: Registry;
}

/** The running service that a service's factory returns: main.ts starts and stops it, the integration tests drive its app. */
export interface RunningService<A extends RequestListener = RequestListener> {
  app: A;
  runtime: ServiceRuntime;
  logger: Logger;
  start(port?: number): Promise<number>;
  /** The background work without HTTP (tests drive `app` directly). */
  startBackground(): Promise<void>;
  stop(): Promise<void>;
}

type ConsumerSpec = Omit<EventConsumerOptions, 'kafka' | 'connection' | 'producer' | 'logger' | 'catalog'> & { catalog?: EventConsumerOptions['catalog'] };

/**
 * The connections and background work one service process owns, started and stopped in
 * the right order: Mongo and Kafka at connect; at start HTTP, then the declared parts
 * (workers, schedulers, live feeds), the outbox relay and the consumers. On stop, HTTP stops
 * taking requests, consumers drain and commit, the parts stop last-declared first (a job in
 * hand finishes before its worker closes, a connection declared first closes last), the relay
 * flushes what they wrote, and Mongo and Kafka close.
 */
export class ServiceRuntime {
  readonly consumers: EventConsumer[] = [];
  relay: OutboxRelay | undefined;
  private readonly http: HttpListener;
  private readonly parts: Parts;
  private admin: Admin | undefined;
  private registry: Registry | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly config: ServiceConfig,
    readonly logger: Logger,
    readonly mongo: Connection,
    readonly kafka: Kafka,
    readonly producer: Producer,
  ) {
    this.http = new HttpListener(logger);
    this.parts = new Parts(logger);
  }

  /** Connects the service named `service` as its config says: its database, Kafka (creating missing topics) and, given outbox collections, the relay. */
  static async connect(service: string, config: ServiceConfig, { logger, outboxCollections = [] }: RuntimeExtras): Promise<ServiceRuntime> {
    const mongo = await connectMongo({ url: config.MONGO_URL, dbName: config.MONGO_DB, compat: config.MONGO_COMPAT, logger });
    const kafka = createKafka({ clientId: service, brokers: config.KAFKA_BROKERS, logger });
    const admin = kafka.admin();
    await admin.connect();
    const name = namespaced(config.KAFKA_NAMESPACE);
    const created = await ensureTopics(admin, topics.map((t) => ({ ...t, name: name(t.name) })));
    if (created.length > 0) logger.info({ created }, 'created Kafka topics');
    const producer = createProducer(kafka);
    await producer.connect();
    const rt = new ServiceRuntime(config, logger, mongo, kafka, producer);
    rt.admin = admin;
    if (outboxCollections.length > 0) {
      rt.relay = new OutboxRelay({ connection: mongo, producer, collections: outboxCollections, logger, intervalMs: config.OUTBOX_INTERVAL_MS, topicName: name });
    }
    return rt;
  }

  /** Readiness checks for /readyz: the database and every part with a check must answer. Kafka outages are absorbed by the outbox. */
  readiness(): Record<string, () => Promise<boolean>> {
    return { mongo: () => mongoReady(this.mongo), ...this.parts.readiness() };
  }

  /** Declares background work the runtime starts before the consumers and stops after them (see `Part`). */
  addPart<P extends Part>(part: P): P {
    return this.parts.add(part);
  }

  /** Work to do as stop begins, before HTTP closes: ending long-lived streams that would hold the close open. */
  beforeHttpClose(fn: () => void | Promise<void>): void {
    this.http.beforeClose(fn);
  }

  /** Outbox backlog and consumer counters as Prometheus gauges. */
  registerMetrics(registry: Registry): void {
    const published = () => this.relay?.published ?? 0;
    const consumers = this.consumers;
    const mongo = this.mongo;
    new Gauge({
      name: 'mongo_commands_total',
      help: 'Database commands this process has sent since start, by command name',
      labelNames: ['command'] as const,
      registers: [registry],
      collect() {
        for (const [command, n] of mongoCommandCounts(mongo)) this.set({ command }, n);
      },
    });
    new Gauge({
      name: 'outbox_published_total',
      help: 'Events the outbox relay has published since start',
      registers: [registry],
      collect() {
        this.set(published());
      },
    });
    new Gauge({
      name: 'consumer_events_total',
      help: 'Events handled by this process, by outcome',
      labelNames: ['group', 'outcome'] as const,
      registers: [registry],
      collect() {
        for (const c of consumers) {
          for (const [outcome, n] of Object.entries(c.stats)) this.set({ group: c.groupId, outcome }, n);
        }
      },
    });
  }

  /** The Prometheus registry of the service's /metrics, with this runtime's gauges on it; one per runtime, so a service adds its own metrics to what the app serves. */
  metricsRegistry(): Registry {
    if (!this.registry) {
      this.registry = new Registry();
      this.registerMetrics(this.registry);
    }
    return this.registry;
  }

  /**
   * What the service's app needs from here: the logger, the identity secret, /readyz's checks
   * (the parts declared so far) and the metrics registry.
   */
  appWiring(): AppWiring {
    return { logger: this.logger, identitySecret: this.config.IDENTITY_SECRET, readiness: this.readiness(), registry: this.metricsRegistry() };
  }

  /** The running service around `app`: its start (HTTP on the config's PORT unless given another), background start and stop. */
  serve<A extends RequestListener>(app: A): RunningService<A> {
    return { app, runtime: this, logger: this.logger, ...this.lifecycle(app, this.config.PORT) };
  }

  /**
   * The start and stop a service exposes: HTTP on `port`, then the background work; stop is
   * `stop()`. HTTP comes first because joining a consumer group can take up to the session
   * timeout of a member that crashed (30 s), and the API does not need the consumers to
   * answer: a write waits in the outbox, a read serves what is stored. `start` still resolves
   * only once the consumers have joined.
   */
  lifecycle(app: RequestListener, defaultPort: number): { start(port?: number): Promise<number>; startBackground(): Promise<void>; stop(): Promise<void> } {
    return {
      start: (port = defaultPort) => listenThen(this.listen(app, port), () => this.startBackground()),
      startBackground: () => this.startBackground(),
      stop: () => this.stop(),
    };
  }

  addConsumer(spec: ConsumerSpec): EventConsumer {
    const name = namespaced(this.config.KAFKA_NAMESPACE);
    const consumer = new EventConsumer({
      catalog: eventCatalog,
      ...spec,
      groupId: name(spec.groupId),
      topics: spec.topics.map(name),
      kafka: this.kafka,
      connection: this.mongo,
      producer: this.producer,
      logger: this.logger,
    });
    this.consumers.push(consumer);
    return consumer;
  }

  /** Work to finish at stop after the consumers and the relay have stopped, while the database is still open (e.g. writes kept behind). */
  beforeClose(fn: () => Promise<void>): void {
    this.closing.push(fn);
  }
  private readonly closing: (() => Promise<void>)[] = [];

  /** Called after a local write that added outbox events, so they go out at once. */
  readonly notifyOutbox = (): void => {
    this.relay?.notify();
  };

  /** The parts, the relay and the consumers, without HTTP (tests drive the app directly); a second call waits for the first. */
  startBackground(): Promise<void> {
    this.starting ??= this.startParts();
    return this.starting;
  }

  private async startParts(): Promise<void> {
    await this.parts.start();
    this.relay?.start();
    await Promise.all(this.consumers.map((c) => c.start()));
  }

  listen(app: RequestListener, port: number, host = this.config.HOST): Promise<number> {
    return this.http.listen(app, port, host);
  }

  /** Drains and closes everything in the order the class comment gives; a second call waits for the first. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    await this.http.close();
    await Promise.all(this.consumers.map((c) => c.stop().catch((err) => this.logger.warn({ err }, 'consumer stop failed'))));
    await this.parts.stop();
    if (this.relay) {
      await this.relay.stop();
      await this.relay.flush().catch((err) => this.logger.warn({ err: (err as Error).message }, 'outbox not flushed at stop; it goes out at next start'));
    }
    for (const fn of this.closing) await fn().catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'work left at stop not finished'));
    await this.producer.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await this.mongo.close().catch(() => undefined);
  }
}

/** Starts HTTP, then the background work (see `lifecycle`); resolves to the port when both are up. */
async function listenThen(listening: Promise<number>, background: () => Promise<void>): Promise<number> {
  const port = await listening;
  await background();
  return port;
}

/** Runs `stop` once on SIGTERM/SIGINT, then exits; a second signal exits at once. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down: draining');
    stop()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

/** The levels createLogger takes (every service's LOG_LEVEL). */
type LogLevel = NonNullable<Parameters<typeof createLogger>[0]['level']>;

/** What a service's process starts and, on a signal, drains. */
type Startable = { start(): Promise<unknown>; stop(): Promise<void> };

/**
 * A service's process (each service's main.ts): reads its config, makes its logger, creates
 * the service, drains it on SIGTERM/SIGINT and starts it. A service that cannot start exits
 * with status 1 and the reason on stderr, where a supervisor looks.
 */
export function runService<C extends { LOG_LEVEL: LogLevel }>(
  name: string,
  readConfig: () => C,
  create: (config: C, logger: Logger) => Promise<Startable> | Startable,
): void {
  const start = async () => {
    const config = readConfig();
    const logger = createLogger({ service: name, level: config.LOG_LEVEL });
    const service = await create(config, logger);
    onShutdown(logger, () => service.stop());
    await service.start();
  };
  start().catch((err: unknown) => {
    process.stderr.write(`${name} failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
