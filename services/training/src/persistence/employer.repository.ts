import { Schema, type Connection } from 'mongoose';
import { EventCopies, type CopyDoc } from '@metrodesk/mongo';
import type { Employer } from '../domain/employer';
import type { EmployerRepository } from '../use-cases/ports';

/** Keyed by the accounts aggregate id, whose events carry one version sequence. */
type EmployerDoc = CopyDoc<Employer, 'enterpriseId'>;

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

export class MongoEmployerRepository extends EventCopies<Employer, 'enterpriseId'> implements EmployerRepository {
  constructor(conn: Connection) {
    super(conn, 'Employer', employerSchema, 'enterpriseId');
  }

  async findByUscc(uscc: string): Promise<Employer | null> {
    const d = await this.model.findOne({ uscc }).lean<EmployerDoc>().exec();
    return d ? this.fromDoc(d) : null;
  }

  findByEnterpriseId(enterpriseId: string): Promise<Employer | null> {
    return this.byId(enterpriseId);
  }

  async namesOf(usccs: string[]): Promise<Map<string, string>> {
    const docs = await this.model.find({ uscc: { $in: usccs } }, { uscc: 1, name: 1 }).lean<{ uscc: string; name: string }[]>().exec();
    return new Map(docs.map((d) => [d.uscc, d.name]));
  }
}
