import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxFields } from '@metrodesk/events';
import { RESULTS, type Enrolment } from '../domain/enrolment';

export type EnrolmentDoc = Omit<Enrolment, 'id' | 'certificateNo' | 'certificateIssuedOn'> &
  OutboxFields & {
    _id: string;
    /** Absent until issued: the unique index is sparse, and a stored null would collide. */
    certificateNo?: string;
    certificateIssuedOn?: string;
  };

export const ENROLMENTS = 'enrolments';

const enrolmentSchema = new Schema<EnrolmentDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    courseId: { type: String, required: true },
    courseCode: { type: String, required: true },
    cityCode: { type: String, required: true },
    sessionEndDate: { type: String, required: true },
    name: { type: String, required: true },
    seat: { type: Number, required: true },
    personKey: { type: String, required: true, index: true },
    idCipher: { type: String, required: true },
    idLast4: { type: String, required: true },
    employerUscc: { type: String, required: true },
    hours: { type: Number, required: true },
    result: { type: String, required: true, enum: RESULTS },
    score: { type: Number, default: null },
    certificateNo: { type: String, unique: true, sparse: true },
    certificateIssuedOn: { type: String },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: ENROLMENTS, versionKey: false, minimize: false },
);
// One enrolment per person and session: what makes enrolment and import idempotent.
enrolmentSchema.index({ sessionId: 1, personKey: 1 }, { unique: true });
// One person per seat: what keeps a session within its capacity.
enrolmentSchema.index({ sessionId: 1, seat: 1 }, { unique: true });
enrolmentSchema.index({ cityCode: 1, sessionEndDate: 1 });

export function enrolmentModel(conn: Connection): Model<EnrolmentDoc> {
  return (conn.models.Enrolment as Model<EnrolmentDoc> | undefined) ?? conn.model<EnrolmentDoc>('Enrolment', enrolmentSchema);
}
