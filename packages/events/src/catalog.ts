import type { z } from 'zod';
import { createEvent, type EventActor, type EventEnvelope } from './envelope';

/** One event type: where it goes and what its data must look like. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  topic: string;
  data: S;
}

export type EventCatalog = Record<string, EventDefinition>;

export function defineEvent<S extends z.ZodType>(type: string, topic: string, data: S): EventDefinition<S> {
  return { type, topic, data };
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

export const dlqTopic = (topic: string) => `${topic}.dlq`;

/**
 * The names a deployment gives its topics and consumer groups: `<namespace>.<name>`, or the
 * name itself without a namespace. One Kafka cluster can then carry several deployments
 * (staging beside production) or test runs without any of them seeing another's events.
 */
export const namespaced =
  (namespace: string | undefined) =>
  (name: string): string =>
    namespace ? `${namespace}.${name}` : name;

type AnyHandler = (event: EventEnvelope<unknown>) => Promise<void>;

export interface HandlerOptions {
  /**
   * The handler is idempotent by itself: a repeat of the event changes nothing (its write is
   * keyed so a second one is refused or finds the work done). The consumer then skips the
   * processed-id look-up and record for it, one database read and write fewer per event.
   * Only for handlers whose duplicate delivery is proven harmless by a test.
   */
  idempotent?: boolean;
}

/** Whether a handler was registered with `{ idempotent: true }`. */
export const isSelfIdempotent = (fn: unknown): boolean => (fn as { idempotent?: boolean }).idempotent === true;

/** Marks a handler idempotent by itself (see `HandlerOptions.idempotent`), for handlers not made with `on`. */
export function selfIdempotent<F extends (event: EventEnvelope<never>) => Promise<void>>(fn: F): F {
  return Object.assign(fn, { idempotent: true });
}

/** A typed handler for one event definition, for building a consumer's handler map. */
export function on<S extends z.ZodType>(
  def: EventDefinition<S>,
  fn: (event: EventEnvelope<z.infer<S>>) => Promise<void>,
  opts: HandlerOptions = {},
): [string, AnyHandler] {
  const handler: AnyHandler = (event) => fn(event as EventEnvelope<z.infer<S>>);
  return [def.type, opts.idempotent ? selfIdempotent(handler) : handler];
}

export function handlerMap(...entries: [string, AnyHandler][]): Record<string, AnyHandler> {
  return Object.fromEntries(entries);
}

/**
 * Builds an outbox entry for a defined event. The data is validated here, at write time,
 * so a producer bug fails the write instead of poisoning every consumer.
 */
export function eventFor<S extends z.ZodType>(
  def: EventDefinition<S>,
  e: { subject: string; data: z.input<S>; source: string; correlationId?: string; time?: Date; actor?: EventActor },
): { topic: string; event: EventEnvelope<z.infer<S>> } {
  const data = def.data.parse(e.data) as z.infer<S>;
  return { topic: def.topic, event: createEvent({ ...e, type: def.type, data }) };
}
