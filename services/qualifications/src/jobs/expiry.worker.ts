import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '@metrodesk/logger';
import type { SweepResult } from '../use-cases/run-expiry-sweep';

export interface ExpiryJobOptions {
  redisUrl: string;
  queueName: string;
  cron: string;
  timeZone: string;
  logger: Logger;
  /** Runs the sweep for a date (YYYY-MM-DD) or, without one, for today in the bureau's zone. */
  sweep: (date?: string) => Promise<SweepResult>;
}

const SCHEDULER_ID = 'daily-expiry-sweep';

function connection(redisUrl: string): ConnectionOptions {
  // BullMQ workers block on Redis; they must not give up on a slow reply.
  return { url: redisUrl, maxRetriesPerRequest: null } as ConnectionOptions;
}

/**
 * The daily expiry sweep as a BullMQ repeatable job: one scheduler entry (upserted, so every
 * replica can start it and there is still one), one worker per replica taking the runs. The
 * sweep itself is safe to run twice, so a retried or doubled run publishes nothing twice.
 */
export class ExpiryJob {
  readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(private readonly opts: ExpiryJobOptions) {
    this.queue = new Queue(opts.queueName, { connection: connection(opts.redisUrl) });
  }

  async start(): Promise<void> {
    await this.queue.upsertJobScheduler(SCHEDULER_ID, { pattern: this.opts.cron, tz: this.opts.timeZone }, { name: 'expiry-sweep', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    this.worker = new Worker<{ date?: string }, SweepResult>(
      this.opts.queueName,
      async (job) => {
        const result = await this.opts.sweep(job.data?.date);
        this.opts.logger.info({ jobId: job.id, ...result }, 'expiry sweep done');
        return result;
      },
      { connection: connection(this.opts.redisUrl), concurrency: 1 },
    );
    this.worker.on('failed', (job, err) => this.opts.logger.error({ jobId: job?.id, err: err.message }, 'expiry sweep failed; BullMQ retries at the next run'));
  }

  /** Queues a one-off sweep (for a date) next to the daily one. */
  async enqueue(date?: string) {
    return this.queue.add('expiry-sweep', date ? { date } : {}, { removeOnComplete: 100, removeOnFail: 100 });
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
