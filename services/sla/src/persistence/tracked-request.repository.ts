import { Schema, type Connection, type Model } from 'mongoose';
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
export class MongoTrackedRequestRepository implements TrackedRequestRepository {
  private readonly model: Model<TrackedDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.SlaTrackedRequest as Model<TrackedDoc> | undefined) ?? conn.model<TrackedDoc>('SlaTrackedRequest', trackedSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
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
