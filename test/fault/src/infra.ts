import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * Private servers for one run of the fault suite: PostgreSQL, FerretDB, Kafka and Redis
 * started by deploy/local/up with their own METRODESK_LOCAL_DIR (.local/fault) and ports
 * picked free at start. The suite stops and kills these; it must never reach the shared
 * servers on the default ports, so the constructor refuses a directory or port that could
 * be theirs.
 */
export const ROOT = resolve(__dirname, '../../..');
const LOCAL = join(ROOT, 'deploy', 'local');
const SHARED_PORTS = new Set([55432, 27027, 28088, 29092, 29093, 6390]);

export type Server = 'kafka' | 'ferretdb' | 'postgres' | 'redis' | 'mailpit';

function canBind(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

/**
 * The lowest port the kernel hands out to outgoing connections. Listening ports are picked
 * below it: a port inside that range, free when picked, can be taken by a client socket
 * before a server binds it (the cluster's brokers start minutes after the pick, and a
 * restarted broker must get its port back).
 */
function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** `n` consecutive free ports (the Kafka cluster numbers its brokers base, base+1, base+2), below the ephemeral range. */
async function freeRange(n: number, taken: Set<number>): Promise<number> {
  const low = 20000;
  const high = Math.max(low + 1000, ephemeralLow()) - n;
  for (let tries = 0; tries < 200; tries++) {
    const base = low + Math.floor(Math.random() * (high - low));
    const range = Array.from({ length: n }, (_, i) => base + i);
    if (range.some((p) => taken.has(p) || SHARED_PORTS.has(p))) continue;
    if ((await Promise.all(range.map(canBind))).every(Boolean)) {
      range.forEach((p) => taken.add(p));
      return base;
    }
  }
  throw new Error('no free port range found');
}

export function sh(script: string, args: string[], env: Record<string, string>, quiet = false): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn('bash', [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (!quiet) process.stderr.write(d);
    });
    child.on('exit', (code) => (code === 0 ? res(out) : rej(new Error(`${script} ${args.join(' ')} exited ${code}: ${err.slice(-1500)}`))));
  });
}

export class PrivateInfra {
  readonly dir: string;
  readonly ports: Record<string, number> = {};

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Picks ports, links the installed binaries from the install dir, wipes old data. */
  static async prepare(): Promise<PrivateInfra> {
    const dir = resolve(process.env.FAULT_LOCAL_DIR ?? join(ROOT, '.local', 'fault'));
    // Where deploy/local/install put FerretDB and Kafka (CI: <repo>/.local).
    const installDir = resolve(process.env.FAULT_INSTALL_DIR ?? process.env.METRODESK_LOCAL_DIR ?? join(ROOT, '.local'));
    if (dir === installDir || !dir.includes('fault')) throw new Error(`refusing to run the fault suite's servers in ${dir}: it could be the shared servers' directory`);
    const infra = new PrivateInfra(dir);
    const taken = new Set<number>();
    for (const name of ['PG_PORT', 'FERRETDB_PORT', 'FERRETDB_DEBUG_PORT', 'KAFKA_PORT', 'KAFKA_CONTROLLER_PORT', 'REDIS_PORT', 'MAILPIT_SMTP_PORT', 'MAILPIT_HTTP_PORT']) infra.ports[name] = await freeRange(1, taken);
    infra.ports.KAFKA_CLUSTER_PORT = await freeRange(3, taken);
    infra.ports.KAFKA_CLUSTER_CONTROLLER_PORT = await freeRange(3, taken);
    // A clean slate each run: the checks count what this run filed.
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    rmSync(join(dir, 'run'), { recursive: true, force: true });
    mkdirSync(join(dir, 'bin'), { recursive: true });
    const version = process.env.FERRETDB_VERSION ?? 'v1.24.2';
    const kafka = `kafka-${process.env.KAFKA_VERSION ?? '3.9.1'}`;
    // deploy/local/up starts Mailpit too (the notifications service's SMTP server): link it as well.
    const mailpit = join('bin', `mailpit-${process.env.MAILPIT_VERSION ?? 'v1.27.11'}`);
    for (const rel of [join('bin', `ferretdb-${version}`), kafka, mailpit]) {
      const target = join(installDir, rel);
      if (!existsSync(target)) throw new Error(`${target} is missing: run deploy/local/install (or set FAULT_INSTALL_DIR)`);
      if (!existsSync(join(dir, rel))) symlinkSync(target, join(dir, rel));
    }
    return infra;
  }

