import { Schema, type Connection, type Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
import type { Employer, EmployerRepository } from '../use-cases/ports';

type EmployerDoc = Omit<Employer, 'enterpriseId'> & { _id: string };

export const EMPLOYERS = 'employers';

const employerSchema = new Schema<EmployerDoc>(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true, index: true },
    cityCode: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: EMPLOYERS, versionKey: false },
);

/** The enterprises projection, fed by accounts.enterprise.v1: the enterprise of a USCC. */
export class MongoEmployerRepository implements EmployerRepository {
  private readonly model: Model<EmployerDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.Employer as Model<EmployerDoc> | undefined) ?? conn.model<EmployerDoc>('Employer', employerSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertNewer(e: Employer): Promise<void> {
    const { enterpriseId, ...rest } = e;
    await upsertNewer(this.model, enterpriseId, rest);
  }

  async byUscc(uscc: string): Promise<Employer | null> {
    const d = await this.model.findOne({ uscc }).lean<EmployerDoc>().exec();
    return d ? { enterpriseId: d._id, uscc: d.uscc, cityCode: d.cityCode, version: d.version } : null;
  }
}
