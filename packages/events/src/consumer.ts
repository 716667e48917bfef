import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Logger } from '@metrodesk/logger';
import { insertKeyed, insertKeyedMany } from '@metrodesk/mongo';
import { runWithContext } from '@metrodesk/logger';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { dlqTopic, isSelfIdempotent, type EventCatalog } from './catalog';

// Handlers are typed per event at the call site with `on(def, fn)`.
export type HandlerMap = Record<string, (event: EventEnvelope<unknown>) => Promise<void>>;

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  catalog: EventCatalog;
  handlers: HandlerMap;
  connection: Connection;
  producer: Producer;
  logger: Logger;
  maxAttempts?: number;
  backoffMs?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Within one partition, run messages with different keys (different aggregates) at the
   * same time, up to this many; messages with the same key still run one after another, in
   * offset order. Processed ids are recorded, and offsets committed, once per batch. Unset
   * (or 1): one message at a time per partition.
   */
  keyConcurrency?: number;
  fromBeginning?: boolean;
  /**
   * Optional cheap filter on a valid event, applied before the processed-id lookup: events
   * it rejects are counted as ignored without touching the database (a consumer replaying
   * whole topics for a few of their events stays fast).
   */
  accept?: (event: EventEnvelope) => boolean;
  /**
   * How much a fetch gathers before the broker answers, and how long it may wait for it.
   * kafkajs asks for 1 byte, so under a steady stream every fetch brings the message or two
   * that arrived since the last: right for a group in a hurry. A group that needs few of its
   * topics' messages and no haste can wait, for far fewer fetches.
   */
  fetch?: { minBytes: number; maxWaitTimeInMs: number };
}

/** A handler error that is the event's fault: retrying cannot help, so it goes to the DLQ at once. */
export class PoisonEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonEventError';
  }
}

const TRANSIENT = /Mongo(Network|ServerSelection|NotConnected|PoolCleared)|ECONNREFUSED|ECONNRESET|KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded/;

/** Infrastructure failures are waited out, never dead-lettered: the event is not at fault. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if ((err as { transient?: boolean }).transient === true) return true;
  return TRANSIENT.test(err.name) || TRANSIENT.test(err.message) || (err.cause instanceof Error && isTransient(err.cause));
}

/** How many messages of a batch share one processed-id query, one insert and one commit. */
const BATCH_SLICE = 500;

interface BatchContext {
  /** Keys handled in this slice (not yet in processed_events). */
  seen: Set<string>;
  /** Records to write to processed_events when the slice ends. */
  done: { _id: string; type: string; at: Date }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  ignored: number;
}

/**
 * Kafka consumer with the delivery rules every Metrodesk consumer follows:
 * - the envelope and the event's data are checked against the catalog; a malformed
 *   message goes to `<topic>.dlq` at once;
 * - an event id already processed by this group is skipped (unique key in
 *   `processed_events`), so redelivery never repeats an effect;
 * - a failing handler is retried with backoff a bounded number of times, then the
 *   message goes to the DLQ carrying the error, and consumption goes on;
 * - infrastructure outages are waited out without giving up the message;
 * - stop() lets in-flight messages finish and commits their offsets.
 */
