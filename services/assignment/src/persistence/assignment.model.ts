import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import type { CaseState, Step } from '../domain/case';

export const STEPS = 'assignment_steps';
export const CASES = 'cases';

/** One step of one request; `_id` is `<requestId>#<seq>`. */
export type StepDoc = Omit<Step, 'state'> & { _id: string; state: CaseState; outbox: OutboxEntry[]; outboxPending?: boolean };

/** The read model: each request's latest state, for queues and load counts. */
export type CaseDoc = CaseState & { _id: string; seq: number; updatedAt: Date };

const stepSchema = new Schema<StepDoc>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    how: { type: String, default: null },
    reason: { type: String, default: null },
    fromAssigneeId: { type: String, default: null },
    toAssigneeId: { type: String, default: null },
    fromCityCode: { type: String, default: null },
    toCityCode: { type: String, default: null },
    level: { type: String, default: null },
    notifiedUserIds: { type: [String], default: [] },
    escalation: { type: Schema.Types.Mixed, default: null },
    unroutableReason: { type: String, default: null },
    state: { type: Schema.Types.Mixed, required: true },
    ...outboxSchemaFields,
  },
  { collection: STEPS, versionKey: false, minimize: false },
);
// The guard of "one line of steps per request": only one writer can take each seq.
stepSchema.index({ requestId: 1, seq: 1 }, { unique: true });

const caseSchema = new Schema<CaseDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    cityCode: { type: String, required: true },
    status: { type: String, required: true },
    assigneeId: { type: String, default: null },
    assignedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: CASES, versionKey: false, minimize: false, strict: false },
);
caseSchema.index({ cityCode: 1, status: 1 });
caseSchema.index({ assigneeId: 1, status: 1 });

export function stepModel(conn: Connection): Model<StepDoc> {
  return (conn.models.AssignmentStep as Model<StepDoc> | undefined) ?? conn.model<StepDoc>('AssignmentStep', stepSchema);
}
export function caseModel(conn: Connection): Model<CaseDoc> {
  return (conn.models.Case as Model<CaseDoc> | undefined) ?? conn.model<CaseDoc>('Case', caseSchema);
}
