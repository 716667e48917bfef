import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import type { EmailQueue } from '../use-cases/ports';
import { sendDigest, sendEmail, type DigestQueue, type SendDeps } from '../use-cases/send-email';

export const EMAIL_QUEUE = 'notifications-email';

/** Exponential from 1 s, at most 5 min apart: a relay that is down for hours loses nothing. */
export const retryDelay = (attemptsMade: number) => Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), 300_000);
const JOB_OPTS = { attempts: 250, backoff: { type: 'custom' }, removeOnComplete: 1000, removeOnFail: 5000 } as const;

// BullMQ refuses ':' in custom job ids.
const jobId = (kind: string, key: string) => `${kind}|${key.replace(/:/g, '|')}`;

/** Email deliveries and digests as BullMQ jobs, one job id per delivery. */
export class BullEmailQueue implements EmailQueue, DigestQueue {
  readonly queue: Queue;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue(EMAIL_QUEUE, { connection, prefix });
  }

  async enqueue(deliveryId: string, at: Date): Promise<void> {
    await this.queue.add('send', { deliveryId }, { ...JOB_OPTS, jobId: jobId('send', deliveryId), delay: Math.max(0, at.getTime() - Date.now()) });
  }

  async enqueueDigest(key: string, at: Date): Promise<void> {
    await this.queue.add('digest', { key }, { ...JOB_OPTS, jobId: jobId('digest', key), delay: Math.max(0, at.getTime() - Date.now()) });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export function startEmailWorker(opts: { connection: Redis; prefix: string; deps: SendDeps; logger: Logger; concurrency: number }): Worker {
  const worker = new Worker(
    EMAIL_QUEUE,
    async (job: Job<{ deliveryId?: string; key?: string }>) => {
      if (job.name === 'digest' && job.data.key) return sendDigest(opts.deps, job.data.key);
      if (job.data.deliveryId) return sendEmail(opts.deps, job.data.deliveryId);
      return undefined;
    },
    { connection: opts.connection, prefix: opts.prefix, concurrency: opts.concurrency, settings: { backoffStrategy: retryDelay } },
  );
  worker.on('failed', (job, err) => {
    opts.logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'email not sent yet; it will be retried');
    if (job && job.name === 'send' && job.data.deliveryId && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      void opts.deps.deliveries.markFailed(job.data.deliveryId, err.message).catch(() => undefined);
    }
  });
  worker.on('error', (err) => opts.logger.warn({ err: err.message }, 'email worker error'));
  return worker;
}
