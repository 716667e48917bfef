import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import type { Logger } from '@metrodesk/logger';
import { MAX_ATTEMPTS, retryDelayAfter, type Subscription } from '../domain/webhooks';
import { attemptWebhook, giveUpWebhook, type WebhookDeps, type WebhookQueue, type WebhookSender } from '../use-cases/webhooks';

export const WEBHOOK_QUEUE = 'notifications-webhooks';

/** Signs each request per the Standard Webhooks spec (webhook-id, -timestamp, -signature). */
export class SignedWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs: number) {}

  async post(s: Subscription, deliveryId: string, payload: string, at: Date): Promise<number> {
    const signature = new Webhook(s.secret).sign(deliveryId, at, payload);
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': deliveryId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
        'user-agent': 'metrodesk-notifications',
      },
      body: payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await res.body?.cancel();
    return res.status;
  }
}

export class BullWebhookQueue implements WebhookQueue {
  readonly queue: Queue;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue(WEBHOOK_QUEUE, { connection, prefix });
  }

  async enqueueWebhook(deliveryId: string, run: string): Promise<void> {
    // BullMQ refuses ':' in custom job ids.
    const jobId = `${run}|${deliveryId.replace(/:/g, '|')}`;
    await this.queue.add('deliver', { deliveryId }, { jobId, attempts: MAX_ATTEMPTS, backoff: { type: 'custom' }, removeOnComplete: 1000, removeOnFail: 5000 });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export function startWebhookWorker(opts: { connection: Redis; prefix: string; deps: WebhookDeps & { sender: WebhookSender }; logger: Logger; concurrency: number }): Worker {
  const worker = new Worker(WEBHOOK_QUEUE, async (job: Job<{ deliveryId: string }>) => attemptWebhook(opts.deps, job.data.deliveryId), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    settings: { backoffStrategy: retryDelayAfter },
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const last = job.attemptsMade >= (job.opts.attempts ?? 1);
    opts.logger.warn({ jobId: job.id, attempt: job.attemptsMade, err: err.message, last }, last ? 'webhook delivery given up' : 'webhook delivery failed; it will be retried');
    if (last) void giveUpWebhook(opts.deps, job.data.deliveryId).catch(() => undefined);
  });
  worker.on('error', (err) => opts.logger.warn({ err: err.message }, 'webhook worker error'));
  return worker;
}
