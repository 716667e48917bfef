import { randomBytes, randomInt } from 'node:crypto';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { startStack, waitFor, type ServiceProcess, type Stack } from '@metrodesk/testkit';

/**
 * The built services as real processes on free ports (testkit's harness in mode 'process'),
 * with a Kafka namespace of their own, so a bench shares only the servers with everyone else
 * and sees only the events it makes.
 */
export const SERVICES = ['identity', 'accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

export type BenchStack = Stack & {
  /** Tags what the bench makes (usernames, liaisons, idempotency keys). */
  run: string;
  services: Partial<Record<ServiceName, ServiceProcess>>;
  gateway: ServiceProcess;
  /** Every process, gateway included. */
  all: ServiceProcess[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the named services, identity always among them: the gateway lets through only tokens
 * identity issued at a sign-in it still knows, so a bench signs its users in as people do.
 * Databases are named per bench (not per run) and dropped first, so runs start alike and leave
 * one copy behind.
 */
export async function startBenchStack(wanted: ServiceName[], tag: string): Promise<BenchStack> {
  const run = `${tag}-${randomBytes(3).toString('hex')}`;
  const stack = await startStack({
    services: wanted,
    mode: 'process',
    namespace: `bench-${run}`,
    dbName: (n) => `metrodesk_${n}_bench_${tag}`,
    dropDatabases: { before: true },
    env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    serviceEnv: {
      // The longest lifetime identity issues (the gateway's cap): a bench's load runs on one sign-in.
      identity: { ACCESS_TTL_SECONDS: '3600' },
      gateway: { RATE_LIMIT_PER_MINUTE: '100000000', UPSTREAM_TIMEOUT_MS: '30000' },
    },
  });
  // A group is Stable before its members have fetched their first offsets; give them a moment.
  await sleep(1000);
  const processes = Object.values(stack.members).map((m) => m.process!);
  const services: BenchStack['services'] = {};
  for (const p of processes) if (p.name !== 'gateway') services[p.name as ServiceName] = p;
  return Object.assign(stack, { run, services, gateway: stack.members.gateway!.process!, all: processes });
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
