import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import { sendCityDigests, sendProvinceDigests, type ManagerDigestDeps } from '../use-cases/manager-digests';
import { startScheduled } from './scheduled';

export const MANAGER_DIGEST_QUEUE = 'notifications-manager-digests';

/**
 * At 08:00 Beijing time: the city managers' digest (the use case skips days off by the
 * bureau's calendar) and, on Mondays, the province managers' weekly rates. One BullMQ job
 * scheduler runs it once per morning however many processes are up, and each digest is keyed
 * by its day or week, so a repeated run tells nobody twice.
 */
export function startManagerDigests(opts: { connection: Redis; prefix: string; deps: ManagerDigestDeps; logger: Logger }): Promise<{ close(): Promise<void> }> {
  return startScheduled({
    ...opts,
    queue: MANAGER_DIGEST_QUEUE,
    schedulerId: 'manager-digests',
    every: { pattern: '0 8 * * *', tz: 'Asia/Shanghai' },
    run: async () => {
      const now = new Date();
      const city = await sendCityDigests(opts.deps, now);
      const province = await sendProvinceDigests(opts.deps, now);
      opts.logger.info({ city, province }, 'manager digests');
      return { city, province };
    },
  });
}
