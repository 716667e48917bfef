import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import type { InboxItem, LiveFeed } from '../use-cases/ports';

/**
 * New inbox entries over Redis pub/sub, so a stream open on any process of the service hears
 * of an entry written by another.
 */
export class RedisLiveFeed implements LiveFeed {
  private readonly listeners = new Map<string, Set<(item: InboxItem) => void>>();
  private readonly channel: string;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}:inbox`;
  }

  async start(): Promise<void> {
    this.sub.on('message', (_channel: string, text: string) => {
      try {
        const raw = JSON.parse(text) as InboxItem & { createdAt: string; readAt: string | null };
        const item: InboxItem = { ...raw, createdAt: new Date(raw.createdAt), readAt: raw.readAt ? new Date(raw.readAt) : null };
        for (const fn of this.listeners.get(item.userId) ?? []) fn(item);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'unreadable live inbox message ignored');
      }
    });
    // A SUBSCRIBE sent while the connection is still being made can reach the server ahead of
    // ioredis's own ready check (INFO), which the server then refuses in subscriber mode; the
    // connection is dropped and streams stay silent (redis/ioredis#2037, since 5.8.2). Once
    // ready, it is safe, and ioredis subscribes again by itself after a reconnect.
    await whenReady(this.sub);
    await this.sub.subscribe(this.channel);
  }

  async publish(item: InboxItem): Promise<void> {
    await this.pub.publish(this.channel, JSON.stringify(item));
  }

  subscribe(userId: string, fn: (item: InboxItem) => void): () => void {
    const set = this.listeners.get(userId) ?? new Set();
    set.add(fn);
    this.listeners.set(userId, set);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  get openStreams(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}

function whenReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      redis.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      redis.off('ready', onReady);
      reject(new Error('the Redis connection for the live inbox closed before it was ready'));
    };
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}
