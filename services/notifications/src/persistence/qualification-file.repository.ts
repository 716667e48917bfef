import { Schema, type Connection } from 'mongoose';
import { EventCopies, type CopyDoc } from '@metrodesk/mongo';
import type { QualificationFileRepository, QualificationFileState } from '../use-cases/ports';

export const QUALIFICATION_FILES = 'qualification_files';

const fileSchema = new Schema<CopyDoc<QualificationFileState, 'fileId'>>(
  { _id: { type: String, required: true }, version: { type: Number, required: true }, status: { type: String, required: true }, expiresOn: { type: String, required: true } },
  { collection: QUALIFICATION_FILES, versionKey: false },
);

/** Where each qualification file stands, fed by qualifications.file.v1: a reminder checks it before it is told. */
export class MongoQualificationFileRepository extends EventCopies<QualificationFileState, 'fileId'> implements QualificationFileRepository {
  constructor(conn: Connection) {
    super(conn, 'QualificationFile', fileSchema, 'fileId');
  }

  get(fileId: string): Promise<QualificationFileState | null> {
    return this.byId(fileId);
  }
}
