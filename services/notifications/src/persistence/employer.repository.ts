import { Schema, type Connection } from 'mongoose';
import { EventCopies, type CopyDoc } from '@metrodesk/mongo';
import type { Employer, EmployerRepository } from '../use-cases/ports';

export const EMPLOYERS = 'employers';

const employerSchema = new Schema<CopyDoc<Employer, 'enterpriseId'>>(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true, index: true },
    cityCode: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: EMPLOYERS, versionKey: false },
);

/** The enterprises projection, fed by accounts.enterprise.v1: the enterprise of a USCC. */
export class MongoEmployerRepository extends EventCopies<Employer, 'enterpriseId'> implements EmployerRepository {
  constructor(conn: Connection) {
    super(conn, 'Employer', employerSchema, 'enterpriseId');
  }

  async byUscc(uscc: string): Promise<Employer | null> {
    const d = await this.model.findOne({ uscc }).lean<CopyDoc<Employer, 'enterpriseId'>>().exec();
    return d ? this.fromDoc(d) : null;
  }
}
