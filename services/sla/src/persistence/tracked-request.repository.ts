import { Schema, type Connection } from 'mongoose';
import { ModelRepository, modelOn } from '@metrodesk/mongo';
import type { TrackedRequest, TrackedRequestRepository } from '../use-cases/ports';

type TrackedDoc = Omit<TrackedRequest, 'requestId'> & { _id: string };
export const TRACKED = 'sla_requests';

const trackedSchema = new Schema<TrackedDoc>(
  {
    _id: { type: String, required: true },
    cityCode: { type: String, default: null },
    enterpriseId: { type: String, default: null },
    category: { type: String, default: null },
    priority: { type: String, default: null },
    liaisonId: { type: String, default: null },
    cycle: { type: Number, default: 0 },
  },
  { collection: TRACKED, versionKey: false, minimize: false },
);

/** What the SLA service learns about a request from events, so later events and assignment find it. */
export class MongoTrackedRequestRepository extends ModelRepository<TrackedDoc> implements TrackedRequestRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'SlaTrackedRequest', trackedSchema));
  }

  async upsert(requestId: string, fields: Partial<Omit<TrackedRequest, 'requestId' | 'cycle'>>, cycle?: number): Promise<TrackedRequest> {
    const d = await this.model
      .findOneAndUpdate({ _id: requestId }, { $set: fields, ...(cycle ? { $max: { cycle } } : {}) }, { upsert: true, new: true })
      .lean<TrackedDoc>()
      .exec();
    const { _id, ...rest } = d!;
    return { requestId: _id, ...rest };
  }

  async find(requestId: string): Promise<TrackedRequest | null> {
    const d = await this.model.findById(requestId).lean<TrackedDoc>().exec();
    if (!d) return null;
    const { _id, ...rest } = d;
    return { requestId: _id, ...rest };
  }
}
