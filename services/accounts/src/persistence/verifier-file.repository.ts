import { Schema, type Connection, type Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
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
    return upsertNewer(this.model, fileId, fields);
  }

  async inCities(cityCode: string | undefined): Promise<VerifierFile[]> {
    const docs = await this.model.find(cityCode ? { cityCode } : { cityCode: { $ne: null } }).lean<FileDoc[]>().exec();
    return docs.map(({ _id, ...rest }) => ({ ...rest, fileId: _id }));
  }
}
