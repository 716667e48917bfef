import { Queue, Worker, type RepeatOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';

/**
 * A job that runs on a schedule: one BullMQ job scheduler, so one run per tick however many
 * processes of the service are up.
 */
export async function startScheduled(opts: { connection: Redis; prefix: string; queue: string; schedulerId: string; every: Omit<RepeatOptions, 'key'>; run: () => Promise<unknown>; logger: Logger }): Promise<{ close(): Promise<void> }> {
  const queue = new Queue(opts.queue, { connection: opts.connection, prefix: opts.prefix });
  await queue.upsertJobScheduler(opts.schedulerId, opts.every, { name: 'run', opts: { removeOnComplete: 10, removeOnFail: 10 } });
  const worker = new Worker(opts.queue, opts.run, { connection: opts.connection, prefix: opts.prefix });
  worker.on('error', (err) => opts.logger.warn({ err: err.message, queue: opts.queue }, 'scheduled job error'));
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
