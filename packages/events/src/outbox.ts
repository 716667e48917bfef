import type { Connection } from 'mongoose';
import type { Producer } from 'kafkajs';
import type { Logger } from '@metrodesk/logger';
import type { OutboxEntry } from './outbox-entry';
import { toMessage } from './kafka';

/**
 * Transactional outbox without multi-document transactions: an aggregate's pending events
 * live in its own document (`outbox` array, `outboxPending` flag), written by the same
 * single-document update that changes its state. The relay publishes them in array order
 * and then pops exactly those it published, so a crash in between republishes (at least
 * once) and never loses an event.
 */
/** Mongoose schema fragment for aggregates that carry an outbox. */
export const outboxSchemaFields = {
  outbox: { type: [Object], default: [] },
  outboxPending: { type: Boolean, index: true, sparse: true },
};

/**
 * A collection the relay publishes from: its name, or its name and `insertOnly` when each
 * document's events are written with the document's insert and never appended later (e.g.
 * an append-only log of steps). Those are emptied by `_id` alone, without the guard on the
 * outbox's head that concurrent appends need.
 */
export type OutboxCollection = string | { name: string; insertOnly: true };

export interface OutboxRelayOptions {
  connection: Connection;
  producer: Producer;
  collections: OutboxCollection[];
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
  /** The topic an entry's (catalogue) topic has in this deployment; see `namespaced`. */
  topicName?: (topic: string) => string;
}

/** What the relay sets on a document whose events are all out. */
const EMPTIED = { $set: { outbox: [] }, $unset: { outboxPending: '' } };

/**
 * Publishes every document's pending events by polling (`intervalMs`, or at once after
 * `notify`), and straight after a write that asked for it (`hold`): the writer's events go
 * out without waiting for a poll and its read, and the poll leaves held documents alone. A crash or a failed send leaves the document pending for the poll:
 * at least once, never lost.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  published = 0;
  /** Documents a writer is inserting or the fast path is publishing: `collection\0id`. */
  private readonly held = new Set<string>();
  /**
   * One set per poll read in flight, of every document held at any moment during it: the
   * read may have seen such a document pending and answer only after the fast path emptied
   * it and let go, so the poll must leave it alone even though it is no longer held.
   */
  private readonly heldDuringReads = new Set<Set<string>>();
  private queue: { collection: string; insertOnly: boolean; id: string; entries: OutboxEntry[] }[] = [];
  private sending: Promise<void> | undefined;
  private readonly emptying = new Set<Promise<void>>();
  private readonly specs: { name: string; insertOnly: boolean }[];

  constructor(private readonly opts: OutboxRelayOptions) {
    this.specs = opts.collections.map((c) => (typeof c === 'string' ? { name: c, insertOnly: false } : c));
  }

  /**
   * The fast path for a write about to be made to one document. Call it before the write;
   * after, call what it returns with the document's whole outbox as the write left it (an
   * insert's events; the outbox an update returned), or with nothing when the write failed.
   * Those events are published at once, in order, then emptied (in a collection with appends,
   * only if still at the outbox's head: what a later write appended stays for the poll). Until
   * then this relay's poll leaves the document alone, so the fast path never races it, and no
   * event overtakes an earlier one of the same document. While the relay is stopped, or while
   * another write of this process to the same document is on the fast path, the poll publishes.
   */
  hold(collection: string, id: string): (outbox?: OutboxEntry[]) => void {
    const spec = this.specs.find((c) => c.name === collection);
    if (!spec) throw new Error(`outbox fast path: ${collection} is not an outbox collection of this relay`);
    const key = heldKey(collection, id);
    const viaPoll = (outbox?: OutboxEntry[]) => {
      if (outbox && outbox.length > 0) this.notify();
    };
    if (this.stopped || this.held.has(key)) return viaPoll;
    this.held.add(key);
    for (const seen of this.heldDuringReads) seen.add(key);
    return (outbox) => {
      if (!outbox || outbox.length === 0 || this.stopped) {
        this.held.delete(key);
        viaPoll(outbox);
        return;
      }
      this.queue.push({ collection, insertOnly: spec.insertOnly, id, entries: outbox });
      this.kick();
    };
  }

  private kick(): void {
    if (this.sending || this.queue.length === 0) return;
    this.sending = this.sendHeld().finally(() => {
      this.sending = undefined;
      this.kick();
    });
  }

  /** Sends what writers handed over, a batch at a time; emptying their outboxes does not hold up the next send. */
  private async sendHeld(): Promise<void> {
    const { connection, batchSize = 200, logger } = this.opts;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, batchSize);
      try {
        await this.send(batch.flatMap((b) => b.entries));
      } catch (err) {
        logger.warn({ err }, 'outbox fast path could not publish; the poll will');
        for (const b of batch) this.held.delete(heldKey(b.collection, b.id));
        continue;
      }
      for (const b of batch) this.published += b.entries.length;
      // A few at a time, like the poll's writes (see `inTurns`); the next send goes on meanwhile.
      const done: Promise<void> = inTurns(batch, (b) =>
        emptyPublished(connection.collection(b.collection), b.id, b.entries, b.insertOnly)
          .then(
            (whole) => {
              // Appended by a later write meanwhile: the poll takes the rest, once let go.
              if (!whole) this.notify();
            },
            // Still pending: the poll publishes it again (at least once).
            (err: unknown) => logger.warn({ err, id: b.id }, 'outbox not emptied after publishing; the poll will republish it'),
          )
          .finally(() => this.held.delete(heldKey(b.collection, b.id))),
      ).finally(() => this.emptying.delete(done));
      this.emptying.add(done);
    }
  }

  /** Waits for the fast path's sends and writes in flight. */
  private async settle(): Promise<void> {
    while (this.sending || this.emptying.size > 0) await Promise.all([this.sending, ...this.emptying]);
  }

  private async send(entries: OutboxEntry[]): Promise<void> {
    const byTopic = new Map<string, ReturnType<typeof toMessage>[]>();
    const name = this.opts.topicName ?? ((t: string) => t);
    for (const entry of entries) {
      const topic = name(entry.topic);
      const list = byTopic.get(topic) ?? [];
      list.push(toMessage(entry.event));
      byTopic.set(topic, list);
    }
    await this.opts.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }

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
    await this.settle();
  }

  /** Publishes everything pending now; returns how many events went out. Used by tests and shutdown. */
  async flush(): Promise<number> {
    // Never side by side with this relay's own poll or fast path: both would send what they
    // read. The flush takes the poll's place; a poll that falls due meanwhile is put off.
    while (this.running) await this.running;
    // Claimed before anything else is awaited, so no poll starts in between.
    const work = (async () => {
      await this.settle();
      let total = 0;
      for (;;) {
        const n = await this.publishOnce();
        total += n;
        if (n === 0) return total;
      }
    })();
    const slot: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      if (this.running !== slot) return;
      this.running = undefined;
      // A write that asked for a poll while the flush ran.
      if (this.again && !this.stopped) this.schedule(0);
    });
    this.running = slot;
    return work;
  }

  private schedule(delay: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.running) {
        // A flush holds the poll's place and published what this poll would have: the next
        // poll is a whole interval away (a write during the flush asks for one sooner, `again`).
        void this.running.then(() => {
          if (!this.stopped && !this.again) this.schedule(this.opts.intervalMs ?? 500);
        });
        return;
      }
      const run: Promise<void> = this.tick().finally(() => {
        if (this.running === run) this.running = undefined;
      });
      this.running = run;
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
    const { connection, batchSize = 200 } = this.opts;
    let count = 0;
    for (const { name, insertOnly } of this.specs) {
      const col = connection.collection(name);
      const heldMeanwhile = new Set(this.held);
      this.heldDuringReads.add(heldMeanwhile);
      let docs;
      try {
        docs = await col
          .find({ outboxPending: true }, { projection: { outbox: 1 } })
          .limit(batchSize)
          .toArray();
      } finally {
        this.heldDuringReads.delete(heldMeanwhile);
      }
      // Held documents, now or while the read ran, are the fast path's (see `hold`).
      const mine = docs.filter((d) => !heldMeanwhile.has(heldKey(name, d._id)) && !this.held.has(heldKey(name, d._id)));
      const pending = mine.filter((d) => Array.isArray(d.outbox) && d.outbox.length > 0);
      if (pending.length > 0) {
        await this.send(pending.flatMap((d) => d.outbox as OutboxEntry[]));
        // A few documents at a time: an update holds one of FerretDB v1's PostgreSQL connections while it waits for a
        // second, so as many updates at once as its pool has connections deadlock it
        // (docs/decisions/0006).
        await inTurns(pending, async (doc) => {
          const entries = doc.outbox as OutboxEntry[];
          await emptyPublished(col, doc._id, entries, insertOnly);
          count += entries.length;
        });
      }
      // Flagged but already empty (e.g. emptied by another relay).
      await inTurns(
        mine.filter((d) => !pending.includes(d)),
        (d) => clearFlag(col, d._id),
      );
    }
    this.published += count;
    return count;
  }
}

