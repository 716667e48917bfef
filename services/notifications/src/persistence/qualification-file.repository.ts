import { Schema, type Connection, type Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
import type { QualificationFileRepository, QualificationFileState } from '../use-cases/ports';

type FileDoc = Omit<QualificationFileState, 'fileId'> & { _id: string };

export const QUALIFICATION_FILES = 'qualification_files';

const fileSchema = new Schema<FileDoc>(
  { _id: { type: String, required: true }, version: { type: Number, required: true }, status: { type: String, required: true }, expiresOn: { type: String, required: true } },
  { collection: QUALIFICATION_FILES, versionKey: false },
);

/** Where each qualification file stands, fed by qualifications.file.v1: a reminder checks it before it is told. */
export class MongoQualificationFileRepository implements QualificationFileRepository {
  private readonly model: Model<FileDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.QualificationFile as Model<FileDoc> | undefined) ?? conn.model<FileDoc>('QualificationFile', fileSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertNewer(f: QualificationFileState): Promise<void> {
    const { fileId, ...rest } = f;
    await upsertNewer(this.model, fileId, rest);
  }

  async get(fileId: string): Promise<QualificationFileState | null> {
    const d = await this.model.findById(fileId).lean<FileDoc>().exec();
    return d ? { fileId: d._id, version: d.version, status: d.status, expiresOn: d.expiresOn } : null;
  }
}
