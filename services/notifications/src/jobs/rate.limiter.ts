import type { Redis } from 'ioredis';
import type { RateLimiter } from '../use-cases/send-email';

/** Per-person email counts per window in Redis, shared by every process. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async take(userId: string, window: number): Promise<number> {
    const key = `${this.prefix}:email-rate:${userId}:${window}`;
    const [[, n]] = (await this.redis.multi().incr(key).pexpire(key, 120_000).exec()) as [[unknown, number], unknown];
    return n;
  }
}
