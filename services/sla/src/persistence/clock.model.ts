import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import type { Clock } from '../domain/clock';

export type ClockDoc = Omit<Clock, 'id'> & { _id: string; outbox: OutboxEntry[]; outboxPending?: boolean };

/** Every clock, one document per request × cycle × kind, id `requestId:cycle:kind`. */
export const CLOCKS = 'sla_clocks';

/**
 * Where clocks were kept before they moved into one collection: 16 collections picked by a
 * hash of the request id, sized for a local database server that scanned a whole collection
 * for every look-up (docs/decisions/0012). `moveLegacyClocks` empties them into `CLOCKS` at start.
 */
export const LEGACY_CLOCK_COLLECTIONS = Array.from({ length: 16 }, (_, k) => `sla_clocks_${String(k).padStart(2, '0')}`);

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

export function clockModel(conn: Connection): Model<ClockDoc> {
  return (conn.models[CLOCKS] as Model<ClockDoc> | undefined) ?? conn.model<ClockDoc>(CLOCKS, clockSchema, CLOCKS);
}
