import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { infra, testKafka, testLogger, uniq, waitFor } from '@metrodesk/testkit';
import { createGatewayService, type GatewayService } from '@metrodesk/gateway/dist/service';
import { readConfig as gatewayConfig } from '@metrodesk/gateway/dist/config';
import type { IdentityService } from '@metrodesk/identity/dist/service';
import { createUser } from '@metrodesk/identity/dist/use-cases/users';

/**
 * The real services, in this process, behind the real gateway that also serves the built
 * console. Each service is loaded from its own dist/ by the house convention
 * (dist/config.js readConfig + dist/service.js create<Name>Service), so a service merged
 * later joins by adding its name to `services`, with nothing else to change here.
 */
export const ROOT = join(__dirname, '..', '..');
export const CONSOLE_DIR = join(ROOT, 'services', 'console', 'dist');
export const JWT_SECRET = 'e2e-jwt-secret-0123456789-abcdefghijkl';
export const IDENTITY_SECRET = 'e2e-identity-secret-0123456789-abcdef';
export const SERVICE_NAMES = ['identity', 'accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting', 'notifications', 'programmes'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

// Training and qualifications name people by the same keyed hash, so they share the keys.
const PRIVACY = { ID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), ID_HASH_KEY: Buffer.alloc(32, 9).toString('base64') };

/** Settings some services need beyond the shared ones; add a line when a service asks. */
const EXTRA_ENV: Partial<Record<ServiceName, Record<string, string>>> = {
  training: PRIVACY,
  qualifications: PRIVACY,
  // The stack serves plain http on 127.0.0.1, where a Secure cookie may be refused.
  identity: { JWT_SECRET, BCRYPT_ROUNDS: '4', REFRESH_COOKIE_SECURE: 'false' },
  requests: { ATTACHMENTS_DIR: join(tmpdir(), 'metrodesk-e2e-attachments') },
  sla: { SLA_QUEUE_PREFIX: 'metrodesk-sla-e2e' },
  // Mail goes to the shared Mailpit (deploy/local/env.sh); tests read it through its HTTP API.
  notifications: {
    SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
    SMTP_PORT: process.env.SMTP_PORT ?? '1026',
    QUEUE_PREFIX: 'metrodesk-notifications-e2e',
    // Tests run at any hour: quiet hours would hold the mail a test waits for.
    QUIET_HOURS_FROM: '0',
    QUIET_HOURS_TO: '0',
  },
};

interface Running {
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface Stack {
  baseUrl: string;
  identity: IdentityService;
  services: Partial<Record<ServiceName, Running>>;
  stop(): Promise<void>;
}

/** E2E_DIST_<NAME> loads a service from another build (trying a branch before it merges). */
const distOf = (name: ServiceName) => process.env[`E2E_DIST_${name.toUpperCase()}`] ?? join(ROOT, 'services', name, 'dist');

export const serviceBuilt = (name: ServiceName) => existsSync(join(distOf(name), 'service.js'));

const groupOf = (name: ServiceName, runId: string) => `e2e-${name}-${runId}`;

async function startService(name: ServiceName, runId: string, db: string, extra: Record<string, string> = {}): Promise<{ svc: Running; port: number; group?: string }> {
  const dist = distOf(name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readConfig } = require(join(dist, 'config.js')) as { readConfig: (env: NodeJS.ProcessEnv) => unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(dist, 'service.js')) as Record<string, unknown>;
  const factory = Object.entries(mod).find(([k, v]) => /^create\w+Service$/.test(k) && typeof v === 'function')?.[1] as (c: unknown, l: unknown) => Promise<Running>;
  if (!factory) throw new Error(`services/${name}/dist/service.js exports no create<Name>Service`);
  const config = readConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    MONGO_URL: infra.mongoUrl,
    MONGO_COMPAT: infra.mongoCompat,
    MONGO_DB: `metrodesk_${name}_${db}`,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    REDIS_URL: infra.redisUrl,
    IDENTITY_SECRET,
    OUTBOX_INTERVAL_MS: '100',
    // A group of its own per run: never shares partitions with a developer's running stack.
    CONSUMER_GROUP: groupOf(name, runId),
    CONSUMER_FROM_BEGINNING: 'false',
    ...EXTRA_ENV[name],
    ...extra,
  }) as Record<string, unknown>;
  const svc = await factory(config, testLogger(name));
  const port = await svc.start(0);
  // A service's config keeps CONSUMER_GROUP only if it reads it, i.e. if it consumes events.
  return { svc, port, ...(typeof config.CONSUMER_GROUP === 'string' ? { group: config.CONSUMER_GROUP } : {}) };
}

/**
 * Each service gets a consumer group of its own for the run, told to start at the end of its
 * topics (CONSUMER_FROM_BEGINNING=false) so it does not replay everyone's test history. A new
 * group starts reading once it has joined: the tests make their data only after every group
 * is stable.
 */
async function waitForGroups(groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const admin = testKafka(uniq('e2e-admin')).admin();
  await admin.connect();
  try {
    const joined = async () => {
      const { groups } = await admin.describeGroups(groupIds);
      return groups.every((g) => g.state === 'Stable' && g.members.length > 0);
    };
    await waitFor(joined, { timeoutMs: 60_000, intervalMs: 250, what: `consumer groups ${groupIds.join(', ')} to join` });
  } finally {
    await admin.disconnect();
  }
}

