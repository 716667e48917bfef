import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@metrodesk/logger';
import { remindQualification, type QualificationDeps, type QualificationReminder, type ReminderQueue } from '../use-cases/qualification-expiring';

export const REMINDER_QUEUE = 'notifications-reminders';
const JOB_OPTS = { attempts: 20, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000, removeOnFail: 5000 } as const;

/** Reminders due on a later day, one job per file, expiry date and threshold. */
export class BullReminderQueue implements ReminderQueue {
  readonly queue: Queue;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue(REMINDER_QUEUE, { connection, prefix });
  }

  async schedule(r: QualificationReminder, at: Date): Promise<void> {
    await this.queue.add('qualification', r, { ...JOB_OPTS, jobId: `qualification-${r.threshold}|${r.fileId}|${r.expiresOn}`, delay: Math.max(0, at.getTime() - Date.now()) });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export function startReminderWorker(opts: { connection: Redis; prefix: string; deps: QualificationDeps; logger: Logger }): Worker {
  const worker = new Worker(REMINDER_QUEUE, (job: Job<QualificationReminder>) => remindQualification(opts.deps, job.data), { connection: opts.connection, prefix: opts.prefix });
  worker.on('failed', (job, err) => opts.logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'reminder not told yet; it will be retried'));
  worker.on('error', (err) => opts.logger.warn({ err: err.message }, 'reminder worker error'));
  return worker;
}
