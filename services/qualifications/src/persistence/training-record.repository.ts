import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey, modelOn, ModelRepository } from '@metrodesk/mongo';
import type { TrainingRecordRepository } from '../use-cases/ports';

/** What the training service told us about one person in one session of one course. */
interface TrainingRecordDoc {
  _id: string;
  personKey: string;
  courseCode: string;
  sessionId: string;
  employerUscc: string;
  result?: string;
  date?: string;
  /** The attendance event's time: a late or replayed older event never overwrites a newer result. */
  eventTime?: string;
  certificateNo?: string;
  certificateIssuedOn?: string;
}

export const TRAINING_RECORDS = 'training_records';

const recordSchema = new Schema<TrainingRecordDoc>(
  {
    _id: { type: String, required: true },
    personKey: { type: String, required: true, index: true },
    courseCode: { type: String, required: true },
    sessionId: { type: String, required: true },
    employerUscc: { type: String, required: true },
    result: String,
    date: String,
    eventTime: String,
    certificateNo: String,
    certificateIssuedOn: String,
  },
  { collection: TRAINING_RECORDS, versionKey: false },
);

const keyOf = (r: { personKey: string; courseCode: string; sessionId: string }) => `${r.personKey}:${r.courseCode}:${r.sessionId}`;

export class MongoTrainingRecordRepository extends ModelRepository<TrainingRecordDoc> implements TrainingRecordRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'TrainingRecord', recordSchema));
  }

  async recordAttendance(r: { personKey: string; courseCode: string; sessionId: string; employerUscc: string; result: string; date: string; eventTime: string }): Promise<void> {
    const _id = keyOf(r);
    const fields = { personKey: r.personKey, courseCode: r.courseCode, sessionId: r.sessionId, employerUscc: r.employerUscc, result: r.result, date: r.date, eventTime: r.eventTime };
    try {
      await this.model.create({ _id, ...fields });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // Insert, then an update guarded by the event time, rather than an upsert with this $or (docs/decisions/0008).
    await this.model.updateOne({ _id, $or: [{ eventTime: { $exists: false } }, { eventTime: { $lt: r.eventTime } }] }, { $set: fields }).exec();
  }

  async recordCertificate(r: { personKey: string; courseCode: string; sessionId: string; employerUscc: string; certificateNo: string; issuedOn: string }): Promise<void> {
    await this.model
      .updateOne(
        { _id: keyOf(r) },
        { $set: { personKey: r.personKey, courseCode: r.courseCode, sessionId: r.sessionId, employerUscc: r.employerUscc, certificateNo: r.certificateNo, certificateIssuedOn: r.issuedOn } },
        { upsert: true },
      )
      .exec();
  }

  async passedCourses(personKey: string, courseCodes: string[]): Promise<string[]> {
    if (courseCodes.length === 0) return [];
    const docs = await this.model
      .find({ personKey, courseCode: { $in: courseCodes }, $or: [{ result: 'pass' }, { certificateNo: { $exists: true } }] }, { courseCode: 1 })
      .lean<Pick<TrainingRecordDoc, 'courseCode'>[]>()
      .exec();
    return [...new Set(docs.map((d) => d.courseCode))];
  }
}
