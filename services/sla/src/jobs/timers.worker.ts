import { DelayedError, Job, Queue, Worker } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import type { Timer, TimerScheduler } from '../use-cases/ports';

export const TIMER_QUEUE = 'sla-timers';

/** The clock a timer belongs to and the mark it fires, read back from the deterministic job id. */
export function parseJobId(id: string): { clockId: string; mark: string } | null {
  const parts = id.split('|');
  if (parts.length !== 4) return null;
  const [requestId, cycle, kind, mark] = parts as [string, string, string, string];
  return { clockId: `${requestId}:${cycle}:${kind}`, mark };
}

const JOB_OPTS = { removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 500 } } as const;

export function redisConnection(url: string): Redis {
  // BullMQ needs blocking commands to wait as long as they must.
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/**
 * Timers on BullMQ delayed jobs. A job id names its clock and mark, so a timer exists at most
 * once however often it is scheduled, and the data stays empty (less Redis memory per clock).
 */
export class BullTimerScheduler implements TimerScheduler {
  readonly queue: Queue;

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.queue = new Queue(TIMER_QUEUE, { connection, prefix });
  }

  async schedule(timers: Timer[]): Promise<void> {
    for (const t of timers) {
      const delay = Math.max(0, t.dueAt.getTime() - this.now());
      const job = await Job.fromId(this.queue, t.jobId);
      if (!job) {
        await this.queue.add('fire', {}, { ...JOB_OPTS, jobId: t.jobId, delay });
        continue;
      }
      const state = await job.getState();
      if (state === 'delayed') {
        // It may leave the delayed set meanwhile; then it fires and re-delays itself if early.
        await job.changeDelay(delay).catch(() => undefined);
      } else if (state === 'completed' || state === 'failed') {
        await job.remove().catch(() => undefined);
        await this.queue.add('fire', {}, { ...JOB_OPTS, jobId: t.jobId, delay });
      }
    }
  }

  async ensure(timers: Timer[]): Promise<void> {
    // Adding an existing job id is a no-op in BullMQ, so this only fills the gaps.
    const now = this.now();
    for (let i = 0; i < timers.length; i += 1000) {
      await this.queue.addBulk(timers.slice(i, i + 1000).map((t) => ({ name: 'fire', data: {}, opts: { ...JOB_OPTS, jobId: t.jobId, delay: Math.max(0, t.dueAt.getTime() - now) } })));
    }
  }

  async cancel(jobIds: string[]): Promise<void> {
    for (const id of jobIds) {
      // An active (locked) job cannot be removed; it finds its mark no longer due and stops.
      await this.queue.remove(id).catch(() => 0);
    }
  }

  private get rebuiltKey(): string {
    return `${this.prefix}:${TIMER_QUEUE}:rebuilt`;
  }

  async intact(): Promise<boolean> {
    return (await this.connection.exists(this.rebuiltKey)) === 1;
  }

  async markRebuilt(): Promise<void> {
    await this.connection.set(this.rebuiltKey, new Date(this.now()).toISOString());
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export interface TimerWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  logger: Logger;
  /** Fires what is due on the clock; returns when to try again if the mark is not due yet. */
  fire: (clockId: string, mark: string) => Promise<{ retryAt: Date | null }>;
}

export function startTimerWorker(o: TimerWorkerOptions): Worker {
  const worker = new Worker(
    TIMER_QUEUE,
    async (job, token) => {
      const ref = job.id ? parseJobId(job.id) : null;
      if (!ref) return;
      const { retryAt } = await o.fire(ref.clockId, ref.mark);
      o.logger.debug({ jobId: job.id, retryAt }, 'timer fired');
      if (retryAt && token) {
        await job.moveToDelayed(retryAt.getTime(), token);
        throw new DelayedError();
      }
    },
    { connection: o.connection, prefix: o.prefix, concurrency: o.concurrency },
  );
  worker.on('failed', (job, err) => o.logger.warn({ jobId: job?.id, err: err.message }, 'timer job failed'));
  worker.on('error', (err) => o.logger.warn({ err: err.message }, 'timer worker error'));
  return worker;
}
