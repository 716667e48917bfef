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

/** Fields for a brand-new aggregate document that carries its first events. */
export function outboxInsert(entries: OutboxEntry[]): OutboxFields {
  return { outbox: entries, outboxPending: entries.length > 0 ? true : undefined };
}
