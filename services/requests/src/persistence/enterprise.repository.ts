import type { Connection, Model } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { EnterpriseDirectory, EnterpriseView } from '../use-cases/ports';
import { enterpriseModel, type EnterpriseDoc } from './enterprise.model';

export class MongoEnterpriseDirectory implements EnterpriseDirectory {
  private readonly model: Model<EnterpriseDoc>;

  constructor(conn: Connection) {
    this.model = enterpriseModel(conn);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async findById(id: string): Promise<EnterpriseView | null> {
    const d = await this.model.findById(id).lean<EnterpriseDoc>().exec();
    return d ? { id: d._id, name: d.name, cityCode: d.cityCode, status: d.status, version: d.version } : null;
  }

  async upsertIfNewer(e: EnterpriseView): Promise<boolean> {
    const { id, ...fields } = e;
    try {
      // Matches only an older copy; when a newer one exists the upsert's insert hits the
      // unique _id and is dropped, so a late or repeated snapshot never rolls data back.
      const res = await this.model.updateOne({ _id: id, version: { $lt: e.version } }, { $set: fields }, { upsert: true }).exec();
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
