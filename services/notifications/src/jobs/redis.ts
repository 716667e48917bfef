import IORedis, { type Redis } from 'ioredis';

export function redisConnection(url: string): Redis {
  // BullMQ needs blocking commands to wait as long as they must.
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
