import type { Connection, Model } from 'mongoose';
import { duplicateIndexes, isDuplicateKey, updateVersioned } from '@metrodesk/mongo';
import { ConflictError, NotFoundError, VersionConflictError } from '@metrodesk/errors';
import type { Instrument, InstrumentClass } from '../domain/instrument';
import type { InstrumentCount, InstrumentCountFilter, InstrumentQuery, InstrumentRepository, Page, Scope } from '../use-cases/ports';
import { dueBuckets, dueKeysUpTo, INSTRUMENT_META, instrumentModel, type InstrumentDoc } from './instrument.model';
import { afterClause, and, findPage } from './paging';
import { scopeClause } from './enterprise.repository';

function fromDoc(d: InstrumentDoc): Instrument {
  const { _id, dueYear: _dueYear, dueMonth: _dueMonth, ...rest } = d;
  return { ...rest, id: _id, model: d.model ?? null, location: d.location ?? null, certificateNo: d.certificateNo ?? null, verifications: d.verifications ?? [] };
}

function toDoc(i: Instrument): InstrumentDoc {
  const { id, ...rest } = i;
  return { _id: id, ...rest, ...dueBuckets(i.nextDueOn) };
}

/** Due look-ups under way at once: each is a small indexed read, most of them empty. */
const DUE_READS_AT_ONCE = 8;

const duplicate = (i: Pick<Instrument, 'instrumentClass' | 'serialNo'>) =>
  new ConflictError('duplicate_instrument', `This enterprise already registered a ${i.instrumentClass} with serial number ${i.serialNo}.`, { serialNo: i.serialNo });

export class MongoInstrumentRepository implements InstrumentRepository {
  private readonly model: Model<InstrumentDoc>;

  constructor(private readonly conn: Connection) {
    this.model = instrumentModel(conn);
  }

  async init(): Promise<void> {
    await this.model.init();
    await this.backfillDueBuckets();
  }

  /** Instruments stored before they carried their due year and month get them, once per database. */
  private async backfillDueBuckets(): Promise<void> {
    const meta = this.conn.collection(INSTRUMENT_META);
    if (await meta.findOne({ _id: 'due-buckets' } as never)) return;
    const cursor = this.model.collection.find({}, { projection: { nextDueOn: 1, dueYear: 1, dueMonth: 1 }, batchSize: 5000 });
    for await (const d of cursor) {
      const want = dueBuckets(d.nextDueOn as string);
      if (d.dueYear !== want.dueYear || d.dueMonth !== want.dueMonth) await this.model.collection.updateOne({ _id: d._id }, { $set: want });
    }
    await meta.updateOne({ _id: 'due-buckets' } as never, { $set: { doneAt: new Date() } }, { upsert: true });
  }

  async insert(i: Instrument): Promise<void> {
    try {
      await this.model.collection.insertOne(toDoc(i) as never);
    } catch (err) {
      if (isDuplicateKey(err)) throw duplicate(i);
      throw err;
    }
  }

  async insertAll(items: Instrument[]): Promise<{ taken: number[] }> {
    if (items.length === 0) return { taken: [] };
    try {
      await this.model.collection.insertMany(items.map(toDoc) as never[], { ordered: false });
      return { taken: [] };
    } catch (err) {
      const taken = duplicateIndexes(err);
      if (!taken) throw err;
      // No multi-document transactions: what did go in is taken out again, so the file counts as not imported.
      const stored = items.filter((_, i) => !taken.includes(i)).map((i) => i.id);
      await this.model.collection.deleteMany({ enterpriseId: items[0]!.enterpriseId, _id: { $in: stored } } as never);
      return { taken };
    }
  }

  async serialsOf(enterpriseId: string): Promise<Pick<Instrument, 'instrumentClass' | 'serialNo'>[]> {
    return this.model.find({ enterpriseId }, { _id: 0, instrumentClass: 1, serialNo: 1 }).lean<Pick<Instrument, 'instrumentClass' | 'serialNo'>[]>().exec();
  }

