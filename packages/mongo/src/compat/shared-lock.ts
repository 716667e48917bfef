import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

/**
 * The cross-process half of the ferretdb-v1 write serialisation (docs/decisions/0010): the
 * same readers-writer scheme as the in-process CollectionLock, kept in a Redis every replica
 * shares. Per collection (`ns`):
 *   - `…{ns}:docs`, a sorted set of the per-document writes in progress (member: owner token,
 *     score: expiry in Redis' own clock). A per-document write joins it only while no
 *     collection-wide write holds `…{ns}:all`, then takes `…{ns}:doc:<id>`;
 *   - `…{ns}:all`, the collection-wide write's lock. Once taken no per-document write joins,
 *     and the holder waits until the set is empty, so it excludes every process's writes.
 * Every lock carries its owner's token and an expiry: a process killed while holding one
 * stalls the others for at most `ttlMs`. A holder renews its locks every third of that, so a
 * slow write never outlives its lock; release deletes only what the token still owns (Lua).
 */

const PREFIX = 'metrodesk:mongo-compat';

/** Deletes KEYS[1] if ARGV[1] still owns it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** Server time in ms: every process's expiries are read against one clock. */
const NOW = `local t = redis.call('time') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Joins the collection's per-document writes (KEYS[2]) as ARGV[1] until now + ARGV[2] ms,
 * unless a collection-wide write holds KEYS[1]. Forgets members whose owner died.
 */
const JOIN = `${NOW}
redis.call('zremrangebyscore', KEYS[2], '-inf', now)
if redis.call('exists', KEYS[1]) == 1 then return 0 end
redis.call('zadd', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('pexpire', KEYS[2], ARGV[2])
return 1`;

/** Per-document writes still in progress in KEYS[1], after forgetting those whose owner died. */
const IN_PROGRESS = `${NOW}
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
return redis.call('zcard', KEYS[1])`;

/** Extends ARGV[1]'s hold on the lock KEYS[1] by ARGV[2] ms; 0 when it no longer holds it. */
const RENEW_LOCK = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('pexpire', KEYS[1], ARGV[2])`;

/** Extends ARGV[1]'s membership of the per-document writes KEYS[1] by ARGV[2] ms; 0 when it is no longer a member. */
const RENEW_MEMBER = `${NOW}
if not redis.call('zscore', KEYS[1], ARGV[1]) then return 0 end
redis.call('zadd', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
redis.call('pexpire', KEYS[1], ARGV[2])
return 1`;

export interface SharedLockOptions {
  /** How long a lock outlives a holder that stopped renewing it (killed): the stall after a crash. */
  ttlMs?: number;
  /** The longest pause between two tries of a taken lock. */
  maxPollMs?: number;
  /** Told when a holder finds its lock gone (expired while held): exclusion was lost. */
  onLost?: (key: string) => void;
}

/** Lets go of a shared lock; if that fails, the lock expires after `ttlMs`. */
export type SharedRelease = () => Promise<void>;

export class SharedWriteLocks {
  private readonly ttlMs: number;
  private readonly maxPollMs: number;
  private readonly renewals = new Set<NodeJS.Timeout>();

  constructor(
    private readonly redis: Redis,
    private readonly opts: SharedLockOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 10_000;
    this.maxPollMs = opts.maxPollMs ?? 20;
  }

  static connect(url: string, opts: SharedLockOptions = {}): SharedWriteLocks {
    // Few retries: with Redis unreachable a write fails (503) instead of running unserialised or hanging.
    const redis = new Redis(url, { maxRetriesPerRequest: 2 });
    // The lock store never holds a process open on its own (a test run, a stopping service):
    // whoever waits on a lock waits on the write that needs it.
    redis.on('connect', () => (redis as unknown as { stream?: { unref?: () => void } }).stream?.unref?.());
    return new SharedWriteLocks(redis, opts);
  }

  /** Stops renewing (what is held expires after `ttlMs`) and closes the connection. */
  async close(): Promise<void> {
    for (const t of this.renewals) clearInterval(t);
    this.renewals.clear();
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** A per-document write of `ns`: waits out collection-wide writes of every process, then the document's other writers. */
  async doc(ns: string, key: string): Promise<SharedRelease> {
    const token = randomUUID();
    const [all, docs, doc] = [`${PREFIX}:{${ns}}:all`, `${PREFIX}:{${ns}}:docs`, `${PREFIX}:{${ns}}:doc:${key}`];
    await this.poll(async () => (await this.redis.eval(JOIN, 2, all, docs, token, this.ttlMs)) === 1);
    // Renewed while it waits for the document too: a collection-wide write must keep waiting for it.
    const stopMember = this.renew(RENEW_MEMBER, docs, token);
    try {
      await this.poll(async () => (await this.redis.set(doc, token, 'PX', this.ttlMs, 'NX')) === 'OK');
    } catch (err) {
      stopMember();
      await this.redis.zrem(docs, token).catch(() => undefined);
      throw err;
    }
    const stopLock = this.renew(RENEW_LOCK, doc, token);
    return async () => {
      stopLock();
      stopMember();
      await this.redis.eval(RELEASE, 1, doc, token);
      await this.redis.zrem(docs, token);
    };
  }

  /** A collection-wide write of `ns`: holds off new per-document writes of every process and waits for those in progress. */
  async all(ns: string): Promise<SharedRelease> {
    const token = randomUUID();
    const [all, docs] = [`${PREFIX}:{${ns}}:all`, `${PREFIX}:{${ns}}:docs`];
    await this.poll(async () => (await this.redis.set(all, token, 'PX', this.ttlMs, 'NX')) === 'OK');
    const stopRenewing = this.renew(RENEW_LOCK, all, token);
    try {
      await this.poll(async () => (await this.redis.eval(IN_PROGRESS, 1, docs)) === 0);
    } catch (err) {
      stopRenewing();
      await this.redis.eval(RELEASE, 1, all, token).catch(() => undefined);
      throw err;
    }
    return async () => {
      stopRenewing();
      await this.redis.eval(RELEASE, 1, all, token);
    };
  }

  /** Tries until `attempt` succeeds, backing off from 1 ms to `maxPollMs` with jitter. */
  private async poll(attempt: () => Promise<boolean>): Promise<void> {
    for (let i = 0; !(await attempt()); i++) {
      const pause = Math.min(this.maxPollMs, 2 ** i) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /** Runs `script` (RENEW_LOCK or RENEW_MEMBER) every third of `ttlMs` until the returned stop is called. */
  private renew(script: string, key: string, token: string): () => void {
    const timer = setInterval(() => {
      this.redis.eval(script, 1, key, token, this.ttlMs).then(
        (held) => {
          if (held !== 1) this.opts.onLost?.(key);
        },
        () => undefined,
      );
    }, Math.max(1, Math.floor(this.ttlMs / 3)));
    timer.unref();
    this.renewals.add(timer);
    return () => {
      clearInterval(timer);
      this.renewals.delete(timer);
    };
  }
}
