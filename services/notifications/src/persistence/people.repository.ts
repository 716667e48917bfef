import { Schema, type Connection, type Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
import type { Person, UserRole } from '../domain/people';
import type { PersonRepository } from '../use-cases/ports';
import { LookupCache } from './lookup-cache';

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
  private readonly one: LookupCache<Person | null>;
  private readonly many: LookupCache<Person[]>;

  /** `cacheMs`: how long look-ups are reused (see LookupCache); 0 reads every time. */
  constructor(conn: Connection, cacheMs = 0) {
    this.one = new LookupCache(cacheMs);
    this.many = new LookupCache(cacheMs);
    this.model = (conn.models.Person as Model<PersonDoc> | undefined) ?? conn.model<PersonDoc>('Person', personSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertNewer(p: Person): Promise<boolean> {
    const { userId, ...rest } = p;
    const stored = await upsertNewer(this.model, userId, rest);
    if (stored) this.forget();
    return stored;
  }

  get(userId: string): Promise<Person | null> {
    return this.one.get(userId, async () => {
      const d = await this.model.findById(userId).lean<PersonDoc>().exec();
      return d ? fromDoc(d) : null;
    });
  }

  ofEnterprise(enterpriseId: string): Promise<Person[]> {
    return this.many.get(`enterprise|${enterpriseId}`, () => this.find({ enterpriseId }));
  }

  withRole(role: UserRole, cityCode?: string): Promise<Person[]> {
    return this.many.get(`role|${role}|${cityCode ?? ''}`, () => this.find(cityCode ? { role, cityCode } : { role }));
  }

  private async find(filter: Partial<PersonDoc>): Promise<Person[]> {
    const docs = await this.model.find(filter).lean<PersonDoc[]>().exec();
    return docs.map(fromDoc);
  }

  private forget(): void {
    this.one.clear();
    this.many.clear();
  }
}
