import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';

/**
 * One enterprise's due run of one day, `_id` = `<runDate>:<enterpriseId>`, or a city's overdue
 * fact of the day (`<runDate>:city:<cityCode>`, no enterprise); written once, with its event.
 */
export interface DueRunDoc {
  _id: string;
  enterpriseId: string | null;
  cityCode: string;
  runDate: string;
  instrumentIds: string[];
  createdAt: Date;
  outbox: OutboxEntry[];
  outboxPending?: boolean;
}

/** A day's scan that went through to its end, `_id` = the run day. */
export interface DueScanDoc {
  _id: string;
  enterprises: number;
  completedAt: Date;
}

export const DUE_RUNS = 'instrument_due_runs';
export const DUE_SCANS = 'instrument_due_scans';

const dueRunSchema = new Schema<DueRunDoc>(
  {
    _id: { type: String, required: true },
    enterpriseId: { type: String, default: null },
    cityCode: { type: String, required: true },
    runDate: { type: String, required: true },
    instrumentIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: DUE_RUNS, versionKey: false },
);
dueRunSchema.index({ enterpriseId: 1, runDate: -1 });

const dueScanSchema = new Schema<DueScanDoc>(
  { _id: { type: String, required: true }, enterprises: { type: Number, required: true }, completedAt: { type: Date, required: true } },
  { collection: DUE_SCANS, versionKey: false },
);

export function dueRunModel(conn: Connection): Model<DueRunDoc> {
  return (conn.models.InstrumentDueRun as Model<DueRunDoc> | undefined) ?? conn.model<DueRunDoc>('InstrumentDueRun', dueRunSchema);
}

export function dueScanModel(conn: Connection): Model<DueScanDoc> {
  return (conn.models.InstrumentDueScan as Model<DueScanDoc> | undefined) ?? conn.model<DueScanDoc>('InstrumentDueScan', dueScanSchema);
}
