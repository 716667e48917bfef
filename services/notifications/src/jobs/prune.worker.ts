import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import type { InboxRepository } from '../use-cases/ports';
import { startScheduled } from './scheduled';

export const PRUNE_QUEUE = 'notifications-prune';
const DAY = 86_400_000;

/** Once an hour, inbox entries older than the retention go. */
export function startPruning(opts: { connection: Redis; prefix: string; inbox: InboxRepository; retentionDays: number; logger: Logger }): Promise<{ close(): Promise<void> }> {
  return startScheduled({
    ...opts,
    queue: PRUNE_QUEUE,
    schedulerId: 'prune-inbox',
    every: { every: 3_600_000 },
    run: async () => {
      const removed = await opts.inbox.pruneBefore(new Date(Date.now() - opts.retentionDays * DAY));
      if (removed > 0) opts.logger.info({ removed }, 'old inbox entries removed');
      return removed;
    },
  });
}
