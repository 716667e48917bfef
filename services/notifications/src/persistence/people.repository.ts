import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { Person, UserRole } from '../domain/people';
import type { PersonRepository } from '../use-cases/ports';

type PersonDoc = Omit<Person, 'userId'> & { _id: string };

export const PEOPLE = 'people';

const personSchema = new Schema<PersonDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true, index: true },
    enterpriseId: { type: String, default: null, index: true },
    cityCode: { type: String, default: null },
    active: { type: Boolean, required: true },
    email: { type: String, default: null },
    language: { type: String, required: true },
  },
  { collection: PEOPLE, versionKey: false },
);

const fromDoc = ({ _id, ...rest }: PersonDoc): Person => ({ userId: _id, ...rest });

/** The users projection, fed by identity.user.v1. */
export class MongoPersonRepository implements PersonRepository {
  private readonly model: Model<PersonDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.Person as Model<PersonDoc> | undefined) ?? conn.model<PersonDoc>('Person', personSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertNewer(p: Person): Promise<boolean> {
    const { userId, ...rest } = p;
    try {
      // Matches only an older copy; a newer one makes the upsert's insert clash on _id.
      const res = await this.model.updateOne({ _id: userId, version: { $lt: p.version } }, { $set: rest }, { upsert: true }).exec();
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async get(userId: string): Promise<Person | null> {
    const d = await this.model.findById(userId).lean<PersonDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async ofEnterprise(enterpriseId: string): Promise<Person[]> {
    const docs = await this.model.find({ enterpriseId }).lean<PersonDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async withRole(role: UserRole, cityCode?: string): Promise<Person[]> {
    const docs = await this.model.find(cityCode ? { role, cityCode } : { role }).lean<PersonDoc[]>().exec();
    return docs.map(fromDoc);
  }
}
