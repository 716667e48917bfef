import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { uniq, waitFor, startStack as startHarness, type Stack as Harness } from '@metrodesk/testkit';

/**
 * The real services, in this process, behind the real gateway that also serves the built
 * console: testkit's harness in mode 'in-process', so a failing spec shows every service's
 * state in one process (one log, breakpoints) and starts in seconds. Each spec's stack has a
 * Kafka namespace and databases of its own, dropped when it stops (E2E_KEEP_DATA=1 keeps the
 * databases to look into after a failure). A service merged later joins by adding its name
 * to `services`, with nothing else to change here.
 */
export const ROOT = join(__dirname, '..', '..');
export const CONSOLE_DIR = join(ROOT, 'services', 'console', 'dist');
export const SERVICE_NAMES = ['identity', 'accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting', 'notifications', 'programmes'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Settings some services need beyond the harness's; add a line when a service asks. */
const SERVICE_ENV: Partial<Record<ServiceName | 'gateway', Record<string, string>>> = {
  // The stack serves plain http on 127.0.0.1, where a Secure cookie may be refused.
  identity: { BCRYPT_ROUNDS: '4', REFRESH_COOKIE_SECURE: 'false' },
  // Mail goes to the shared Mailpit (deploy/local/env.sh); tests read it through its HTTP API.
  notifications: {
    SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
    SMTP_PORT: process.env.SMTP_PORT ?? '1026',
    // Tests run at any hour: quiet hours would hold the mail a test waits for.
    QUIET_HOURS_FROM: '0',
    QUIET_HOURS_TO: '0',
  },
  gateway: { CONSOLE_DIR, RATE_LIMIT_PER_MINUTE: '100000', UPSTREAM_TIMEOUT_MS: '10000' },
};

export type Stack = Harness & { baseUrl: string };

/** E2E_DIST_<NAME> loads a service from another build (trying a branch before it merges). */
const distOf = (name: string) => process.env[`E2E_DIST_${name.toUpperCase()}`] ?? join(ROOT, 'services', name, 'dist');

/**
 * `label` starts the stack's namespace and database names (metrodesk_<service>_<label>-...), to
 * tell a spec's leftovers apart. `env`: a service's settings for this stack only (e.g. a short
 * live-stream life for probes that read whole answers).
 */
export async function startStack(services: ServiceName[], { label = 'e2e', env: own = {} }: { label?: string; env?: Partial<Record<ServiceName, Record<string, string>>> } = {}): Promise<Stack> {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error(`build the console first: ${CONSOLE_DIR} has no index.html`);
  const serviceEnv: Record<string, Record<string, string>> = { ...SERVICE_ENV };
  for (const [name, vars] of Object.entries(own)) serviceEnv[name] = { ...serviceEnv[name], ...vars };
  const stack = await startHarness({
    services,
    mode: 'in-process',
    namespace: uniq(label),
    env: { NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', OUTBOX_INTERVAL_MS: '100' },
    serviceEnv,
    distOf,
    dropDatabases: { after: process.env.E2E_KEEP_DATA !== '1' },
    busyRetries: 3,
  });
  return Object.assign(stack, { baseUrl: stack.gatewayUrl });
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

/** Creates a user through identity's API as the stack's administrator (the console's own user screen is tested separately). */
export async function makeUser(stack: Stack, role: TestUser['role'], extra: { cityCode?: string; enterpriseId?: string; name?: string; email?: string } = {}): Promise<TestUser> {
  const username = uniq(role.replace('_', '')).toLowerCase();
  const password = `Pw-${uniq('x')}-9`;
  const name = extra.name ?? `${role} ${username.slice(-6)}`;
  const u = await stack.createUser({ username, password, name, role, ...extra });
  return { id: u.id, username, password, name, role, ...extra };
}

/**
 * Signs in through the gateway and calls it as that user (for setting up data); the harness
 * signs in again before the access token runs out and retries a 502/503/504 a few times.
 */
export async function apiAs(stack: Stack, user: TestUser) {
  return stack.session(user.username, user.password);
}

/**
 * Files a first request for the enterprise once the requests service knows it (it learns the
 * enterprise from accounts' events a moment after registration). Should an event go astray,
 * every 10 tries the enterprise is changed to send another.
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
