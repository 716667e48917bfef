import { Schema, type Connection } from 'mongoose';
import { ModelRepository, modelOn, insertKeyed } from '@metrodesk/mongo';
import type { RateOutcome } from '../domain/manager-digests';
import type { RateOutcomeRepository } from '../use-cases/ports';

type OutcomeDoc = Omit<RateOutcome, 'id'> & { _id: string };

const outcomeSchema = new Schema<OutcomeDoc>(
  {
    _id: { type: String, required: true },
    cityCode: { type: String, required: true },
    measure: { type: String, required: true },
    ok: { type: Boolean, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'rate_outcomes', versionKey: false },
);
outcomeSchema.index({ at: 1 });

/** The outcomes the province's weekly three rates count, one per request, measure and cycle. */
export class MongoRateOutcomeRepository extends ModelRepository<OutcomeDoc> implements RateOutcomeRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'RateOutcome', outcomeSchema));
  }

  async record(o: RateOutcome): Promise<void> {
    const { id, ...fields } = o;
    await insertKeyed(this.model.collection, id, fields);
  }

  async between(from: Date, to: Date): Promise<RateOutcome[]> {
    const docs = await this.model.find({ at: { $gte: from, $lt: to } }).lean<OutcomeDoc[]>().exec();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }
}