interface OutboxCol {
  updateOne(filter: never, update: never): Promise<{ matchedCount: number }>;
}

/** Clears the flag only once the outbox is really empty: a concurrent append sets it again in the same atomic update that adds its event. */
const clearFlag = (col: OutboxCol, id: unknown) => col.updateOne({ _id: id, 'outbox.0': { $exists: false } } as never, { $unset: { outboxPending: '' } } as never);

/**
 * Empties a document's outbox of the events just published (`entries`, its head when read);
 * true when nothing is left in it. Every write names one _id: FerretDB v1 runs those in the
 * database, but filters `_id: {$in}` outside it over the whole collection.
 */
async function emptyPublished(col: OutboxCol, id: unknown, entries: OutboxEntry[], insertOnly: boolean): Promise<boolean> {
  // Nothing is ever appended to an insert-only document: what was read is the whole outbox.
  if (insertOnly) {
    await col.updateOne({ _id: id } as never, EMPTIED as never);
    return true;
  }
  // The usual case, in one write: the outbox is still exactly what was published (events are
  // appended at the end and popped from the head, so its first and last events and its length
  // say so). The guard leaves alone a document another relay emptied and a writer refilled.
  const last = entries.length - 1;
  const exactly = { _id: id, 'outbox.0.event.id': entries[0]!.event.id, [`outbox.${last}.event.id`]: entries[last]!.event.id, [`outbox.${entries.length}`]: { $exists: false } };
  if ((await col.updateOne(exactly as never, EMPTIED as never)).matchedCount === 1) return true;
  // A writer appended after the read: pop just the published events, each only while it is
  // still the head, so appends made meanwhile stay for the next round.
  for (const entry of entries) await col.updateOne({ _id: id, 'outbox.0.event.id': entry.event.id } as never, { $pop: { outbox: -1 } } as never);
  await clearFlag(col, id);
  return false;
}

const heldKey = (collection: string, id: unknown) => `${collection}\u0000${String(id)}`;

/** How many of a poll's outbox writes run at once. */
const WRITES_AT_ONCE = 4;

/** Runs `fn` over `items`, `WRITES_AT_ONCE` at a time; rejects with the first failure once all started ones are done. */
async function inTurns<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(WRITES_AT_ONCE, items.length) }, lane));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
