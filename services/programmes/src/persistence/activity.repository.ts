import type { Connection } from 'mongoose';
import { outboxInsert, setWithEvents, type OutboxEntry } from '@metrodesk/events';
import { ConflictError } from '@metrodesk/errors';
import { definedOnly, isDuplicateKey, ModelRepository, updateVersioned } from '@metrodesk/mongo';
import type { Activity } from '../domain/activity';
import type { ActivityFilter, ActivityKey, ActivityRepository } from '../use-cases/ports';
import { activityModel, type ActivityDoc } from './activity.model';

function fromDoc(d: ActivityDoc): Activity {
  return {
    id: d._id,
    campaignId: d.campaignId,
    programme: d.programme,
    cityCode: d.cityCode,
    date: d.date,
    venueKind: d.venueKind,
    venues: d.venues,
    instrumentsChecked: d.instrumentsChecked,
    instrumentsVerifiedFree: d.instrumentsVerifiedFree,
    peopleServed: d.peopleServed,
    problemsFound: d.problemsFound,
    mediaReports: d.mediaReports,
    problems: (d.problems ?? []).map((p) => ({ description: p.description, requestId: p.requestId ?? null })),
    notes: d.notes ?? null,
    recordedBy: d.recordedBy,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

const clash = (a: Pick<Activity, 'cityCode' | 'date' | 'venueKind'>) =>
  new ConflictError('activity_exists', `This campaign already has an activity of city ${a.cityCode} on ${a.date} at venue kind ${a.venueKind}; correct that one instead.`);

export class MongoActivityRepository extends ModelRepository<ActivityDoc> implements ActivityRepository {
  constructor(conn: Connection) {
    super(activityModel(conn));
  }

  async insert(a: Activity, events: OutboxEntry[]): Promise<void> {
    const { id, ...rest } = a;
    try {
      await this.model.create({ _id: id, ...rest, ...outboxInsert(events) });
    } catch (err) {
      if (isDuplicateKey(err)) throw clash(a);
      throw err;
    }
  }

  async findById(id: string): Promise<Activity | null> {
    const d = await this.model.findById(id).lean<ActivityDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByKey(key: ActivityKey): Promise<Activity | null> {
    const d = await this.model.findOne({ campaignId: key.campaignId, cityCode: key.cityCode, date: key.date, venueKind: key.venueKind }).lean<ActivityDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async list(filter: ActivityFilter, limit: number): Promise<Activity[]> {
    const { from, to, ...equal } = filter;
    const range = from || to ? { date: definedOnly({ $gte: from, $lte: to }) } : {};
    const docs = await this.model.find({ ...definedOnly(equal), ...range }).sort({ date: 1, _id: 1 }).limit(limit).lean<ActivityDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async update(id: string, expectedVersion: number, patch: Partial<Activity>, events: OutboxEntry[]): Promise<Activity> {
    const { id: _id, ...set } = patch;
    try {
      return fromDoc(await updateVersioned(this.model, 'activity', id, expectedVersion, setWithEvents(definedOnly(set), events) as never));
    } catch (err) {
      if (isDuplicateKey(err)) throw clash({ cityCode: String(set.cityCode ?? ''), date: String(set.date ?? ''), venueKind: set.venueKind ?? 'other' });
      throw err;
    }
  }
}
