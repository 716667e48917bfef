import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey, modelOn, ModelRepository } from '@metrodesk/mongo';
import type { Person, PersonRepository } from '../use-cases/ports';

/** `_id` is the person key (keyed hash of the ID number); the number itself only encrypted. */
interface PersonDoc {
  _id: string;
  name: string;
  idNumberEncrypted: string;
  idMasked: string;
  createdAt: Date;
  updatedAt: Date;
}

export const PERSONS = 'persons';

const personSchema = new Schema<PersonDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    idNumberEncrypted: { type: String, required: true },
    idMasked: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: PERSONS, versionKey: false },
);

const fromDoc = (d: PersonDoc): Person => ({ personKey: d._id, name: d.name, idNumberEncrypted: d.idNumberEncrypted, idMasked: d.idMasked, createdAt: d.createdAt, updatedAt: d.updatedAt });

export class MongoPersonRepository extends ModelRepository<PersonDoc> implements PersonRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'Person', personSchema));
  }

  async upsert(p: Person): Promise<Person> {
    const write = () =>
      this.model
        .findOneAndUpdate(
          { _id: p.personKey },
          // A filing never renames someone already on record: the filer may be another city's, and the file keeps the name it was given.
          { $setOnInsert: { idNumberEncrypted: p.idNumberEncrypted, idMasked: p.idMasked, createdAt: p.createdAt, name: p.name }, $set: { updatedAt: p.updatedAt } },
          { upsert: true, new: true },
        )
        .lean<PersonDoc>()
        .exec();
    let d: PersonDoc | null;
    try {
      d = await write();
    } catch (err) {
      // Two first filings for one person raced on the insert; the second becomes an update.
      if (!isDuplicateKey(err)) throw err;
      d = await write();
    }
    return fromDoc(d!);
  }

  async findByKey(personKey: string): Promise<Person | null> {
    const d = await this.model.findById(personKey).lean<PersonDoc>().exec();
    return d ? fromDoc(d) : null;
  }
}
