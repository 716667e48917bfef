import type { EventEnvelope } from './envelope';

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

/**
 * A `$set` update that also appends `events` to the document's outbox, so the state change and
 * its events land in one single-document write.
 */
export function setWithEvents(set: Record<string, unknown>, events: OutboxEntry[]): Record<string, unknown> {
  if (events.length === 0) return { $set: set };
  const push = outboxPush(events);
  return { $set: { ...set, ...push.$set }, $push: push.$push };
}

/** Fields for a brand-new aggregate document that carries its first events. */
export function outboxInsert(entries: OutboxEntry[]): OutboxFields {
  return { outbox: entries, outboxPending: entries.length > 0 ? true : undefined };
}