export class EventConsumer {
  private consumer: Consumer | undefined;
  get groupId(): string {
    return this.opts.groupId;
  }
  private stopping = false;
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, ignored: 0 };

  constructor(private readonly opts: EventConsumerOptions) {}

  private get processed() {
    return this.opts.connection.collection('processed_events');
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics, fromBeginning = true } = this.opts;
    this.stopping = false;
    this.consumer = kafka.consumer({ groupId, sessionTimeout: 30000, heartbeatInterval: 3000, allowAutoTopicCreation: false, ...this.opts.fetch });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning });
    const width = this.opts.keyConcurrency ?? 1;
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      ...(width > 1
        ? { eachBatchAutoResolve: false, eachBatch: async (payload: EachBatchPayload) => this.handleBatch(payload, width) }
        : { eachMessage: async ({ topic, partition, message }: { topic: string; partition: number; message: KafkaMessage }) => this.handle(topic, partition, message) }),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /**
   * A batch in slices: each slice's messages run in one lane per key (`width` lanes at a
   * time), its processed ids are written in one insert, and the offsets up to the first
   * message not done are committed. On stop, lanes finish the message in hand and start no
   * other; the rest is redelivered.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload, width: number): Promise<void> {
    const { topic, partition } = batch;
    for (let from = 0; from < batch.messages.length && isRunning() && !isStale(); from += BATCH_SLICE) {
      const slice = batch.messages.slice(from, from + BATCH_SLICE);
      const ctx: BatchContext = { seen: new Set(), done: [] };
      const lanes = new Map<string, KafkaMessage[]>();
      for (const m of slice) {
        const key = m.key?.toString('utf8') ?? '';
        const lane = lanes.get(key);
        if (lane) lane.push(m);
        else lanes.set(key, [m]);
      }
      const queue = [...lanes.values()];
      const finished = new Set<string>();
      // A failed heartbeat (e.g. the group is rebalancing): start nothing more, commit what is
      // done, and let kafkajs rejoin.
      let interrupted: unknown;
      const results = await Promise.allSettled(
        Array.from({ length: Math.min(width, queue.length) }, async () => {
          for (let lane = queue.shift(); lane; lane = queue.shift()) {
            for (const m of lane) {
              if (!isRunning() || isStale() || interrupted) return;
              await this.handle(topic, partition, m, ctx);
              finished.add(m.offset);
              await heartbeat().catch((err: unknown) => void (interrupted ??= err));
            }
          }
        }),
      );
      if (ctx.done.length > 0) {
        await this.untilDone(() => insertKeyedMany(this.processed, ctx.done.map(({ _id, ...fields }) => ({ id: _id, fields }))));
      }
      let complete = true;
      for (const m of slice) {
        if (!finished.has(m.offset)) {
          complete = false;
          break;
        }
        resolveOffset(m.offset);
      }
      await commitOffsetsIfNecessary();
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
      if (interrupted) throw interrupted;
      if (!complete) return;
    }
  }

  private async handle(topic: string, partition: number, message: KafkaMessage, batch?: BatchContext): Promise<void> {
    const { logger, catalog, handlers, groupId } = this.opts;
    // The producer names the event's type in a header (`toMessage`): a type this group has no
    // handler for is passed over unread. Most messages on a shared topic are such, and reading
    // their bodies was most of what a consumer that ignores them spent.
    const named = headerText(message.headers?.['ce-type']);
    if (named !== undefined && !handlers[named]) {
      this.stats.ignored += 1;
      return;
    }
    let envelope: EventEnvelope;
    try {
      const raw: unknown = JSON.parse(message.value?.toString('utf8') ?? '');
      envelope = envelopeSchema.parse(raw) as EventEnvelope;
    } catch (err) {
      return this.deadLetterUnreadable(topic, partition, message, `malformed envelope: ${errorText(err)}`, batch);
    }
    const handler = handlers[envelope.type];
    if (!handler) {
      this.stats.ignored += 1;
      return;
    }
    const definition = catalog[envelope.type];
    if (definition) {
      const parsed = definition.data.safeParse(envelope.data);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
        return this.deadLetterUnreadable(topic, partition, message, `invalid data for ${envelope.type}: ${fields}`, batch, envelope);
      }
      envelope = { ...envelope, data: parsed.data };
    }
    if (this.opts.accept && !this.opts.accept(envelope)) {
      this.stats.ignored += 1;
      return;
    }
    const key = `${groupId}:${envelope.id}`;
    // A handler idempotent by itself needs no processed-id bookkeeping (see `on`).
    const tracked = !isSelfIdempotent(handler);
    await runWithContext({ correlationId: envelope.correlationid }, async () => {
      // One look-up per event, by _id: FerretDB v1 filters `$in` outside the database, over
      // the whole collection.
      if (tracked && (batch?.seen.has(key) || (await this.untilDone(() => this.processed.findOne({ _id: key as never }, { projection: { _id: 1 } }))))) {
        this.stats.duplicates += 1;
        logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate event skipped');
        return;
      }
      const maxAttempts = this.opts.maxAttempts ?? 3;
      let attempt = 0;
      for (;;) {
        try {
          await handler(envelope);
          break;
        } catch (err) {
          if (isTransient(err) && !this.stopping) {
            logger.warn({ err: errorText(err), eventId: envelope.id }, 'handler hit an outage; waiting it out');
            await sleep(1000);
            continue;
          }
          attempt += 1;
          if (err instanceof PoisonEventError || attempt >= maxAttempts) {
            logger.error({ err: errorText(err), eventId: envelope.id, type: envelope.type, attempt }, 'event dead-lettered');
            await this.deadLetter(topic, partition, message, errorText(err), envelope);
            break;
          }
          await sleep((this.opts.backoffMs ?? 200) * 2 ** (attempt - 1));
        }
      }
      if (tracked) await this.record({ _id: key, type: envelope.type, at: new Date() }, batch);
      this.stats.handled += 1;
    });
  }

  /** Notes a message as done: with the batch's records (a repeat later in the batch is then skipped too), or at once. */
  private async record(record: BatchContext['done'][number], batch?: BatchContext): Promise<void> {
    if (batch) {
      batch.seen.add(record._id);
      batch.done.push(record);
      return;
    }
    const { _id, ...fields } = record;
    await this.untilDone(() => insertKeyed(this.processed, _id, fields));
  }

  /**
   * Dead-letters a message that cannot be read as an event of its type (malformed, or data
   * that breaks its schema) once per group: it has no event id to record, so its place in
   * the topic is recorded instead. A batch handed over again after a rebalance, whose
   * offsets were not committed, then does not dead-letter it a second time.
   */
  private async deadLetterUnreadable(topic: string, partition: number, message: KafkaMessage, error: string, batch?: BatchContext, envelope?: EventEnvelope): Promise<void> {
    const key = `${this.opts.groupId}:dead-lettered:${topic}:${partition}:${message.offset}`;
    if (batch?.seen.has(key) || (await this.untilDone(() => this.processed.findOne({ _id: key as never }, { projection: { _id: 1 } })))) {
      this.stats.duplicates += 1;
      return;
    }
    await this.deadLetter(topic, partition, message, error, envelope);
    await this.record({ _id: key, type: 'dead-lettered', at: new Date() }, batch);
  }

  /** Retries an infrastructure call until it works (or the consumer stops). */
  private async untilDone<T>(fn: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await fn();
      } catch (err) {
        if (!isTransient(err) || this.stopping) throw err;
        this.opts.logger.warn({ err: errorText(err) }, 'consumer store unavailable; retrying');
        await sleep(1000);
      }
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: string, envelope?: EventEnvelope) {
    this.stats.deadLettered += 1;
    this.opts.logger.warn({ topic, partition, offset: message.offset, error, eventId: envelope?.id }, 'message sent to dead-letter topic');
    await this.untilDone(() =>
      this.opts.producer.send({
        topic: dlqTopic(topic),
        acks: -1,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...(message.headers ?? {}),
              'dlq-error': error.slice(0, 2000),
              'dlq-topic': topic,
              'dlq-partition': String(partition),
              'dlq-offset': message.offset,
              'dlq-group': this.opts.groupId,
              'dlq-time': new Date().toISOString(),
            },
          },
        ],
      }),
    );
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** A Kafka header's value as text; undefined when absent or given more than once. */
function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  return value.toString();
}
