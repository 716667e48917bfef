import { Schema, type Connection } from 'mongoose';
import { EventCopies, type CopyDoc } from '@metrodesk/mongo';
import type { Person, UserRole } from '../domain/people';
import type { PersonRepository } from '../use-cases/ports';
import { LookupCache } from './lookup-cache';

type PersonDoc = CopyDoc<Person, 'userId'>;

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

/** The users projection, fed by identity.user.v1. */
export class MongoPersonRepository extends EventCopies<Person, 'userId'> implements PersonRepository {
  private readonly one: LookupCache<Person | null>;
  private readonly many: LookupCache<Person[]>;

  /** `cacheMs`: how long look-ups are reused (see LookupCache); 0 reads every time. */
  constructor(conn: Connection, cacheMs = 0) {
    super(conn, 'Person', personSchema, 'userId');
    this.one = new LookupCache(cacheMs);
    this.many = new LookupCache(cacheMs);
  }

  override async upsertNewer(p: Person): Promise<boolean> {
    const stored = await super.upsertNewer(p);
    if (stored) this.forget();
    return stored;
  }

  get(userId: string): Promise<Person | null> {
    return this.one.get(userId, () => this.byId(userId));
  }

  ofEnterprise(enterpriseId: string): Promise<Person[]> {
    return this.many.get(`enterprise|${enterpriseId}`, () => this.find({ enterpriseId }));
  }

  withRole(role: UserRole, cityCode?: string): Promise<Person[]> {
    return this.many.get(`role|${role}|${cityCode ?? ''}`, () => this.find(cityCode ? { role, cityCode } : { role }));
  }

  private async find(filter: Partial<PersonDoc>): Promise<Person[]> {
    const docs = await this.model.find(filter).lean<PersonDoc[]>().exec();
    return docs.map((d) => this.fromDoc(d));
  }

  private forget(): void {
    this.one.clear();
    this.many.clear();
  }
}
