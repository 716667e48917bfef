import type { Connection, Model } from 'mongoose';
import { definedOnly, updateVersioned } from '@metrodesk/mongo';
import { outboxInsert, setWithEvents, type OutboxEntry } from '@metrodesk/events';
import type { Session } from '../domain/session';
import type { SessionFilter, SessionPage, SessionRepository } from '../use-cases/ports';
import { sessionModel, type SessionDoc } from './session.model';
import { enrolmentModel, type EnrolmentDoc } from './enrolment.model';

function fromDoc(d: SessionDoc, enrolled: number): Session {
  return {
    id: d._id,
    courseId: d.courseId,
    courseCode: d.courseCode,
    courseTitle: d.courseTitle,
    courseHours: d.courseHours,
    cityCode: d.cityCode,
    startDate: d.startDate,
    endDate: d.endDate,
    organiser: { kind: d.organiser.kind, name: d.organiser.name },
    capacity: d.capacity,
    enrolled,
    place: d.place,
    status: d.status,
    completedAt: d.completedAt ?? null,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export class MongoSessionRepository implements SessionRepository {
  private readonly model: Model<SessionDoc>;
  private readonly enrolments: Model<EnrolmentDoc>;

  constructor(conn: Connection) {
    this.model = sessionModel(conn);
    this.enrolments = enrolmentModel(conn);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  /** Seats taken, per session: counted, not stored, so no counter can drift. */
  private async enrolledIn(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const groups = await this.enrolments.aggregate<{ _id: string; n: number }>([{ $match: { sessionId: { $in: ids } } }, { $group: { _id: '$sessionId', n: { $sum: 1 } } }]).exec();
    return new Map(groups.map((g) => [g._id, g.n]));
  }

  private async withCounts(docs: SessionDoc[]): Promise<Session[]> {
    const counts = await this.enrolledIn(docs.map((d) => d._id));
    return docs.map((d) => fromDoc(d, counts.get(d._id) ?? 0));
  }

  async insert(s: Session, events: OutboxEntry[]): Promise<void> {
    const { id, enrolled: _counted, ...rest } = s;
    // The session and its scheduling event are one document: one atomic write.
    await this.model.create({ _id: id, ...rest, ...outboxInsert(events) });
  }

  async findById(id: string): Promise<Session | null> {
    const d = await this.model.findById(id).lean<SessionDoc>().exec();
    return d ? (await this.withCounts([d]))[0]! : null;
  }

  async list(filter: SessionFilter, page: SessionPage): Promise<Session[]> {
    const after = page.after ? { $or: [{ startDate: { $gt: page.after.startDate } }, { startDate: page.after.startDate, _id: { $gt: page.after.id } }] } : {};
    const docs = await this.model
      .find({ ...definedOnly(filter), ...after })
      .sort({ startDate: 1, _id: 1 })
      .limit(page.limit)
      .lean<SessionDoc[]>()
      .exec();
    return this.withCounts(docs);
  }

  async update(id: string, expectedVersion: number, patch: Partial<Session>, events: OutboxEntry[]): Promise<Session> {
    const { id: _id, enrolled: _counted, ...set } = patch;
    return (await this.withCounts([await updateVersioned(this.model, 'session', id, expectedVersion, setWithEvents(definedOnly(set), events) as never)]))[0]!;
  }
}
