import type { Connection } from 'mongoose';
import type { Producer } from 'kafkajs';
import type { Logger } from '@metrodesk/logger';
import type { EventEnvelope } from './envelope';
import { toMessage } from './kafka';

/**
 * Transactional outbox without multi-document transactions: an aggregate's pending events
 * live in its own document (`outbox` array, `outboxPending` flag), written by the same
 * single-document update that changes its state. The relay publishes them in array order
 * and then pops exactly those it published, so a crash in between republishes (at least
 * once) and never loses an event.
 */
export interface OutboxEntry {
  topic: string;
  event: EventEnvelope;
}

export interface OutboxFields {
  outbox: OutboxEntry[];
  outboxPending?: boolean;
}

/** The update fragment that appends events to an aggregate's outbox. Merge it into the state update. */
export function outboxPush(entries: OutboxEntry[]) {
  return {
    $push: { outbox: { $each: entries } },
    $set: { outboxPending: true },
  } as const;
}

/** Fields for a brand-new aggregate document that carries its first events. */
export function outboxInsert(entries: OutboxEntry[]): OutboxFields {
  return { outbox: entries, outboxPending: entries.length > 0 ? true : undefined };
}

/** Mongoose schema fragment for aggregates that carry an outbox. */
export const outboxSchemaFields = {
  outbox: { type: [Object], default: [] },
  outboxPending: { type: Boolean, index: true, sparse: true },
};

export interface OutboxRelayOptions {
  connection: Connection;
  producer: Producer;
  collections: string[];
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  published = 0;

  constructor(private readonly opts: OutboxRelayOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the relay right after a local write, instead of waiting for the next poll. */
  notify(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes everything pending now; returns how many events went out. Used by tests and shutdown. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  private schedule(delay: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delay);
  }

  private async tick(): Promise<void> {
    let next = this.opts.intervalMs ?? 500;
    try {
      this.again = false;
      const n = await this.publishOnce();
      if (n > 0 || this.again) next = 0;
    } catch (err) {
      this.opts.logger.warn({ err }, 'outbox relay could not publish; retrying');
      next = Math.max(next, 1000);
    }
    if (!this.stopped) this.schedule(next);
  }

  private async publishOnce(): Promise<number> {
    const { connection, producer, collections, batchSize = 200 } = this.opts;
    let count = 0;
    for (const name of collections) {
      const col = connection.collection(name);
      // Only once the outbox is really empty; a concurrent append sets the flag again in the
      // same atomic update that adds its event.
      const clearFlag = (id: unknown) => col.updateOne({ _id: id as never, 'outbox.0': { $exists: false } }, { $unset: { outboxPending: '' } });
      const docs = await col
        .find({ outboxPending: true }, { projection: { outbox: 1 } })
        .limit(batchSize)
        .toArray();
      const pending = docs.filter((d) => Array.isArray(d.outbox) && d.outbox.length > 0);
      if (pending.length > 0) {
        const byTopic = new Map<string, ReturnType<typeof toMessage>[]>();
        for (const doc of pending) {
          for (const entry of doc.outbox as OutboxEntry[]) {
            const list = byTopic.get(entry.topic) ?? [];
            list.push(toMessage(entry.event));
            byTopic.set(entry.topic, list);
          }
        }
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
        // Every write names one _id: FerretDB v1 runs those in the database, but filters
        // `_id: {$in}` outside it over the whole collection. Documents go side by side.
        await Promise.all(
          pending.map(async (doc) => {
            const entries = doc.outbox as OutboxEntry[];
            if (entries.length === 1) {
              // The usual case, in one write; the guard on the event's id leaves alone a
              // document another relay emptied and a writer refilled meanwhile.
              const emptied = await col.updateOne({ _id: doc._id, 'outbox.0.event.id': entries[0]!.event.id, 'outbox.1': { $exists: false } }, { $set: { outbox: [] }, $unset: { outboxPending: '' } });
              if (emptied.matchedCount === 1) {
                count += 1;
                return;
              }
              // A writer appended after the read: pop just the published head below, or the
              // next round would publish it again.
            }
            for (const entry of entries) {
              // Pop only if the head is still the event just published: appends made
              // meanwhile stay for the next round.
              await col.updateOne({ _id: doc._id, 'outbox.0.event.id': entry.event.id }, { $pop: { outbox: -1 } });
              count += 1;
            }
            await clearFlag(doc._id);
          }),
        );
      }
      // Flagged but already empty (e.g. emptied by another relay).
      await Promise.all(docs.filter((d) => !pending.includes(d)).map((d) => clearFlag(d._id)));
    }
    this.published += count;
    return count;
  }
}
