import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import type { InboxRepository } from '../use-cases/ports';

export const PRUNE_QUEUE = 'notifications-prune';
const DAY = 86_400_000;

/** Once an hour, inbox entries older than the retention go (one scheduler however many processes). */
export async function startPruning(opts: { connection: Redis; prefix: string; inbox: InboxRepository; retentionDays: number; logger: Logger }): Promise<{ close(): Promise<void> }> {
  const queue = new Queue(PRUNE_QUEUE, { connection: opts.connection, prefix: opts.prefix });
  await queue.upsertJobScheduler('prune-inbox', { every: 3_600_000 }, { name: 'prune', opts: { removeOnComplete: 10, removeOnFail: 10 } });
  const worker = new Worker(
    PRUNE_QUEUE,
    async () => {
      const removed = await opts.inbox.pruneBefore(new Date(Date.now() - opts.retentionDays * DAY));
      if (removed > 0) opts.logger.info({ removed }, 'old inbox entries removed');
      return removed;
    },
    { connection: opts.connection, prefix: opts.prefix },
  );
  worker.on('error', (err) => opts.logger.warn({ err: err.message }, 'prune worker error'));
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
