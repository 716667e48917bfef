import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import type { Flags } from '../domain/enterprise';
import type { Records } from '../domain/records';
import type { Contact } from '../domain/contact';

export type ContactDoc = Contact;

export interface EnterpriseDoc {
  _id: string;
  uscc: string;
  name: string;
  nameEn: string | null;
  provinceCode: string;
  cityCode: string;
  districtCode: string | null;
  address: string | null;
  industry: string | null;
  size: string | null;
  status: 'active' | 'closed';
  tags: string[];
  flags: Flags;
  /** Integrity and energy records (absent on documents stored before they existed). */
  records?: Partial<Records>;
  /** Lower-cased names and code, for keyword search without $text (the local server has none; docs/decisions/0008). */
  searchText: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Contacts live inside the enterprise so that "exactly one primary" and the contact's
   * event are one atomic write. They have their own revision: editing a contact must not
   * make someone's open edit of the enterprise stale.
   */
  contacts?: ContactDoc[];
  contactsRev?: number;
  outbox: OutboxEntry[];
  outboxPending?: boolean;
}

export const ENTERPRISES = 'enterprises';

const flagsSchema = new Schema<Flags>(
  {
    contactPoint: { type: Boolean, default: false },
    keyEnergyUnit: { type: Boolean, default: false },
    integrityCommitment: { type: Boolean, default: false },
    integrityCommitmentSignedOn: { type: String, default: null },
    integrityDemonstration: { type: Boolean, default: false },
  },
  { _id: false },
);

const contactSchema = new Schema<ContactDoc>(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, default: null },
    phone: { type: String, default: null },
    email: { type: String, default: null },
    primary: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

const enterpriseSchema = new Schema<EnterpriseDoc>(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    nameEn: { type: String, default: null },
    provinceCode: { type: String, required: true },
    cityCode: { type: String, required: true, index: true },
    districtCode: { type: String, default: null },
    address: { type: String, default: null },
    industry: { type: String, default: null },
    size: { type: String, default: null },
    status: { type: String, required: true, enum: ['active', 'closed'] },
    tags: { type: [String], default: [] },
    flags: { type: flagsSchema, required: true },
    // Lists of small subdocuments the domain checks; stored as they are.
    records: { type: Schema.Types.Mixed, default: undefined },
    searchText: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    contacts: { type: [contactSchema], default: [] },
    contactsRev: { type: Number, default: 0 },
    ...outboxSchemaFields,
  },
  { collection: ENTERPRISES, versionKey: false, minimize: false },
);
enterpriseSchema.index({ cityCode: 1, name: 1, _id: 1 });
enterpriseSchema.index({ name: 1, _id: 1 });
enterpriseSchema.index({ updatedAt: 1, _id: 1 });

export function enterpriseModel(conn: Connection): Model<EnterpriseDoc> {
  return (conn.models.Enterprise as Model<EnterpriseDoc> | undefined) ?? conn.model<EnterpriseDoc>('Enterprise', enterpriseSchema);
}
