import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxFields } from '@metrodesk/events';
import { PROGRAMMES } from '../domain/campaign';
import { VENUE_KINDS, type Activity } from '../domain/activity';

export type ActivityDoc = Omit<Activity, 'id'> & OutboxFields & { _id: string };

export const ACTIVITIES = 'activities';

const count = { type: Number, required: true, min: 0 };

const activitySchema = new Schema<ActivityDoc>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    programme: { type: String, required: true, enum: PROGRAMMES },
    cityCode: { type: String, required: true, index: true },
    date: { type: String, required: true },
    venueKind: { type: String, required: true, enum: VENUE_KINDS },
    venues: count,
    instrumentsChecked: count,
    instrumentsVerifiedFree: count,
    peopleServed: count,
    problemsFound: count,
    mediaReports: count,
    problems: { type: [new Schema({ description: { type: String, required: true }, requestId: { type: String, default: null } }, { _id: false })], default: [] },
    notes: { type: String, default: null },
    recordedBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: ACTIVITIES, versionKey: false, minimize: false },
);
// One activity per campaign, city, day and venue kind: what makes an import re-runnable.
activitySchema.index({ campaignId: 1, cityCode: 1, date: 1, venueKind: 1 }, { unique: true });

export function activityModel(conn: Connection): Model<ActivityDoc> {
  return (conn.models.Activity as Model<ActivityDoc> | undefined) ?? conn.model<ActivityDoc>('Activity', activitySchema);
}
