import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { EnterpriseDirectory, KnownEnterprise } from '../use-cases/ports';

/** Keyed by the accounts aggregate id, whose events carry one version sequence. */
type EnterpriseDoc = Omit<KnownEnterprise, 'enterpriseId'> & { _id: string };

const enterpriseSchema = new Schema<EnterpriseDoc>(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true },
    cityCode: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'enterprises', versionKey: false },
);

export class MongoEnterpriseDirectory implements EnterpriseDirectory {
  private readonly model: Model<EnterpriseDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.Enterprise as Model<EnterpriseDoc> | undefined) ?? conn.model<EnterpriseDoc>('Enterprise', enterpriseSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertNewer(e: KnownEnterprise): Promise<boolean> {
    const { enterpriseId, ...rest } = e;
    try {
      // Matches only an older copy; with none at all, the upsert inserts. A newer copy makes the
      // upsert's insert clash on _id: the event is stale and changes nothing.
      const res = await this.model.updateOne({ _id: enterpriseId, version: { $lt: e.version } }, { $set: rest }, { upsert: true }).exec();
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async findById(enterpriseId: string): Promise<KnownEnterprise | null> {
    const d = await this.model.findById(enterpriseId).lean<EnterpriseDoc>().exec();
    return d ? { enterpriseId: d._id, uscc: d.uscc, cityCode: d.cityCode, version: d.version } : null;
  }
}
