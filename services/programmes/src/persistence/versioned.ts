import type { Model } from 'mongoose';
import { outboxPush, type OutboxEntry } from '@metrodesk/events';
import { updateVersioned } from '@metrodesk/mongo';

/** A versioned state change and its events in one single-document write (the outbox rule). */
export function updateWithEvents<T extends { version: number }>(model: Model<T>, what: string, id: string, expectedVersion: number, set: Record<string, unknown>, events: OutboxEntry[]): Promise<T> {
  if (events.length === 0) return updateVersioned(model, what, id, expectedVersion, { $set: set } as never);
  const push = outboxPush(events);
  return updateVersioned(model, what, id, expectedVersion, { $set: { ...set, ...push.$set }, $push: push.$push } as never);
}

/** Drops keys whose value is undefined, so a partial patch never $sets a field to nothing. */
export function definedOnly<T extends object>(patch: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