  get mongoUrl(): string {
    return `mongodb://127.0.0.1:${this.ports.FERRETDB_PORT}/`;
  }
  get kafkaBrokers(): string {
    return `127.0.0.1:${this.ports.KAFKA_PORT}`;
  }
  get clusterBrokers(): string {
    const p = this.ports.KAFKA_CLUSTER_PORT!;
    return [p, p + 1, p + 2].map((x) => `127.0.0.1:${x}`).join(',');
  }
  /** This run's Mailpit: its SMTP port for the notifications service, its HTTP API for the checks. */
  get smtpPort(): number {
    return this.ports.MAILPIT_SMTP_PORT!;
  }
  get mailpitUrl(): string {
    return `http://127.0.0.1:${this.ports.MAILPIT_HTTP_PORT}`;
  }
  get redisUrl(): string {
    return `redis://127.0.0.1:${this.ports.REDIS_PORT}`;
  }

  /** Everything deploy/local/* reads; the connection URLs are set explicitly so an inherited MONGO_URL (CI exports the shared one) never leaks in. */
  env(): Record<string, string> {
    return {
      METRODESK_LOCAL_DIR: this.dir,
      ...Object.fromEntries(Object.entries(this.ports).map(([k, v]) => [k, String(v)])),
      MONGO_URL: this.mongoUrl,
      KAFKA_BROKERS: this.kafkaBrokers,
      REDIS_URL: this.redisUrl,
      KAFKA_HEAP: process.env.FAULT_KAFKA_HEAP ?? '384m',
      PG_FSYNC: 'off',
    };
  }

  /** Starts whatever is not running and waits until all of it answers (deploy/local/up is idempotent). */
  async up(): Promise<void> {
    await sh(join(LOCAL, 'up'), [], this.env(), true);
  }

  async down(): Promise<void> {
    await sh(join(LOCAL, 'kafka-cluster'), ['down'], this.env(), true).catch(() => undefined);
    await sh(join(LOCAL, 'down'), [], this.env(), true);
  }

  private pid(name: string): number | undefined {
    const f = join(this.dir, 'run', `${name}.pid`);
    return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : undefined;
  }

  /** Stops one server: `kill` sends SIGKILL (a crash), otherwise SIGTERM (an orderly stop). */
  async stop(server: Server, kill = false): Promise<void> {
    if (server === 'postgres') {
      // Immediate mode: no checkpoint, clients cut off, crash recovery at the next start.
      await bashInline(`source "${join(LOCAL, 'env.sh')}"; as_pg "$PG_BIN_DIR/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null; rm -f "$RUN_DIR/postgres.pid"`, this.env());
      return;
    }
    const pid = this.pid(server);
    if (!pid) throw new Error(`${server} has no pid file in ${this.dir}/run`);
    try {
      process.kill(pid, kill ? 'SIGKILL' : 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 300; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await sleep(100);
    }
    process.kill(pid, 'SIGKILL');
  }

  async clusterUp(): Promise<void> {
    await sh(join(LOCAL, 'kafka-cluster'), ['up'], this.env(), true);
  }

  async clusterBroker(action: 'stop' | 'start', n: number): Promise<void> {
    await sh(join(LOCAL, 'kafka-cluster'), [action, String(n)], this.env(), true);
  }
}

function bashInline(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`bash exited ${code}: ${err.slice(-1000)}`))));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
