import type { z } from 'zod';
import { createEvent, type EventEnvelope } from './envelope';

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

export type EventData<D> = D extends EventDefinition<infer S> ? z.infer<S> : never;

export interface TopicSpec {
  name: string;
  partitions: number;
}

export const dlqTopic = (topic: string) => `${topic}.dlq`;


type AnyHandler = (event: EventEnvelope<unknown>) => Promise<void>;

/** A typed handler for one event definition, for building a consumer's handler map. */
export function on<S extends z.ZodType>(def: EventDefinition<S>, fn: (event: EventEnvelope<z.infer<S>>) => Promise<void>): [string, AnyHandler] {
  return [def.type, fn as AnyHandler];
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
  e: { subject: string; data: z.input<S>; source: string; correlationId?: string; time?: Date },
): { topic: string; event: EventEnvelope<z.infer<S>> } {
  const data = def.data.parse(e.data) as z.infer<S>;
  return { topic: def.topic, event: createEvent({ ...e, type: def.type, data }) };
}
