import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { signIdentity, type Identity } from '@metrodesk/access';
import { freePort, ServiceProcess, stackSecrets } from '@metrodesk/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { sleep, type PrivateInfra } from './infra';

/** The services a filing passes through, and the two whose events they learn from. */
export const SERVICES = ['identity', 'accounts', 'requests', 'assignment', 'sla', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const SLA_QUEUE_PREFIX = 'metrodesk-sla-fault';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  contentType: string;
}

/** The services as real processes (their dist/main.js) on the private servers: kill -9 is a real crash. */
export class FaultStack {
  readonly secrets = stackSecrets();
  services = {} as Record<ServiceName, ServiceProcess>;
  private ports = {} as Record<ServiceName, number>;
  brokers: string;

  constructor(
    private readonly infra: PrivateInfra,
    brokers = infra.kafkaBrokers,
  ) {
    this.brokers = brokers;
    // This run's output only; restarts and the move to the cluster append to each file.
    rmSync(this.logDir, { recursive: true, force: true });
  }

  /** A service's environment on this run's servers (a second replica of it gets the same). */
  envFor(name: ServiceName): Record<string, string> {
    const urls = Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${this.ports[s]}`]));
    const extra: Partial<Record<ServiceName, Record<string, string>>> = {
      identity: { BCRYPT_ROUNDS: '4' },
      requests: { ATTACHMENTS_DIR: join(this.infra.dir, 'attachments') },
      // Reconcile often, so the Redis-wipe scenario sees timers rebuilt within seconds.
      sla: { SLA_QUEUE_PREFIX, RECONCILE_INTERVAL_MS: '3000' },
      // Capacity is not under test: every filing must find a liaison with room.
      assignment: { DEFAULT_CAPACITY: '100000' },
    };
    return {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
      MONGO_URL: this.infra.mongoUrl,
      // The suite's own servers are deploy/local's FerretDB v1.
      MONGO_COMPAT: 'ferretdb-v1',
      // Its write locks in this run's Redis, never the shell's (replicas share them).
      MONGO_COMPAT_LOCK_URL: this.infra.redisUrl,
      MONGO_DB: `metrodesk_${name}`,
      KAFKA_BROKERS: this.brokers,
      REDIS_URL: this.infra.redisUrl,
      OUTBOX_INTERVAL_MS: '200',
      ...this.secrets,
      ...urls,
      ...extra[name],
    };
  }

  async start(): Promise<void> {
    for (const s of SERVICES) this.ports[s] ??= await freePort();
    mkdirSync(this.logDir, { recursive: true });
    for (const s of SERVICES) this.services[s] = new ServiceProcess(s, this.ports[s], this.envFor(s), undefined, join(this.logDir, `${s}.log`));
    // One at a time: on a busy two-core machine six cold starts at once time out.
    for (const s of SERVICES) await this.services[s].start(120_000);
    await this.waitForGroups();
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
    await Promise.all(Object.values(this.services).map((s) => s.stop().catch(() => undefined)));
  }

  /** Stops every service and starts it again talking to other brokers (same ports, same databases). */
  async moveTo(brokers: string): Promise<void> {
    await this.stop();
    this.brokers = brokers;
    await this.start();
  }

  /** After a scenario broke halfway: any service that does not answer ready is killed and started again. */
  async ensureRunning(): Promise<void> {
    for (const s of SERVICES) {
      const ok = await fetch(`${this.services[s].url}/readyz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
      if (ok) continue;
      await this.services[s].kill();
      await this.services[s].start(180_000);
    }
  }

  async restart(name: ServiceName): Promise<void> {
    await this.services[name].start(180_000);
  }

  /**
   * Every consumer group has joined: a filing made before the groups are stable still
   * arrives (they start from the beginning), but the crash timings are cleaner after.
   */
  async waitForGroups(groups = ['requests', 'assignment', 'sla', 'reporting']): Promise<void> {
    const admin = new Kafka({ clientId: 'fault-admin', brokers: this.brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const { groups: found } = await admin.describeGroups(groups);
        if (found.every((g) => g.state === 'Stable' && g.members.length > 0)) return;
        if (Date.now() > deadline) throw new Error(`consumer groups not stable: ${found.map((g) => `${g.groupId}=${g.state}`).join(', ')}`);
        await sleep(500);
      }
    } finally {
      await admin.disconnect();
    }
  }

  header(identity: Omit<Identity, 'exp'>): Record<string, string> {
    return { 'x-metrodesk-identity': signIdentity(identity, this.secrets.IDENTITY_SECRET!, 3600) };
  }

  /** `svc` is a service, or the base URL of one of its replicas. */
  async call<T = unknown>(svc: ServiceName | `http://${string}`, method: string, path: string, body: unknown, identity: Omit<Identity, 'exp'>, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Reply<T>> {
    const base = svc.startsWith('http://') ? svc : this.services[svc as ServiceName].url;
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
