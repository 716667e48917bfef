import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { infra } from './infra';

/**
 * Runs Metrodesk services as real processes (their built dist/main.js), for the fault
 * suite, the benchmarks and browser tests: a service can be killed with SIGKILL mid-load
 * and started again on the same port, and its resident memory read from /proc.
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
    readonly env: Record<string, string>,
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

  /** Resident memory in bytes, from /proc. */
  rss(): number {
    if (!this.child?.pid) return 0;
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  }
}

export interface StackOptions {
  services: string[];
  /** Extra environment for every service (database name suffix, intervals, ...). */
  env?: Record<string, string>;
  dbSuffix?: string;
}

/** Starts the named services, each on a free port, wired to each other through their *_URL variables. */
export async function startStack(opts: StackOptions): Promise<{ services: Record<string, ServiceProcess>; secrets: Record<string, string>; stop(): Promise<void> }> {
  const secrets = stackSecrets();
  const ports = Object.fromEntries(await Promise.all(opts.services.map(async (s) => [s, await freePort()] as const)));
  const urls = Object.fromEntries(opts.services.map((s) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${ports[s]}`]));
  const services: Record<string, ServiceProcess> = {};
  for (const name of opts.services) {
    const env = {
      MONGO_URL: infra.mongoUrl,
      MONGO_COMPAT: infra.mongoCompat,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      REDIS_URL: infra.redisUrl,
      LOG_LEVEL: 'warn',
      MONGO_DB: `metrodesk_${name}${opts.dbSuffix ? `_${opts.dbSuffix}` : ''}`,
      ...secrets,
      ...urls,
      ...opts.env,
    };
    services[name] = new ServiceProcess(name, ports[name]!, env);
  }
  await Promise.all(Object.values(services).map((s) => s.start()));
  return {
    services,
    secrets,
    stop: async () => {
      await Promise.all(Object.values(services).map((s) => s.stop()));
    },
  };
}
