import { outboxSchemaFields, type OutboxFields } from '@metrodesk/events';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Liaison, RoutingRules } from '../domain/roster';

export type LiaisonDoc = Omit<Liaison, 'userId'> & { _id: string; identityVersion?: number };
export type RulesDoc = Omit<RoutingRules, 'cityCode'> & { _id: string } & Partial<OutboxFields>;
export interface EnterpriseDoc {
  _id: string;
  cityCode: string;
  name: string;
  version: number;
}
export interface UserDoc {
  _id: string;
  name: string;
  role: string;
  cityCode: string | null;
  active: boolean;
  version: number;
}
export interface NotificationDoc {
  _id: string;
  userId: string;
  requestId: string;
  kind: string;
  cityCode: string;
  message: string;
  at: Date;
}

const liaisonSchema = new Schema<LiaisonDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    cityCode: { type: String, required: true, index: true },
    categories: { type: [String], default: [] },
    capacity: { type: Number, required: true },
    active: { type: Boolean, required: true },
    accountActive: { type: Boolean, required: true },
    leaves: { type: [Object], default: [] },
    lastAssignedAt: { type: Date, default: null },
    identityVersion: { type: Number },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'liaisons', versionKey: false, minimize: false },
);

export const RULES = 'routing_rules';

const rulesSchema = new Schema<RulesDoc>(
  {
    _id: { type: String, required: true },
    categories: { type: [Object], default: [] },
    version: { type: Number, required: true },
    updatedAt: { type: Date, default: null },
    updatedBy: { type: String, default: null },
    ...outboxSchemaFields,
  },
  { collection: RULES, versionKey: false, minimize: false },
);

const enterpriseSchema = new Schema<EnterpriseDoc>(
  { _id: { type: String, required: true }, cityCode: { type: String, required: true }, name: String, version: { type: Number, required: true } },
  { collection: 'enterprises', versionKey: false },
);

const userSchema = new Schema<UserDoc>(
  { _id: { type: String, required: true }, name: String, role: { type: String, required: true }, cityCode: { type: String, default: null }, active: Boolean, version: { type: Number, required: true } },
  { collection: 'users', versionKey: false },
);
userSchema.index({ role: 1, cityCode: 1 });

const notificationSchema = new Schema<NotificationDoc>(
  { _id: { type: String, required: true }, userId: String, requestId: { type: String, index: true }, kind: String, cityCode: String, message: String, at: Date },
  { collection: 'notifications', versionKey: false },
);
notificationSchema.index({ userId: 1, at: -1 });

function modelOf<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

export const liaisonModel = (conn: Connection) => modelOf(conn, 'Liaison', liaisonSchema);
export const rulesModel = (conn: Connection) => modelOf(conn, 'RoutingRules', rulesSchema);
export const enterpriseModel = (conn: Connection) => modelOf(conn, 'Enterprise', enterpriseSchema);
export const userModel = (conn: Connection) => modelOf(conn, 'User', userSchema);
export const notificationModel = (conn: Connection) => modelOf(conn, 'Notification', notificationSchema);
