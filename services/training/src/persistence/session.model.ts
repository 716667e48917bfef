import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxFields } from '@metrodesk/events';
import { ORGANISER_KINDS, SESSION_STATUSES, type Session } from '../domain/session';

/** `enrolled` is not stored: it is counted from the enrolments. */
export type SessionDoc = Omit<Session, 'id' | 'enrolled'> & OutboxFields & { _id: string };

export const SESSIONS = 'sessions';

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    courseId: { type: String, required: true },
    courseCode: { type: String, required: true },
    courseTitle: { type: String, required: true },
    courseHours: { type: Number, required: true },
    cityCode: { type: String, required: true, index: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    organiser: { type: new Schema({ kind: { type: String, enum: ORGANISER_KINDS, required: true }, name: { type: String, required: true } }, { _id: false }), required: true },
    capacity: { type: Number, required: true },
    place: { type: String, required: true },
    status: { type: String, required: true, enum: SESSION_STATUSES },
    completedAt: { type: Date, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: SESSIONS, versionKey: false, minimize: false },
);

export function sessionModel(conn: Connection): Model<SessionDoc> {
  return (conn.models.Session as Model<SessionDoc> | undefined) ?? conn.model<SessionDoc>('Session', sessionSchema);
}
