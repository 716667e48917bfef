import { Schema, type Connection } from 'mongoose';
import { EventCopies, type CopyDoc } from '@metrodesk/mongo';
import type { VerifierFile } from '../domain/verifier-file';
import type { VerifierFileCatalog } from '../use-cases/ports';

type FileDoc = CopyDoc<VerifierFile, 'fileId'>;

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
export class MongoVerifierFileCatalog extends EventCopies<VerifierFile, 'fileId'> implements VerifierFileCatalog {
  constructor(conn: Connection) {
    super(conn, 'VerifierFile', fileSchema, 'fileId');
  }

  async inCities(cityCode: string | undefined): Promise<VerifierFile[]> {
    const docs = await this.model.find(cityCode ? { cityCode } : { cityCode: { $ne: null } }).lean<FileDoc[]>().exec();
    return docs.map((d) => this.fromDoc(d));
  }
}
