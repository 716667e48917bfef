import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import type { Clock } from '../domain/clock';

export type ClockDoc = Omit<Clock, 'id'> & { _id: string; outbox: OutboxEntry[]; outboxPending?: boolean };

/**
 * Clocks are spread over CLOCK_SHARDS collections by request id, because on the local
 * MongoDB-wire server two costs scale with one collection's size or activity: range filters
 * (`nextDueAt <= t`) and sorts are not served by an index, and a write not keyed by one `_id`
 * (setLiaison's updateMany) takes the process's whole-collection write lock
 * (docs/decisions/0004). On MongoDB the shards are just small indexed collections. The count is
 * fixed: changing it would strand the clocks already stored.
 */
export const CLOCK_SHARDS = 16;
export const clockCollection = (shard: number) => `sla_clocks_${String(shard).padStart(2, '0')}`;
export const CLOCK_COLLECTIONS = Array.from({ length: CLOCK_SHARDS }, (_, k) => clockCollection(k));

/** FNV-1a of the request id: stable across processes and releases. */
export function shardOf(requestId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < requestId.length; i++) {
    h ^= requestId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % CLOCK_SHARDS;
}

/** The request id inside a clock id (`requestId:cycle:kind`; a request id may hold ':'). */
export const requestOfClock = (clockId: string) => clockId.split(':').slice(0, -2).join(':');

const clockSchema = new Schema<ClockDoc>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true, index: true },
    cycle: { type: Number, required: true },
    kind: { type: String, required: true },
    cityCode: { type: String, required: true, index: true },
    enterpriseId: { type: String, required: true },
    liaisonId: { type: String, default: null },
    category: { type: String, required: true },
    priority: { type: String, required: true },
    policyId: { type: String, required: true },
    policyVersion: { type: Number, required: true },
    basis: { type: String, required: true },
    targetMs: { type: Number, required: true },
    extensionMs: { type: Number, required: true },
    marks: { type: [Object], default: [] },
    calendarId: { type: String, default: null },
    startedAt: { type: Date, required: true, index: true },
    pauses: { type: [Object], default: [] },
    stoppedAt: { type: Date, default: null },
    outcome: { type: String, default: null },
    withinTarget: { type: Boolean, default: null },
    fired: { type: [String], default: [] },
    firings: { type: [Object], default: [] },
    breached: { type: Boolean, required: true },
    breachedAt: { type: Date, default: null },
    deadline: { type: Date, default: null },
    nextDueAt: { type: Date, default: null, index: true },
    calendarMissing: { type: [Number], default: [] },
    lastEventVersion: { type: Number, required: true },
    rev: { type: Number, required: true },
    ...outboxSchemaFields,
  },
  { versionKey: false, minimize: false },
);

export function clockModels(conn: Connection): Model<ClockDoc>[] {
  return CLOCK_COLLECTIONS.map((name) => (conn.models[name] as Model<ClockDoc> | undefined) ?? conn.model<ClockDoc>(name, clockSchema, name));
}
