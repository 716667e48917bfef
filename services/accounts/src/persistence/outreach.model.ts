import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import type { Outreach } from '../domain/outreach';

export type OutreachDoc = Omit<Outreach, 'id'> & { _id: string; outbox: OutboxEntry[]; outboxPending?: boolean };

export const OUTREACH = 'outreach';

const problemSchema = new Schema(
  { id: { type: String, required: true }, category: { type: String, required: true }, title: { type: String, required: true }, description: { type: String, required: true } },
  { _id: false },
);

const outreachSchema = new Schema<OutreachDoc>(
  {
    _id: { type: String, required: true },
    enterpriseId: { type: String, required: true },
    cityCode: { type: String, required: true },
    liaisonId: { type: String, required: true },
    date: { type: String, required: true },
    kind: { type: String, required: true },
    campaign: { type: String, default: null },
    campaignId: { type: String, default: null },
    notes: { type: String, default: null },
    problems: { type: [problemSchema], default: [] },
    followUpOn: { type: String, default: null },
    followUpDoneAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: OUTREACH, versionKey: false, minimize: false },
);
outreachSchema.index({ enterpriseId: 1, date: -1, _id: -1 });
outreachSchema.index({ cityCode: 1, date: -1, _id: -1 });
outreachSchema.index({ liaisonId: 1, date: -1, _id: -1 });
outreachSchema.index({ followUpOn: 1, _id: 1 });
outreachSchema.index({ campaignId: 1, date: -1, _id: -1 });

export function outreachModel(conn: Connection): Model<OutreachDoc> {
  return (conn.models.Outreach as Model<OutreachDoc> | undefined) ?? conn.model<OutreachDoc>('Outreach', outreachSchema);
}
