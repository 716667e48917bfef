import { Schema, type Connection, type Model } from 'mongoose';

/** What requests needs to know about an enterprise, kept from accounts.enterprise.* events. */
export interface EnterpriseDoc {
  _id: string;
  name: string;
  cityCode: string;
  status: 'active' | 'closed';
  version: number;
}

const enterpriseSchema = new Schema<EnterpriseDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    cityCode: { type: String, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'enterprises', versionKey: false },
);

export function enterpriseModel(conn: Connection): Model<EnterpriseDoc> {
  return (conn.models.EnterpriseProjection as Model<EnterpriseDoc> | undefined) ?? conn.model<EnterpriseDoc>('EnterpriseProjection', enterpriseSchema);
}
