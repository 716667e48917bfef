import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxFields } from '@metrodesk/events';
import type { Policy } from '../domain/policy';

/** One document per policy version; the highest version of a policy id is the current one. */
export type PolicyDoc = Omit<Policy, never> & { _id: string; policyId: string } & Partial<OutboxFields>;

export const POLICIES = 'sla_policies';

const policySchema = new Schema<PolicyDoc>(
  {
    _id: { type: String, required: true },
    policyId: { type: String, required: true },
    id: { type: String, required: true },
    category: { type: String, required: true },
    priority: { type: String, required: true },
    version: { type: Number, required: true },
    responseHours: { type: Number, required: true },
    resolutionWorkingDays: { type: Number, required: true },
    returnVisitWorkingDays: { type: Number },
    warnAt: { type: [Number], default: [] },
    escalation: { type: [Object], default: [] },
    calendarId: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: POLICIES, versionKey: false, minimize: false },
);
policySchema.index({ policyId: 1, version: -1 }, { unique: true });

export function policyModel(conn: Connection): Model<PolicyDoc> {
  return (conn.models.SlaPolicy as Model<PolicyDoc> | undefined) ?? conn.model<PolicyDoc>('SlaPolicy', policySchema);
}
