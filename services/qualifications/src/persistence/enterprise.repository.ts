import { Schema, type Connection, type Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
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
    return upsertNewer(this.model, enterpriseId, rest);
  }

  async findById(enterpriseId: string): Promise<KnownEnterprise | null> {
    const d = await this.model.findById(enterpriseId).lean<EnterpriseDoc>().exec();
    return d ? { enterpriseId: d._id, uscc: d.uscc, cityCode: d.cityCode, version: d.version } : null;
  }
}
