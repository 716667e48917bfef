import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { VerifierFile } from '../domain/verifier-file';
import type { VerifierFileCatalog } from '../use-cases/ports';

type FileDoc = Omit<VerifierFile, 'fileId'> & { _id: string };

const fileSchema = new Schema<FileDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    personKey: { type: String, required: true },
    cityCode: { type: String, default: null, index: true },
    type: { type: String, required: true },
    scope: { type: [String], default: [] },
    issuedOn: { type: String, required: true },
    expiresOn: { type: String, required: true },
    status: { type: String, required: true },
  },
  { collection: 'verifier_files', versionKey: false, minimize: false },
);

/** Qualification files as last announced, kept so planning can count a city's qualified verifiers without asking another service. */
export class MongoVerifierFileCatalog implements VerifierFileCatalog {
  private readonly model: Model<FileDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.VerifierFile as Model<FileDoc> | undefined) ?? conn.model<FileDoc>('VerifierFile', fileSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertIfNewer(f: VerifierFile): Promise<boolean> {
    const { fileId, ...fields } = f;
    try {
      // Matches only an older copy; when a newer one is held the upsert's insert hits the unique
      // _id and is dropped, so a late or repeated event never rolls a file back.
      const res = await this.model.updateOne({ _id: fileId, version: { $lt: f.version } }, { $set: fields }, { upsert: true }).exec();
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async inCities(cityCode: string | undefined): Promise<VerifierFile[]> {
    const docs = await this.model.find(cityCode ? { cityCode } : { cityCode: { $ne: null } }).lean<FileDoc[]>().exec();
    return docs.map(({ _id, ...rest }) => ({ ...rest, fileId: _id }));
  }
}
