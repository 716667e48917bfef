import { Schema, type Connection } from 'mongoose';
import { ModelRepository, modelOn } from '@metrodesk/mongo';
import type { RequestFacts } from '../domain/people';
import type { RequestFactsRepository } from '../use-cases/ports';

type FactsDoc = Omit<RequestFacts, 'requestId'> & { _id: string };

export const REQUEST_FACTS = 'requests';

const factsSchema = new Schema<FactsDoc>(
  {
    _id: { type: String, required: true },
    enterpriseId: { type: String, default: null },
    cityCode: { type: String, required: true },
    title: { type: String, default: null },
    number: { type: String, default: null },
    priority: { type: String, default: null },
    assigneeId: { type: String, default: null },
    state: { type: String, default: null },
    responseDeadline: { type: String, default: null },
    risk: { type: String, default: null },
  },
  { collection: REQUEST_FACTS, versionKey: false },
);
factsSchema.index({ cityCode: 1 });

/** What the events have told of each request (enterprise, city, title, assignee). */
export class MongoRequestFactsRepository extends ModelRepository<FactsDoc> implements RequestFactsRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'RequestFacts', factsSchema));
  }

  async get(requestId: string): Promise<RequestFacts | null> {
    const d = await this.model.findById(requestId).lean<FactsDoc>().exec();
    if (!d) return null;
    const { _id, ...rest } = d;
    return { requestId: _id, ...rest, number: rest.number ?? null, responseDeadline: rest.responseDeadline ?? null, risk: rest.risk ?? null };
  }

  async inCity(cityCode: string): Promise<RequestFacts[]> {
    const docs = await this.model.find({ cityCode }).lean<FactsDoc[]>().exec();
    return docs.map(({ _id, ...rest }) => ({ requestId: _id, ...rest, number: rest.number ?? null, responseDeadline: rest.responseDeadline ?? null, risk: rest.risk ?? null }));
  }

  async save(next: RequestFacts, before: RequestFacts | null): Promise<void> {
    const { requestId, ...fields } = next;
    const set: Partial<FactsDoc> = {};
    for (const [k, v] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
      // A request's events come on several topics and are handled side by side, so a first event
      // (nothing read before it) may race another first one: it writes only what it knows, and a
      // field it has no value for keeps what the other wrote (the schema's null when nobody has).
      if (before ? before[k] !== v : v !== null) (set as Record<string, unknown>)[k] = v;
    }
    if (Object.keys(set).length === 0) return;
    await this.model.updateOne({ _id: requestId }, { $set: set }, { upsert: true }).exec();
  }
}
