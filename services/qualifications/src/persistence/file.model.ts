import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import type { ArchiveLocation, DocumentMeta, Employer, HistoryEntry, QualificationStatus } from '../domain/qualification';

/**
 * Why three collections. On the local server an update is read, change, write back by _id,
 * with nothing re-checking the filter, and only an insert against a unique key is atomic
 * (docs/decisions/0004, 0008). So every change is an INSERT of a `file_changes` document keyed
 * `<fileId>:<version>` carrying the new state, its history entry and its events (the outbox):
 * the unique key is the compare-and-set, and the state and its events are one write.
 * `qualification_files` is the current state, written only by the one writer that won that
 * version; certificate numbers are reserved by insert in `certificate_numbers`.
 */
export interface FileState {
  personKey: string;
  personName: string;
  type: string;
  scope: string[];
  certificateNo: string;
  issuingAuthority: string;
  issuedOn: string;
  expiresOn: string;
  status: QualificationStatus;
  employer: Employer;
  cityCode: string | null;
  documents: DocumentMeta[];
  archive: ArchiveLocation | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface FileDoc extends FileState {
  _id: string;
}

export interface FileChangeDoc {
  _id: string;
  fileId: string;
  version: number;
  state: FileState;
  entry: HistoryEntry;
  at: Date;
  outbox: OutboxEntry[];
  outboxPending?: boolean;
}

export interface CertificateDoc {
  _id: string;
  fileId: string;
  at: Date;
}

export const FILES = 'qualification_files';
export const FILE_CHANGES = 'file_changes';
export const CERTIFICATES = 'certificate_numbers';

const fileSchema = new Schema<FileDoc>(
  {
    _id: { type: String, required: true },
    personKey: { type: String, required: true, index: true },
    personName: { type: String, required: true },
    type: { type: String, required: true },
    scope: { type: [String], default: [] },
    certificateNo: { type: String, required: true, index: true },
    issuingAuthority: { type: String, required: true },
    issuedOn: { type: String, required: true },
    expiresOn: { type: String, required: true, index: true },
    status: { type: String, required: true },
    employer: { type: Object, required: true },
    cityCode: { type: String, default: null, index: true },
    documents: { type: [Object], default: [] },
    archive: { type: Object, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: FILES, versionKey: false, minimize: false },
);
fileSchema.index({ 'employer.uscc': 1 });

const changeSchema = new Schema<FileChangeDoc>(
  {
    _id: { type: String, required: true },
    fileId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    state: { type: Object, required: true },
    entry: { type: Object, required: true },
    at: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: FILE_CHANGES, versionKey: false, minimize: false },
);

const certificateSchema = new Schema<CertificateDoc>(
  { _id: { type: String, required: true }, fileId: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: CERTIFICATES, versionKey: false },
);

function model<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

export const fileModel = (conn: Connection) => model(conn, 'QualificationFile', fileSchema);
export const fileChangeModel = (conn: Connection) => model(conn, 'FileChange', changeSchema);
export const certificateModel = (conn: Connection) => model(conn, 'CertificateNumber', certificateSchema);
