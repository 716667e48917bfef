import { Schema, type Connection } from 'mongoose';
import { EventCopies, type CopyDoc } from '@metrodesk/mongo';
import type { EnterpriseDirectory, KnownEnterprise } from '../use-cases/ports';

/** Keyed by the accounts aggregate id, whose events carry one version sequence. */
const enterpriseSchema = new Schema<CopyDoc<KnownEnterprise, 'enterpriseId'>>(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true },
    cityCode: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'enterprises', versionKey: false },
);

export class MongoEnterpriseDirectory extends EventCopies<KnownEnterprise, 'enterpriseId'> implements EnterpriseDirectory {
  constructor(conn: Connection) {
    super(conn, 'Enterprise', enterpriseSchema, 'enterpriseId');
  }

  findById(enterpriseId: string): Promise<KnownEnterprise | null> {
    return this.byId(enterpriseId);
  }
}
