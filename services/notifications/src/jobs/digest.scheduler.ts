import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import { queueDueDigests, type SendDeps } from '../use-cases/send-email';
import { startScheduled } from './scheduled';

export const DIGEST_SWEEP_QUEUE = 'notifications-digest-sweep';

/**
 * On the hour (Beijing time) the daily and weekly digests that are due are queued: those of
 * 08:00 at 08:00, and any a stopped service missed at the next hour it runs. The digests' own
 * job ids keep each to one email.
 */
export function startDigestSweep(opts: { connection: Redis; prefix: string; deps: Pick<SendDeps, 'deliveries' | 'digests'>; logger: Logger }): Promise<{ close(): Promise<void> }> {
  return startScheduled({
    ...opts,
    queue: DIGEST_SWEEP_QUEUE,
    schedulerId: 'digest-sweep',
    every: { pattern: '0 * * * *', tz: 'Asia/Shanghai' },
    run: async () => {
      const queued = await queueDueDigests(opts.deps, new Date());
      if (queued > 0) opts.logger.info({ queued }, 'digests queued');
      return queued;
    },
  });
}
