import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxFields } from '@metrodesk/events';
import { ORGANISER_KINDS, PROGRAMMES, type Campaign } from '../domain/campaign';

export type CampaignDoc = Omit<Campaign, 'id'> & OutboxFields & { _id: string };

export const CAMPAIGNS = 'campaigns';

const campaignSchema = new Schema<CampaignDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    programme: { type: String, required: true, enum: PROGRAMMES, index: true },
    organiser: { type: new Schema({ kind: { type: String, enum: ORGANISER_KINDS, required: true }, code: { type: String, required: true } }, { _id: false }), required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    cityCodes: { type: [String], required: true, index: true },
    description: { type: String, default: null },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: CAMPAIGNS, versionKey: false, minimize: false },
);

export function campaignModel(conn: Connection): Model<CampaignDoc> {
  return (conn.models.Campaign as Model<CampaignDoc> | undefined) ?? conn.model<CampaignDoc>('Campaign', campaignSchema);
}
