import { outboxPush, type OutboxEntry } from '@metrodesk/events';

/** A $set update with events appended to the document's outbox in the same write. */
export function setWithEvents(set: Record<string, unknown>, events: OutboxEntry[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (events.length === 0) return { $set: set, ...extra };
  const push = outboxPush(events);
  return { ...extra, $set: { ...set, ...push.$set }, $push: push.$push };
}
