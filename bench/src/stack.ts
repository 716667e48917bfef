import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { infra, freePort, ServiceProcess, stackSecrets, testKafka, waitFor } from '@metrodesk/testkit';

/**
 * The built services as real processes on free ports, each with a database and consumer
 * group of its own, so a bench shares only the servers with everyone else. The services
 * read their topics from the end (CONSUMER_FROM_BEGINNING=false): a bench sees only what it
 * makes, not every test's history.
 */
export const SERVICES = ['identity', 'accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];
const CONSUMERS: readonly ServiceName[] = ['requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting'];

export interface BenchStack {
  run: string;
  services: Partial<Record<ServiceName, ServiceProcess>>;
  gateway: ServiceProcess;
  /** Every process, gateway included, by name. */
  all: ServiceProcess[];
  secrets: Record<string, string>;
  dbName(name: ServiceName): string;
  /** Spawn of the first process to the last /readyz 200. */
  coldStartMs: number;
  /**
   * A user made through identity's API by the bootstrap administrator, signed in through the
   * gateway like anyone else: the access token it answers.
   */
  userToken(user: BenchUser): Promise<string>;
  /** Calls the public API through the gateway; an empty token calls it signed out. */
  api<T>(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export interface BenchUser {
  username: string;
  role: 'enterprise' | 'liaison' | 'city_manager' | 'province_manager' | 'admin';
  enterpriseId?: string;
  cityCode?: string;
}

const ADMIN = 'bench-admin';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Databases are named per bench (not per run) and dropped first, so runs start alike and leave one copy behind. */
export async function dropDatabases(names: string[]): Promise<void> {
  const client = new MongoClient(infra.mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    for (const n of names) await client.db(n).dropDatabase();
  } finally {
    await client.close();
  }
}

async function waitForGroups(groupIds: string[]): Promise<void> {
  const admin = testKafka(`bench-admin-${randomBytes(3).toString('hex')}`).admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const { groups } = await admin.describeGroups(groupIds);
        return groups.every((g) => g.state === 'Stable' && g.members.length > 0);
      },
      { timeoutMs: 120_000, intervalMs: 250, what: `consumer groups ${groupIds.join(', ')} to join` },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Starts the named services, identity always among them: the gateway lets through only tokens
 * identity issued at a sign-in it still knows, so a bench signs its users in as people do.
 */
export async function startBenchStack(wanted: ServiceName[], tag: string): Promise<BenchStack> {
  const names: ServiceName[] = wanted.includes('identity') ? wanted : ['identity', ...wanted];
  const run = `${tag}-${randomBytes(3).toString('hex')}`;
  const secrets = stackSecrets();
  // One password for the administrator and every bench user: a letter and a digit up front for the policy.
  const password = `Md7-${randomBytes(12).toString('base64url')}`;
  const dbName = (n: ServiceName) => `metrodesk_${n}_bench_${tag}`;
  await dropDatabases(names.map(dbName));
  const ports = new Map<string, number>();
  for (const n of [...names, 'gateway']) ports.set(n, await freePort());
  const urls: Record<string, string> = {};
  // Services not started point at a closed port: the gateway answers 502 for them.
  for (const n of SERVICES) urls[`${n.toUpperCase()}_URL`] = ports.has(n) ? `http://127.0.0.1:${ports.get(n)}` : 'http://127.0.0.1:9';
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    MONGO_URL: infra.mongoUrl,
    MONGO_COMPAT: infra.mongoCompat,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    REDIS_URL: infra.redisUrl,
    CONSUMER_FROM_BEGINNING: 'false',
    ...secrets,
  };
  const own: Record<ServiceName, Record<string, string>> = {
    // The longest lifetime identity issues (the gateway's cap): a bench's load runs on one sign-in.
    identity: { BOOTSTRAP_ADMIN_USERNAME: ADMIN, BOOTSTRAP_ADMIN_PASSWORD: password, ACCESS_TTL_SECONDS: '3600' },
    accounts: {},
    requests: { ATTACHMENTS_DIR: mkdtempSync(join(tmpdir(), 'bench-attachments-')) },
    assignment: {},
    sla: { SLA_QUEUE_PREFIX: `bench-sla-${run}` },
    training: {},
    qualifications: { EXPIRY_QUEUE: `bench-qualifications-expiry-${run}` },
    reporting: {},
  };
  const services: Partial<Record<ServiceName, ServiceProcess>> = {};
  for (const n of names) services[n] = new ServiceProcess(n, ports.get(n)!, { ...common, MONGO_DB: dbName(n), CONSUMER_GROUP: `bench-${run}-${n}`, ...own[n] });
  const gateway = new ServiceProcess('gateway', ports.get('gateway')!, { ...common, ...urls, RATE_LIMIT_PER_MINUTE: '100000000', UPSTREAM_TIMEOUT_MS: '30000' });
  const all = [...Object.values(services), gateway];
  const t0 = Date.now();
  try {
    await Promise.all(all.map((p) => p.start(120_000)));
  } catch (err) {
    await Promise.all(all.map((p) => p.kill()));
    throw err;
  }
  const coldStartMs = Math.max(...all.map((p) => p.startedAt + p.readyAfterMs)) - t0;
  const groups = names.filter((n) => CONSUMERS.includes(n)).map((n) => `bench-${run}-${n}`);
  if (groups.length > 0) await waitForGroups(groups);
  // A group is Stable before its members have fetched their first offsets; give them a moment.
  await sleep(1000);

  const api: BenchStack['api'] = async (tok, method, path, body, headers = {}) => {
    const r = await fetch(`${gateway.url}/api${path}`, {
      method,
      headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as never };
  };
  const signIn = async (username: string): Promise<string> => {
    const r = await api<{ accessToken: string }>('', 'POST', '/identity/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`sign in ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken;
  };
  let admin: Promise<string> | undefined;
  const userToken: BenchStack['userToken'] = async (user) => {
    admin ??= signIn(ADMIN);
    const r = await api(await admin, 'POST', '/identity/users', { ...user, name: user.username, password });
    if (r.status !== 201) throw new Error(`create user ${user.username}: ${r.status} ${JSON.stringify(r.body)}`);
    return signIn(user.username);
  };
  return {
    run,
    services,
    gateway,
    all,
    secrets,
    dbName,
    coldStartMs,
    userToken,
    api,
    async stop() {
      await Promise.all(all.map((p) => p.stop()));
      if (names.includes('sla') || names.includes('qualifications')) await dropRedisKeys([`bench-sla-${run}*`, `bull:bench-qualifications-expiry-${run}*`, `bench-qualifications-expiry-${run}*`]);
    },
  };
}

/** The timers a bench made would otherwise stay in the shared Redis. */
async function dropRedisKeys(patterns: string[]): Promise<void> {
  const redis = new Redis(infra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
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

export interface City {
  cityCode: string;
  enterpriseId: string;
  enterpriseToken: string;
  liaisonIds: string[];
}

const CATEGORY = 'management_system';

/** Every liaison a bench puts on a roster has this prefix, so its assignments can be told from other suites'. */
export const liaisonPrefix = (run: string) => `bench-liaison-${run}-`;

/** The filing every bench sends: a category that needs no verifier qualification, so routing is decided by territory and load. */
export const FILING = JSON.stringify({
  category: CATEGORY,
  title: 'Help setting up a measurement management system',
  description: 'We are preparing for ISO 10012 and need advice on our calibration intervals.',
  instruments: [{ class: 'pressure gauge', count: 12, model: 'Y-100' }],
  priority: 'normal',
});

/**
 * Registers an enterprise through accounts and (when assignment runs) puts liaisons on the
 * city's roster; returns once requests has learnt the enterprise from accounts' events, by
 * filing one request (the first filing is also the warm-up of the whole path).
 */
export async function prepareCity(stack: BenchStack, opts: { cityCode: string; filings: number }): Promise<City> {
  const { cityCode } = opts;
  const manager = await stack.userToken({ username: `bench-cm-${stack.run}-${cityCode}`, role: 'city_manager', cityCode });
  const district = `${cityCode.slice(0, 4)}02`;
  const body = Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join('');
  const e = await stack.api<{ id: string }>(manager, 'POST', '/accounts/enterprises', { uscc: makeUscc('9', '1', district, body), name: `基准企业 ${stack.run}`, cityCode });
  if (e.status !== 201) throw new Error(`register enterprise: ${e.status} ${JSON.stringify(e.body)}`);
  const liaisonIds: string[] = [];
  // Enough liaisons for every filing to find room (the roster caps capacity at 1000 each).
  if (stack.services.assignment) {
    const count = Math.ceil((opts.filings + 100) / 1000);
    for (let i = 0; i < count; i++) {
      const userId = `${liaisonPrefix(stack.run)}${i}`;
      const r = await stack.api(manager, 'POST', '/assignment/liaisons', { userId, name: userId, cityCode, categories: [CATEGORY], capacity: 1000 });
      if (r.status !== 201) throw new Error(`roster ${userId}: ${r.status} ${JSON.stringify(r.body)}`);
      liaisonIds.push(userId);
    }
  }
  const enterpriseToken = await stack.userToken({ username: `bench-ent-${stack.run}-${cityCode}`, role: 'enterprise', enterpriseId: e.body.id });
  await waitFor(
    async () => {
      const r = await stack.api(enterpriseToken, 'POST', '/requests/requests', JSON.parse(FILING), { 'idempotency-key': `warm-${stack.run}` });
      if (r.status !== 201 && r.status !== 404) throw new Error(`warm-up filing: ${r.status} ${JSON.stringify(r.body)}`);
      return r.status === 201;
    },
    { timeoutMs: 180_000, intervalMs: 500, what: 'requests to learn the bench enterprise' },
  );
  return { cityCode, enterpriseId: e.body.id, enterpriseToken, liaisonIds };
}

/** Resident memory of a process in bytes, 0 once it has gone. */
export function rssOf(p: ServiceProcess): number {
  try {
    return p.rss();
  } catch {
    return 0;
  }
}
