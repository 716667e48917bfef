import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { infra, freePort, ServiceProcess, stackSecrets } from '@metrodesk/testkit';

export const ADMIN = { username: 'security-admin', password: `Sec-${randomBytes(6).toString('hex')}-1` };
/** The per-minute budget the gateway is started with; the spoofing probe spends past it. */
export const RATE_LIMIT = 150;
/** How long the gateway may reuse identity's word on a sign-in: the most a revoked token lives on. */
export const SESSION_CACHE_MS = 500;

export interface SecurityStack {
  gateway: ServiceProcess;
  accounts: ServiceProcess;
  identity: ServiceProcess;
  /** A server the services must never be made to reach, and how often it was reached. */
  bait: { port: number; hits: () => number };
  call(method: string, path: string, opts?: { token?: string; body?: unknown; raw?: Buffer | string; type?: string; headers?: Record<string, string> }): Promise<{ status: number; body: unknown; text: string; headers: Headers }>;
  signIn(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  stop(): Promise<void>;
}

/** Resident memory of a process in bytes, from /proc (Linux). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

export async function startSecurityStack(): Promise<SecurityStack> {
  const run = randomBytes(3).toString('hex');
  const secrets = stackSecrets();
  const db = (n: string) => `metrodesk_${n}_security_${run}`;
  const [identityPort, accountsPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'warn', MONGO_URL: infra.mongoUrl, MONGO_COMPAT: infra.mongoCompat, KAFKA_BROKERS: infra.kafkaBrokers.join(','), REDIS_URL: infra.redisUrl, CONSUMER_FROM_BEGINNING: 'false', ...secrets };
  const identity = new ServiceProcess('identity', identityPort, { ...common, MONGO_DB: db('identity'), BCRYPT_ROUNDS: '4', LOGIN_ATTEMPTS_PER_CLIENT: '100', BOOTSTRAP_ADMIN_USERNAME: ADMIN.username, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
  const accounts = new ServiceProcess('accounts', accountsPort, { ...common, MONGO_DB: db('accounts') });
  const urls: Record<string, string> = {};
  for (const n of ['accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting', 'identity']) urls[`${n.toUpperCase()}_URL`] = 'http://127.0.0.1:9';
  urls.IDENTITY_URL = identity.url;
  urls.ACCOUNTS_URL = accounts.url;
  const gateway = new ServiceProcess('gateway', gatewayPort, { ...common, ...urls, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), SESSION_CHECK_CACHE_MS: String(SESSION_CACHE_MS) });

  let hits = 0;
  const baitServer: Server = createServer((_req, res) => {
    hits += 1;
    res.end('{"secret":"bait"}');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => baitServer.once('listening', r));

  const all = [identity, accounts, gateway];
  try {
    await Promise.all(all.map((p) => p.start(120_000)));
  } catch (err) {
    await Promise.all(all.map((p) => p.kill()));
    baitServer.close();
    throw err;
  }

  const call: SecurityStack['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Buffer | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers['content-type'] = opts.type ?? 'application/octet-stream';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const r = await fetch(`${gateway.url}${path}`, { method, headers, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body), redirect: 'manual' });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a CSV export): keep the text
    }
    return { status: r.status, body: parsed, text, headers: r.headers };
  };
  const signIn: SecurityStack['signIn'] = async (username, password) => {
    const r = await call('POST', '/api/identity/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${r.text}`);
    return r.body as { accessToken: string; refreshToken: string };
  };

  return {
    gateway,
    accounts,
    identity,
    bait: { port: (baitServer.address() as AddressInfo).port, hits: () => hits },
    call,
    signIn,
    async stop() {
      await Promise.all(all.map((p) => p.stop()));
      baitServer.close();
      const client = new MongoClient(infra.mongoUrl, { serverSelectionTimeoutMS: 5000 });
      await client.connect();
      try {
        for (const n of ['identity', 'accounts']) await client.db(db(n)).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
