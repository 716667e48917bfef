import { Schema, type Connection, type Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
import type { Employer } from '../domain/employer';
import type { EmployerRepository } from '../use-cases/ports';

/** Keyed by the accounts aggregate id, whose events carry one version sequence. */
type EmployerDoc = Omit<Employer, 'enterpriseId'> & { _id: string };

export const EMPLOYERS = 'employers';

const employerSchema = new Schema<EmployerDoc>(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true, index: true },
    name: { type: String, required: true },
    cityCode: { type: String, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: EMPLOYERS, versionKey: false },
);

const fromDoc = ({ _id, ...rest }: EmployerDoc): Employer => ({ enterpriseId: _id, ...rest });

export class MongoEmployerRepository implements EmployerRepository {
  private readonly model: Model<EmployerDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.Employer as Model<EmployerDoc> | undefined) ?? conn.model<EmployerDoc>('Employer', employerSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertNewer(e: Employer): Promise<boolean> {
    const { enterpriseId, ...rest } = e;
    return upsertNewer(this.model, enterpriseId, rest);
  }

  async findByUscc(uscc: string): Promise<Employer | null> {
    const d = await this.model.findOne({ uscc }).lean<EmployerDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByEnterpriseId(enterpriseId: string): Promise<Employer | null> {
    const d = await this.model.findById(enterpriseId).lean<EmployerDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async namesOf(usccs: string[]): Promise<Map<string, string>> {
    const docs = await this.model.find({ uscc: { $in: usccs } }, { uscc: 1, name: 1 }).lean<{ uscc: string; name: string }[]>().exec();
    return new Map(docs.map((d) => [d.uscc, d.name]));
  }
}