  async findById(id: string): Promise<Instrument | null> {
    const d = await this.model.findById(id).lean<InstrumentDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async update(next: Instrument, expectedVersion: number): Promise<void> {
    const { id, version: _version, createdAt: _createdAt, enterpriseId: _enterpriseId, ...fields } = next;
    try {
      await updateVersioned(this.model, 'instrument', id, expectedVersion, { $set: { ...fields, ...dueBuckets(next.nextDueOn) } } as never);
    } catch (err) {
      if (isDuplicateKey(err)) throw duplicate(next);
      throw err;
    }
  }

  async remove(id: string, expectedVersion: number): Promise<void> {
    const res = await this.model.collection.deleteOne({ _id: id, version: expectedVersion } as never);
    if (res.deletedCount === 1) return;
    const current = await this.model.findById(id, { version: 1 }).lean<{ version: number }>().exec();
    if (!current) throw new NotFoundError('instrument', id);
    throw new VersionConflictError('instrument', id, expectedVersion, current.version);
  }

  async *inUseDueBy(day: string): AsyncIterable<Instrument> {
    const keys = dueKeysUpTo(day);
    for (let k = 0; k < keys.length; k += DUE_READS_AT_ONCE) {
      const read = keys.slice(k, k + DUE_READS_AT_ONCE).map((key) => this.model.find({ status: 'in_use', ...key }).lean<InstrumentDoc[]>().exec());
      for (const docs of await Promise.all(read)) for (const d of docs) yield fromDoc(d);
    }
  }

  async countByCityClass(f: InstrumentCountFilter): Promise<InstrumentCount[]> {
    const due = { ...(f.nextDueFrom ? { $gte: f.nextDueFrom } : {}), ...(f.nextDueTo ? { $lte: f.nextDueTo } : {}), ...(f.nextDueBefore ? { $lt: f.nextDueBefore } : {}) };
    const match = and([
      scopeClause(f.scope, 'enterpriseId'),
      f.cityCode ? { cityCode: f.cityCode } : null,
      f.status === 'in_use' ? { status: 'in_use' } : { status: { $ne: 'scrapped' } },
      Object.keys(due).length > 0 ? { nextDueOn: due } : null,
    ]);
    const groups = await this.model.collection
      .aggregate<{ _id: { cityCode: string; instrumentClass: InstrumentClass; compulsory: boolean }; n: number }>([{ $match: match }, { $group: { _id: { cityCode: '$cityCode', instrumentClass: '$instrumentClass', compulsory: '$compulsory' }, n: { $sum: 1 } } }])
      .toArray();
    return groups.map((g) => ({ ...g._id, n: g.n }));
  }

  async *withVerificationsBetween(scope: Scope, cityCode: string | undefined, from: string, to: string): AsyncIterable<Pick<Instrument, 'cityCode' | 'instrumentClass' | 'verifications'>> {
    const filter = and([scopeClause(scope, 'enterpriseId'), cityCode ? { cityCode } : null, { 'verifications.verifiedOn': { $gte: from, $lte: to } }]);
    const cursor = this.model.collection.find(filter as never, { projection: { _id: 0, cityCode: 1, instrumentClass: 1, verifications: 1 }, batchSize: 5000 });
    for await (const d of cursor) yield d as unknown as Pick<Instrument, 'cityCode' | 'instrumentClass' | 'verifications'>;
  }

  async list(q: InstrumentQuery): Promise<Page<Instrument>> {
    const filter = and([
      scopeClause(q.scope, 'enterpriseId'),
      q.enterpriseId ? { enterpriseId: q.enterpriseId } : null,
      q.cityCode ? { cityCode: q.cityCode } : null,
      q.instrumentClass ? { instrumentClass: q.instrumentClass } : null,
      q.use ? { use: q.use } : null,
      q.status ? { status: q.status } : null,
      q.compulsory !== undefined ? { compulsory: q.compulsory } : null,
      q.dueBy ? { nextDueOn: { $lte: q.dueBy } } : null,
      afterClause('nextDueOn', 1, q.after),
    ]);
    return findPage(this.model, filter, {}, { field: 'nextDueOn', dir: 1, limit: q.limit }, fromDoc);
  }
}