/** `db` names the databases (metrodesk_<service>_<db>): a suite that needs them empty drops its own first. */
/** `env`: a service's settings for this stack only (e.g. a short live-stream life for probes that read whole answers). */
export async function startStack(services: ServiceName[], { db = 'e2e', env: own = {} }: { db?: string; env?: Partial<Record<ServiceName, Record<string, string>>> } = {}): Promise<Stack> {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error(`build the console first: ${CONSOLE_DIR} has no index.html`);
  const names: ServiceName[] = ['identity', ...services.filter((s) => s !== 'identity')];
  const running: Partial<Record<ServiceName, Running>> = {};
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    JWT_SECRET,
    IDENTITY_SECRET,
    CONSOLE_DIR,
    RATE_LIMIT_PER_MINUTE: '100000',
    UPSTREAM_TIMEOUT_MS: '10000',
  };
  // Services not started point at a closed port: the gateway answers 502, the console says
  // the service is not available yet.
  for (const s of SERVICE_NAMES) env[`${s.toUpperCase()}_URL`] = 'http://127.0.0.1:9';
  const runId = uniq('run');
  const groups: string[] = [];
  for (const name of names) {
    const { svc, port, group } = await startService(name, runId, db, own[name]);
    running[name] = svc;
    if (group) groups.push(group);
    // Notifications keeps its projections of users and enterprises in a second group.
    if (group && name === 'notifications') groups.push(`${group}-users`);
    env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}`;
  }
  await waitForGroups(groups);
  const gateway: GatewayService = createGatewayService(gatewayConfig(env), testLogger('gateway'));
  const port = await gateway.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    identity: running.identity as IdentityService,
    services: running,
    async stop() {
      await gateway.stop();
      for (const name of [...names].reverse()) await running[name]?.stop().catch(() => undefined);
    },
  };
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  name: string;
  role: 'enterprise' | 'liaison' | 'city_manager' | 'province_manager' | 'admin';
  cityCode?: string;
  enterpriseId?: string;
}

/** Creates a user straight through identity's use case (the console's own user screen is tested separately). */
export async function makeUser(stack: Stack, role: TestUser['role'], extra: { cityCode?: string; enterpriseId?: string; name?: string; email?: string } = {}): Promise<TestUser> {
  const username = uniq(role.replace('_', '')).toLowerCase();
  const password = `Pw-${uniq('x')}-9`;
  const name = extra.name ?? `${role} ${username.slice(-6)}`;
  const u = await createUser(stack.identity.deps, 'bootstrap', { username, password, name, role, ...extra });
  return { id: u.id, username, password, name, role, ...extra };
}

/**
 * Signs in through the gateway and calls it as that user (for setting up data). Signs in again
 * before the 15-minute access token runs out, and retries a 502/503/504 (a service too busy on
 * a loaded machine to answer within the gateway's timeout) a few times.
 */
export async function apiAs(stack: Stack, user: TestUser) {
  const login = async () => {
    const res = await fetch(`${stack.baseUrl}/api/identity/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }) });
    if (!res.ok) throw new Error(`login ${user.username}: ${res.status} ${await res.text()}`);
    return { token: ((await res.json()) as { accessToken: string }).accessToken, at: Date.now() };
  };
  let session = await login();
  return async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    if (Date.now() - session.at > 10 * 60_000) session = await login();
    // JSON by default; a FormData (multipart) or a string (CSV and the like, with the caller's
    // content-type) goes as it is.
    const raw = body instanceof FormData || typeof body === 'string';
    let r: Response;
    for (let attempt = 1; ; attempt++) {
      r = await fetch(`${stack.baseUrl}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${session.token}`, ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : raw ? (body as FormData | string) : JSON.stringify(body),
      });
      if (![502, 503, 504].includes(r.status) || attempt === 4) break;
      await r.arrayBuffer();
      await new Promise((res) => setTimeout(res, 2000 * attempt));
    }
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (an export): keep the text
    }
    return { status: r.status, body: parsed as T };
  };
}

/**
 * Files a first request for the enterprise once the requests service knows it. A consumer group
 * new to the run resolves "the end of the topic" only at its first fetch, so an event sent just
 * before that can be missed: every 10 tries, the enterprise is changed to send another.
 */
export async function fileWhenKnown(stack: Stack, owner: TestUser, staff: TestUser, enterpriseId: string, filing: Record<string, unknown>, key: string) {
  const asOwner = await apiAs(stack, owner);
  const asStaff = await apiAs(stack, staff);
  let tries = 0;
  return waitFor(
    async () => {
      const r = await asOwner<{ id: string; version: number; number: string }>('POST', '/requests/requests', filing, { 'idempotency-key': key });
      if (r.status === 201 || r.status === 200) return r.body;
      if (++tries % 10 === 0) {
        const current = await asStaff<{ version: number }>('GET', `/accounts/enterprises/${enterpriseId}`);
        await asStaff('PATCH', `/accounts/enterprises/${enterpriseId}`, { version: current.body.version, address: `地址 ${tries}` });
      }
      return undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1000, what: 'requests to learn the enterprise and take a filing' },
  );
}
