import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { signIdentity, type Identity } from '@metrodesk/access';
import { startStack, type Reply, type ServiceProcess, type Stack } from '@metrodesk/testkit';
import type { PrivateInfra } from './infra';

/** The services a filing passes through, and the two whose events they learn from. */
export const SERVICES = ['identity', 'accounts', 'requests', 'assignment', 'sla', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const SLA_QUEUE_PREFIX = 'metrodesk-sla-fault';

export type { Reply } from '@metrodesk/testkit';

/**
 * The services as real processes (testkit's harness in mode 'process', their dist/main.js) on
 * the private servers: kill -9 is a real crash. No gateway: the suite calls each service
 * directly with a signed identity, so a scenario's figures are the services' own.
 */
export class FaultStack {
  private stack: Stack | undefined;

  constructor(
    private readonly infra: PrivateInfra,
    private readonly firstBrokers = infra.kafkaBrokers,
  ) {
    // This run's output only; restarts and the move to the cluster append to each file.
    rmSync(this.logDir, { recursive: true, force: true });
  }

  private get running(): Stack {
    if (!this.stack) throw new Error('the fault stack has not started');
    return this.stack;
  }

  get secrets(): Record<string, string> {
    return this.running.secrets;
  }

  get brokers(): string {
    return this.stack?.servers.kafkaBrokers ?? this.firstBrokers;
  }

  /** The stack's KAFKA_NAMESPACE: its topics and consumer groups are `<namespace>.<name>`. */
  get namespace(): string {
    return this.running.namespace;
  }

  topic(name: string): string {
    return this.running.topic(name);
  }

  group(name: string): string {
    return this.running.group(name);
  }

  get services(): Record<ServiceName, ServiceProcess> {
    return Object.fromEntries(SERVICES.map((s) => [s, this.running.members[s]!.process!])) as Record<ServiceName, ServiceProcess>;
  }

  /** A service's environment on this run's servers, as the stack started it (a second replica of it gets the same). */
  envFor(name: ServiceName): Record<string, string> {
    const { PORT: _port, ...env } = this.services[name].env;
    return env;
  }

  async start(): Promise<void> {
    this.stack = await startStack({
      services: SERVICES,
      mode: 'process',
      gateway: false,
      // One at a time: on a busy two-core machine six cold starts at once time out.
      oneAtATime: true,
      startTimeoutMs: 120_000,
      // The databases are the private server's own: the checks read them by these names.
      dbName: (name) => `metrodesk_${name}`,
      // The suite's own servers are deploy/local's FerretDB v1.
      servers: { mongoUrl: this.infra.mongoUrl, mongoCompat: 'ferretdb-v1', kafkaBrokers: this.firstBrokers, redisUrl: this.infra.redisUrl },
      // Its write locks in this run's Redis, never the shell's (replicas share them).
      env: { NODE_ENV: 'production', LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn', OUTBOX_INTERVAL_MS: '200', MONGO_COMPAT_LOCK_URL: this.infra.redisUrl },
      serviceEnv: {
        identity: { BCRYPT_ROUNDS: '4' },
        requests: { ATTACHMENTS_DIR: join(this.infra.dir, 'attachments') },
        // Reconcile often, so the Redis-wipe scenario sees timers rebuilt within seconds.
        sla: { SLA_QUEUE_PREFIX, RECONCILE_INTERVAL_MS: '3000' },
        // Capacity is not under test: every filing must find a liaison with room.
        assignment: { DEFAULT_CAPACITY: '100000' },
      },
      logDir: this.logDir,
    });
  }

  /** Where each service's output goes, across restarts (warnings and errors: LOG_LEVEL=warn). */
  get logDir(): string {
    return join(this.infra.dir, 'log', 'services');
  }

  /** The last lines each service printed: what a failed scenario shows. */
  tails(lines = 25): string {
    return SERVICES.map((s) => {
      const file = join(this.logDir, `${s}.log`);
      const text = existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no output)';
      return `--- ${s} (last ${lines} lines of ${file})\n${text}`;
    }).join('\n');
  }

  async stop(): Promise<void> {
    await this.stack?.stop();
  }

  /** Stops every service and starts it again talking to other brokers (same ports, same databases). */
  async moveTo(brokers: string): Promise<void> {
    await this.running.restartAll({ servers: { kafkaBrokers: brokers } });
  }

  /** After a scenario broke halfway: any service that does not answer ready is killed and started again. */
  async ensureRunning(): Promise<void> {
    for (const s of SERVICES) {
      const ok = await fetch(`${this.running.url(s)}/readyz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
      if (ok) continue;
      await this.running.kill(s);
      await this.running.restart(s, 180_000);
    }
  }

  async restart(name: ServiceName): Promise<void> {
    await this.running.restart(name, 180_000);
  }

  /**
   * Every consumer group has joined (by default all the stack's): a filing made before the
   * groups are stable still arrives (they start from the beginning), but the crash timings
   * are cleaner after.
   */
  async waitForGroups(groups?: string[]): Promise<void> {
    await this.running.waitForGroups(groups?.map((g) => this.group(g)));
  }

  header(identity: Omit<Identity, 'exp'>): Record<string, string> {
    return { 'x-metrodesk-identity': signIdentity(identity, this.secrets.IDENTITY_SECRET!, 3600) };
  }

  /** `svc` is a service, or the base URL of one of its replicas. */
  async call<T = unknown>(svc: ServiceName | `http://${string}`, method: string, path: string, body: unknown, identity: Omit<Identity, 'exp'>, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Reply<T>> {
    const base = svc.startsWith('http://') ? svc : this.running.url(svc);
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...this.header(identity), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, contentType: res.headers.get('content-type') ?? '' };
  }
}

export const ADMIN = { userId: 'fault-admin', role: 'admin', name: 'fault suite' } as Omit<Identity, 'exp'>;
