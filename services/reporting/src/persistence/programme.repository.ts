import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import type { Range } from '../domain/period';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { ProgrammeRecord } from '../domain/programme-records';
import type { ProgrammeStore } from '../use-cases/programme-ports';

export const PROGRAMME_RECORDS = 'programme_records';

type RecordDoc = Omit<ProgrammeRecord, 'key'> & { _id: string };

/** Programme and enterprise-record documents, each replaced only by a newer version. */
export class MongoProgrammeStore implements ProgrammeStore {
  constructor(private readonly conn: Connection) {}

  private get collection() {
    return this.conn.collection<RecordDoc>(PROGRAMME_RECORDS);
  }

  async init(): Promise<void> {
    await this.collection.createIndex({ kind: 1, cityCode: 1 });
    await this.collection.createIndex({ kind: 1, enterpriseId: 1 });
  }

  async saveNewer(r: ProgrammeRecord): Promise<boolean> {
    const { key, ...rest } = r;
    try {
      const res = await this.collection.replaceOne({ _id: key, version: { $lt: r.version } }, { ...rest } as never, { upsert: true });
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      // The document exists at this version or a newer one: a repeat or a late event.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async all(): Promise<ProgrammeRecord[]> {
    return this.read({});
  }

  async get(key: string): Promise<ProgrammeRecord | null> {
    return (await this.read({ _id: key }))[0] ?? null;
  }

  async campaigns(range: Range, cityCode?: string): Promise<Extract<ProgrammeRecord, { kind: 'campaign' }>[]> {
    const filter: Filter<RecordDoc> = { kind: 'campaign', startDate: { $lte: range.to }, endDate: { $gte: range.from }, ...(cityCode ? { cityCodes: cityCode } : {}) };
    return (await this.read(filter)) as Extract<ProgrammeRecord, { kind: 'campaign' }>[];
  }

  async collectionsOf(enterpriseId: string): Promise<Extract<ProgrammeRecord, { kind: 'collection' }>[]> {
    return (await this.read({ kind: 'collection', enterpriseId })) as Extract<ProgrammeRecord, { kind: 'collection' }>[];
  }

  private async read(filter: Filter<RecordDoc>): Promise<ProgrammeRecord[]> {
    const docs = await this.collection.find(filter).toArray();
    return docs.map(({ _id, ...rest }) => ({ ...rest, key: _id }) as ProgrammeRecord);
  }
}
