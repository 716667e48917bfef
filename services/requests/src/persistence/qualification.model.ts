import { Schema, type Connection, type Model } from 'mongoose';
import type { QualificationFile } from '../domain/qualification';

/** A qualification file as last announced by the qualifications service. */
export type FileDoc = Omit<QualificationFile, 'fileId'> & { _id: string };

/** A verifier's user account, set by a manager (a liaison may also be a verifier). */
export interface VerifierLinkDoc {
  _id: string;
  userId: string;
  userName: string;
  by: string;
  at: Date;
}

const fileSchema = new Schema<FileDoc>(
  {
    _id: { type: String, required: true },
    personKey: { type: String, required: true, index: true },
    personName: { type: String, required: true },
    employerUscc: { type: String, required: true },
    employerName: { type: String, default: null },
    cityCode: { type: String, default: null, index: true },
    type: { type: String, required: true },
    scope: { type: [String], default: [] },
    certificateNo: { type: String, required: true },
    issuedOn: { type: String, required: true },
    expiresOn: { type: String, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'qualification_files', versionKey: false, minimize: false },
);

const linkSchema = new Schema<VerifierLinkDoc>(
  { _id: { type: String, required: true }, userId: { type: String, required: true }, userName: { type: String, required: true }, by: String, at: Date },
  { collection: 'verifier_links', versionKey: false },
);

export function fileModel(conn: Connection): Model<FileDoc> {
  return (conn.models.RequestsQualificationFile as Model<FileDoc> | undefined) ?? conn.model<FileDoc>('RequestsQualificationFile', fileSchema);
}

export function linkModel(conn: Connection): Model<VerifierLinkDoc> {
  return (conn.models.VerifierLink as Model<VerifierLinkDoc> | undefined) ?? conn.model<VerifierLinkDoc>('VerifierLink', linkSchema);
}
