import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { testKafka } from '@metrodesk/testkit';
import { FILING } from './stack';

export interface Filing {
  /** performance.now() when the request left. */
  sentAt: number;
  /** performance.now() when the answer came. */
  answeredAt?: number;
  status?: number;
  id?: string;
}

/**
 * Files at a steady rate whatever the answers take (an open loop: a slow system gets more
 * requests in flight, not fewer), so latency is measured at the rate asked for.
 */
export async function fileAtRate(opts: { url: string; token: string; rate: number; seconds: number; tag: string; onAccepted?: (id: string, f: Filing) => void }): Promise<{ filings: Filing[]; sendSeconds: number }> {
  const total = Math.round(opts.rate * opts.seconds);
  const filings: Filing[] = [];
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  const send = (i: number) => {
    const f: Filing = { sentAt: performance.now() };
    filings.push(f);
    inFlight.push(
      fetch(opts.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json', 'idempotency-key': `${opts.tag}-${i}` },
        body: FILING,
      })
        .then(async (r) => {
          f.answeredAt = performance.now();
          f.status = r.status;
          const body = (await r.json()) as { id?: string };
          if (r.status === 201 && body.id) {
            f.id = body.id;
            opts.onAccepted?.(body.id, f);
          }
        })
        .catch(() => {
          // No answer at all counts as status 0; an answer that was not JSON keeps its status.
          f.answeredAt ??= performance.now();
          f.status ??= 0;
        }),
    );
  };
  let next = 0;
  while (next < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * opts.rate) / 1000) + 1);
    while (next < due) send(next++);
    await new Promise((r) => setTimeout(r, 5));
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  await Promise.all(inFlight);
  return { filings, sendSeconds };
}

export interface TappedEvent {
  type: string;
  data: Record<string, unknown>;
  /** performance.now() at arrival. */
  at: number;
}

/**
 * Watches topics from their end with a group of its own and hands each event to `onEvent`
 * as it arrives; events are parsed only as far as needed to be filtered.
 */
export async function tapEvents(topics: string[], onEvent: (e: TappedEvent) => void): Promise<{ stop(): Promise<void> }> {
  const consumer: Consumer = testKafka(`bench-tap-${randomBytes(3).toString('hex')}`).consumer({ groupId: `bench-tap-${randomBytes(6).toString('hex')}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = performance.now();
      try {
        const e = JSON.parse(message.value?.toString('utf8') ?? '') as { type?: string; data?: Record<string, unknown> };
        if (typeof e.type === 'string' && e.data) onEvent({ type: e.type, data: e.data, at });
      } catch {
        /* someone's poison-message test */
      }
    },
  });
  await joined;
  return { stop: () => consumer.disconnect() };
}
