import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { infra } from './infra';
// index re-exports this file; dropNamespace is only called once a stack stops, long after both have loaded.
import { dropNamespace } from './index';

/**
 * One harness for every suite that needs the whole of Metrodesk running: the browser tests,
 * the benchmarks and the fault suite. `startStack` runs the named services (identity always
 * among them) and the gateway, either as real processes (their built dist/main.js: a service
 * can be killed with SIGKILL and started again on its port, its memory read from /proc) or in
 * this process (dist/service.js create<Name>Service: one log, breakpoints, fast start).
 * Each stack has a Kafka namespace of its own (topics and consumer groups), databases of its
 * own and Redis queue prefixes of its own, so two stacks on the same servers never see each
 * other's events or jobs.
 */
export const ROOT = resolve(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export function stackSecrets(): Record<string, string> {
  return {
    IDENTITY_SECRET: randomBytes(24).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64'),
    ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ID_HASH_KEY: randomBytes(32).toString('base64'),
  };
}

export class ServiceProcess {
  private child: ChildProcess | undefined;
  readonly log: string[] = [];
  startedAt = 0;
  readyAfterMs = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    /** Replaced as a whole by a stack that moves its services to other servers. */
    public env: Record<string, string>,
    /** The entry point; by default the service's built dist/main.js. */
    readonly main = join(ROOT, 'services', name, 'dist', 'main.js'),
    /** Also appends everything the process prints to this file (kept across restarts). */
    readonly logFile?: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 60000): Promise<this> {
    const main = this.main;
    if (!existsSync(main)) throw new Error(`${main} does not exist: is ${this.name} built?`);
    this.startedAt = Date.now();
    const child = spawn(process.execPath, [main], { env: { ...process.env, ...this.env, PORT: String(this.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (d: Buffer) => {
      if (this.logFile) appendFileSync(this.logFile, d);
      this.log.push(d.toString('utf8'));
      if (this.log.length > 500) this.log.splice(0, this.log.length - 500);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited at start: ${this.log.join('').slice(-2000)}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) {
          this.readyAfterMs = Date.now() - this.startedAt;
          return this;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms: ${this.log.join('').slice(-2000)}`);
  }

  /** SIGKILL: no draining, no flushing — what a crash looks like. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the graceful shutdown path. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(sig);
    await exited;
  }

  /** Resident memory in bytes, from /proc; 0 once the process has gone. */
  rss(): number {
    if (!this.child?.pid) return 0;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }
}

/** What a service built by the house convention exports from dist/service.js. */
interface InProcessService {
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
}

/** A service (or the gateway) of a stack, whichever way it runs. */
export interface StackMember {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Only in mode 'process'. */
  readonly process?: ServiceProcess;
  /** Only in mode 'in-process': what create<Name>Service returned (its `deps`, `runtime`, ...). */
  readonly instance?: unknown;
}

/** The servers a stack runs on; by default the shared ones of deploy/local (testkit's `infra`). */
export interface StackServers {
  mongoUrl: string;
  mongoCompat: string;
  /** Comma-separated. */
  kafkaBrokers: string;
  redisUrl: string;
}

export type StackRole = 'enterprise' | 'liaison' | 'city_manager' | 'province_manager' | 'admin';

export interface StackUser {
  username: string;
  role: StackRole;
  /** The stack's common password when left out. */
  password?: string;
  name?: string;
  enterpriseId?: string;
  cityCode?: string;
  email?: string;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  contentType: string;
}

/**
 * Calls the public API through the gateway (`path` after /api). A body is sent as JSON unless it
 * is FormData or a string (CSV and the like: the caller names its content-type).
 */
export type Api = <T = unknown>(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply<T>>;

/** The same, signed in as one user. */
export type Session = <T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply<T>>;

export interface StackOptions {
  services: readonly string[];
  /** 'process' (default): dist/main.js as child processes. 'in-process': dist/service.js in this process. */
  mode?: 'process' | 'in-process';
  /** KAFKA_NAMESPACE of every service; by default one made for this stack. */
  namespace?: string;
  /** A service's database; by default metrodesk_<service>_<namespace>. */
  dbName?: (service: string) => string;
  /** Drop the stack's databases before it starts (a stack whose names repeat across runs) and/or when it stops. */
  dropDatabases?: { before?: boolean; after?: boolean };
  servers?: Partial<StackServers>;
  /** Settings of every service and the gateway (NODE_ENV, LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** One service's settings (the gateway's under 'gateway'); win over `env` and the harness's own. */
  serviceEnv?: Partial<Record<string, Record<string, string>>>;
  /** Without a gateway the stack's services are called directly (`url(name)`); `api` needs one. */
  gateway?: boolean;
  /** Start services one after the other (a busy machine times out many cold starts at once). */
  oneAtATime?: boolean;
  startTimeoutMs?: number;
  /** Mode 'process': each process's output is appended to <logDir>/<name>.log across restarts. */
  logDir?: string;
  /** Where a service's build is (its dist folder); by default services/<name>/dist. */
  distOf?: (service: string) => string;
  /** Retries of a 502/503/504 by `api` (a service too busy to answer within the gateway's timeout). */
  busyRetries?: number;
  /** Wait for every consumer group to join before returning (default true). */
  waitForGroups?: boolean;
}

export interface Stack {
  readonly mode: 'process' | 'in-process';
  readonly namespace: string;
  readonly servers: StackServers;
  readonly secrets: Record<string, string>;
  /** The bootstrap administrator identity creates at its first start. */
  readonly admin: { username: string; password: string };
  /** The password `createUser` gives users who bring none. */
  readonly password: string;
  /** The services by name, the gateway under 'gateway'. */
  readonly members: Record<string, StackMember>;
  /** The gateway's URL ('' without a gateway). */
  readonly gatewayUrl: string;
  /** Spawn (or create) of the first member to the last one ready. */
  readonly coldStartMs: number;
  url(name: string): string;
  dbName(service: string): string;
  /** A topic's or consumer group's name in this stack's namespace. */
  topic(name: string): string;
  group(name: string): string;
  /** The consumer groups the stack's services run, namespaced. */
  groups(): string[];
  waitForGroups(groups?: string[], timeoutMs?: number): Promise<void>;
  api: Api;
  signIn(username: string, password?: string): Promise<string>;
  /** A user made through identity's API by the bootstrap administrator, as a bureau makes one. */
  createUser(user: StackUser): Promise<{ id: string; username: string; password: string }>;
  /** `createUser`, then signed in through the gateway: the access token. */
  userToken(user: StackUser): Promise<string>;
  /** Signed in as that user; signs in again before the access token runs out. */
  session(username: string, password?: string): Promise<Session>;
  /** SIGKILL (mode 'process' only). */
  kill(name: string): Promise<void>;
  /** Starts a member again on its port: after a kill, or (stopped first) a running one. */
  restart(name: string, timeoutMs?: number): Promise<void>;
  /** Stops everything and starts it again with other settings (e.g. other brokers), same ports and databases. */
  restartAll(change: { servers?: Partial<StackServers> }): Promise<void>;
  stop(): Promise<void>;
}

/** The consumer groups each service runs (before the namespace). */
const CONSUMER_GROUPS: Record<string, string[]> = {
  accounts: ['accounts'],
  requests: ['requests'],
  assignment: ['assignment'],
  sla: ['sla'],
  training: ['training'],
  qualifications: ['qualifications'],
  reporting: ['reporting', 'reporting-programmes'],
  notifications: ['notifications', 'notifications-users'],
};

/** Every service of the repository (so the gateway can point the ones not started at a closed port). */
function allServices(): string[] {
  return readdirSync(join(ROOT, 'services')).filter((n) => n !== 'gateway' && n !== 'console' && existsSync(join(ROOT, 'services', n, 'package.json')));
}

const CLOSED = 'http://127.0.0.1:9';

function loadService(dist: string, name: string): { readConfig: (env: NodeJS.ProcessEnv) => unknown; create: (config: unknown) => Promise<InProcessService> } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readConfig } = require(join(dist, 'config.js')) as { readConfig: (env: NodeJS.ProcessEnv) => unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(dist, 'service.js')) as Record<string, unknown>;
  const factory = Object.entries(mod).find(([k, v]) => /^create\w+Service$/.test(k) && typeof v === 'function')?.[1] as ((c: unknown) => Promise<InProcessService> | InProcessService) | undefined;
  if (!factory) throw new Error(`${dist}/service.js (${name}) exports no create<Name>Service`);
  return { readConfig, create: async (c) => factory(c) };
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const mode = opts.mode ?? 'process';
  const namespace = opts.namespace ?? `stk-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const names = ['identity', ...opts.services.filter((s) => s !== 'identity')];
  const withGateway = opts.gateway ?? true;
  const members = withGateway ? [...names, 'gateway'] : names;
  let servers: StackServers = {
    mongoUrl: infra.mongoUrl,
    mongoCompat: infra.mongoCompat,
    kafkaBrokers: infra.kafkaBrokers.join(','),
    redisUrl: infra.redisUrl,
    ...opts.servers,
  };
  const dbName = opts.dbName ?? ((s: string) => `metrodesk_${s}_${namespace}`);
  const distOf = opts.distOf ?? ((s: string) => join(ROOT, 'services', s, 'dist'));
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const secrets = stackSecrets();
  // One password for the administrator and every user made without one: a letter and a digit up front for the policy.
  const password = `Md7-${randomBytes(12).toString('base64url')}`;
  const admin = { username: `admin-${namespace}`.slice(0, 60), password };
  const queuePrefix = `${namespace}-`;
  const attachments = mkdtempSync(join(tmpdir(), 'stack-attachments-'));
  if (opts.logDir) mkdirSync(opts.logDir, { recursive: true });
  if (opts.dropDatabases?.before) await dropDatabases(servers.mongoUrl, names.map(dbName));

  // A process is handed its port up front (they start all at once, the gateway among them).
  // An in-process member binds a port the system picks when it starts and keeps it for a
  // restart: a port picked up front and bound seconds later, after the members before it
  // started, can meanwhile have become the local end of some other test's connection.
  const ports: Record<string, number> = {};
  if (mode === 'process') for (const m of members) ports[m] = await freePort();
  const urlOf = (m: string) => `http://127.0.0.1:${ports[m]}`;
  // Services not started point at a closed port: the gateway answers 502 for them.
  const upstreams = () => Object.fromEntries(allServices().map((s) => [`${s.toUpperCase()}_URL`, names.includes(s) ? urlOf(s) : CLOSED]));

  // The harness's settings: what makes a stack one of its own; the caller's env and serviceEnv win.
  const own: Record<string, Record<string, string>> = {
    identity: { BOOTSTRAP_ADMIN_USERNAME: admin.username, BOOTSTRAP_ADMIN_PASSWORD: admin.password },
    requests: { ATTACHMENTS_DIR: attachments },
    sla: { SLA_QUEUE_PREFIX: `${queuePrefix}sla` },
    qualifications: { EXPIRY_QUEUE: `${queuePrefix}qualifications-expiry` },
    notifications: { QUEUE_PREFIX: `${queuePrefix}notifications` },
  };
  const envOf = (m: string): Record<string, string> => ({
    MONGO_URL: servers.mongoUrl,
    MONGO_COMPAT: servers.mongoCompat,
    KAFKA_BROKERS: servers.kafkaBrokers,
    REDIS_URL: servers.redisUrl,
    KAFKA_NAMESPACE: namespace,
    LOG_LEVEL: 'warn',
    ...(m === 'gateway' ? upstreams() : { MONGO_DB: dbName(m) }),
    ...secrets,
    ...own[m],
    ...opts.env,
    ...opts.serviceEnv?.[m],
  });

  const procs: Record<string, ServiceProcess> = {};
  const instances: Record<string, InProcessService> = {};
  const startOne = async (m: string, t = timeoutMs) => {
    if (mode === 'process') {
      procs[m] ??= new ServiceProcess(m, ports[m]!, envOf(m), join(distOf(m), 'main.js'), opts.logDir ? join(opts.logDir, `${m}.log`) : undefined);
      procs[m].env = envOf(m);
      await procs[m].start(t);
    } else {
      const svc = loadService(distOf(m), m);
      instances[m] = await svc.create(svc.readConfig({ ...envOf(m), ...(ports[m] ? { PORT: String(ports[m]) } : {}) }));
      ports[m] = await instances[m].start(ports[m] ?? 0);
    }
  };
  const stopOne = async (m: string) => {
    if (mode === 'process') await procs[m]?.stop();
    else await instances[m]?.stop();
  };
  const startAll = async () => {
    // In-process members start in order, the gateway last (it is handed its upstreams' ports);
    // processes all at once unless asked otherwise, as a deployment starts them.
    const t0 = Date.now();
    if (opts.oneAtATime || mode === 'in-process') for (const m of members) await startOne(m);
    else await Promise.all(members.map((m) => startOne(m)));
    return Date.now() - t0;
  };
  const stopAll = async () => {
    for (const m of [...members].reverse()) await stopOne(m).catch(() => undefined);
  };

  const topic = (name: string) => `${namespace}.${name}`;
  const groups = () => names.flatMap((s) => CONSUMER_GROUPS[s] ?? []).map(topic);
  const waitGroups = async (wanted = groups(), t = 120_000) => {
    if (wanted.length === 0) return;
    const kafkaAdmin = new Kafka({ clientId: `${namespace}-admin`, brokers: servers.kafkaBrokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await kafkaAdmin.connect();
    try {
      const deadline = Date.now() + t;
      for (;;) {
        const { groups: found } = await kafkaAdmin.describeGroups(wanted);
        if (found.every((g) => g.state === 'Stable' && g.members.length > 0)) return;
        if (Date.now() > deadline) throw new Error(`consumer groups not stable after ${t} ms: ${found.map((g) => `${g.groupId}=${g.state}`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await kafkaAdmin.disconnect();
    }
  };

  let coldStartMs: number;
  try {
    coldStartMs = await startAll();
    if (mode === 'process') coldStartMs = Math.max(...Object.values(procs).map((p) => p.startedAt + p.readyAfterMs)) - Math.min(...Object.values(procs).map((p) => p.startedAt));
    if (opts.waitForGroups ?? true) await waitGroups();
  } catch (err) {
    if (mode === 'process') await Promise.all(Object.values(procs).map((p) => p.kill()));
    else await stopAll();
    throw err;
  }

  const gatewayUrl = withGateway ? urlOf('gateway') : '';
  const busyRetries = opts.busyRetries ?? 0;
  const api: Api = async <T>(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    if (!withGateway) throw new Error('this stack runs no gateway');
    const raw = body instanceof FormData || typeof body === 'string';
    let r: Response;
    for (let attempt = 0; ; attempt++) {
      r = await fetch(`${gatewayUrl}/api${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : raw ? (body as FormData | string) : JSON.stringify(body),
      });
      if (![502, 503, 504].includes(r.status) || attempt >= busyRetries) break;
      await r.arrayBuffer();
      await new Promise((res) => setTimeout(res, 2000 * (attempt + 1)));
    }
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (an export): keep the text
    }
    return { status: r.status, body: parsed as T, contentType: r.headers.get('content-type') ?? '' };
  };
  const signIn = async (username: string, pw = password) => {
    const r = await api<{ accessToken: string }>('', 'POST', '/identity/auth/login', { username, password: pw });
    if (r.status !== 200) throw new Error(`sign in ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken;
  };
  let adminToken: Promise<string> | undefined;
  const createUser = async (user: StackUser) => {
    adminToken ??= signIn(admin.username, admin.password);
    const pw = user.password ?? password;
    const r = await api<{ id: string }>(await adminToken, 'POST', '/identity/users', { name: user.username, ...user, password: pw });
    if (r.status !== 201) throw new Error(`create user ${user.username}: ${r.status} ${JSON.stringify(r.body)}`);
    return { id: r.body.id, username: user.username, password: pw };
  };
  const session = async (username: string, pw = password): Promise<Session> => {
    let current = { token: await signIn(username, pw), at: Date.now() };
    return async (method, path, body, headers) => {
      // Access tokens live 15 minutes by default; a long suite signs in again before that.
      if (Date.now() - current.at > 10 * 60_000) current = { token: await signIn(username, pw), at: Date.now() };
      return api(current.token, method, path, body, headers);
    };
  };
  const processOf = (name: string) => {
    const p = procs[name];
    if (!p) throw new Error(mode === 'process' ? `${name} is not in this stack` : `${name} runs in this process: start the stack in mode 'process' to kill it`);
    return p;
  };

  return {
    mode,
    namespace,
    get servers() {
      return servers;
    },
    secrets,
    admin,
    password,
    members: Object.fromEntries(
      members.map((m) => [
        m,
        {
          name: m,
          port: ports[m]!,
          url: urlOf(m),
          get process() {
            return procs[m];
          },
          get instance() {
            return instances[m];
          },
        },
      ]),
    ),
    gatewayUrl,
    coldStartMs,
    url: (name) => {
      if (!(name in ports)) throw new Error(`${name} is not in this stack`);
      return urlOf(name);
    },
    dbName,
    topic,
    group: topic,
    groups,
    waitForGroups: waitGroups,
    api,
    signIn,
    createUser,
    userToken: async (user) => signIn(user.username, (await createUser(user)).password),
    session,
    kill: async (name) => processOf(name).kill(),
    restart: async (name, t = 180_000) => {
      await stopOne(name);
      await startOne(name, t);
    },
    restartAll: async (change) => {
      await stopAll();
      servers = { ...servers, ...change.servers };
      await startAll();
      if (opts.waitForGroups ?? true) await waitGroups();
    },
    stop: async () => {
      await stopAll();
      await dropRedisKeys(servers.redisUrl, [`${queuePrefix}*`, `bull:${queuePrefix}*`]).catch(() => undefined);
      if (opts.dropDatabases?.after) await dropDatabases(servers.mongoUrl, names.map(dbName)).catch(() => undefined);
      await dropNamespace(namespace, new Kafka({ clientId: `${namespace}-drop`, brokers: servers.kafkaBrokers.split(','), logLevel: logLevel.NOTHING })).catch(() => undefined);
    },
  };
}

export async function dropDatabases(mongoUrl: string, names: string[]): Promise<void> {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    for (const n of names) await client.db(n).dropDatabase();
  } finally {
    await client.close();
  }
}

/** The jobs a stack's services queued would otherwise stay in the (shared) Redis. */
async function dropRedisKeys(redisUrl: string, patterns: string[]): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  try {
    for (const match of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
