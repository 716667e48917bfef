import { Schema, type Connection, type Model } from 'mongoose';
import { outboxInsert, outboxPush, outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import { isDuplicateKey, updateVersioned } from '@metrodesk/mongo';
import { ConflictError } from '@metrodesk/errors';
import type { UserRecord, UserRepository, RefreshTokenRecord, RefreshTokenStore, AttemptCounter } from '../use-cases/ports';

export const USERS = 'users';

interface UserDoc extends Omit<UserRecord, 'id'> {
  _id: string;
  outbox: OutboxEntry[];
}

const userSchema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    role: { type: String, required: true, index: true },
    enterpriseId: { type: String, default: null },
    cityCode: { type: String, default: null },
    email: { type: String, default: null },
    language: { type: String, default: 'zh-CN' },
    active: { type: Boolean, required: true },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    tokenVersion: { type: Number, default: 0 },
    passwordHash: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: USERS, versionKey: false },
);

interface TokenDoc extends Omit<RefreshTokenRecord, 'id'> {
  _id: string;
}
const tokenSchema = new Schema<TokenDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    family: { type: String, required: true, index: true },
    hash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'refresh_tokens', versionKey: false },
);

const toUser = (d: UserDoc): UserRecord => {
  const { _id, outbox: _o, outboxPending: _p, ...rest } = d as UserDoc & { outboxPending?: boolean };
  return { id: _id, ...rest, enterpriseId: rest.enterpriseId ?? null, cityCode: rest.cityCode ?? null, email: rest.email ?? null, language: rest.language ?? 'zh-CN', lockedUntil: rest.lockedUntil ?? null, tokenVersion: rest.tokenVersion ?? 0 };
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class MongoUserRepository implements UserRepository {
  private readonly model: Model<UserDoc>;
  constructor(conn: Connection) {
    this.model = (conn.models.User as Model<UserDoc> | undefined) ?? conn.model<UserDoc>('User', userSchema);
  }
  init = () => this.model.init();

  async insert(u: UserRecord, events: OutboxEntry[]): Promise<void> {
    const { id, ...rest } = u;
    try {
      await this.model.create({ _id: id, ...rest, ...outboxInsert(events) });
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError('duplicate_username', `The username ${u.username} is taken.`);
      throw err;
    }
  }
  async findById(id: string) {
    const d = await this.model.findById(id).lean<UserDoc>().exec();
    return d ? toUser(d) : null;
  }
  async findByUsername(username: string) {
    const d = await this.model.findOne({ username }).lean<UserDoc>().exec();
    return d ? toUser(d) : null;
  }
  async list(filter: { role?: string; cityCode?: string; enterpriseId?: string; q?: string }, limit: number, after?: string) {
    const q: Record<string, unknown> = {};
    if (filter.role) q.role = filter.role;
    if (filter.cityCode) q.cityCode = filter.cityCode;
    if (filter.enterpriseId) q.enterpriseId = filter.enterpriseId;
    if (filter.q) q.$or = [{ username: { $regex: escape(filter.q.toLowerCase()) } }, { name: { $regex: escape(filter.q) } }];
    if (after) q._id = { $gt: after };
    const docs = await this.model.find(q).sort({ _id: 1 }).limit(limit).lean<UserDoc[]>().exec();
    return docs.map(toUser);
  }
  async update(id: string, expectedVersion: number, set: Partial<UserRecord>, events: OutboxEntry[]) {
    const push = events.length ? outboxPush(events) : undefined;
    const update = push ? { $set: { ...set, ...push.$set }, $push: push.$push } : { $set: set };
    const doc = await updateVersioned(this.model as never, 'user', id, expectedVersion, update as never);
    return toUser(doc as unknown as UserDoc);
  }
  count = () => this.model.countDocuments().exec();
  async bumpTokenVersion(id: string) {
    await this.model.updateOne({ _id: id }, { $inc: { tokenVersion: 1 } }).exec();
  }
}

export class MongoRefreshTokenStore implements RefreshTokenStore {
  private readonly model: Model<TokenDoc>;
  constructor(conn: Connection) {
    this.model = (conn.models.RefreshToken as Model<TokenDoc> | undefined) ?? conn.model<TokenDoc>('RefreshToken', tokenSchema);
  }
  init = () => this.model.init();
  async insert(t: RefreshTokenRecord) {
    const { id, ...rest } = t;
    await this.model.create({ _id: id, ...rest });
  }
  async findById(id: string) {
    const d = await this.model.findById(id).lean<TokenDoc>().exec();
    if (!d) return null;
    const { _id, ...rest } = d;
    return { id: _id, ...rest, usedAt: rest.usedAt ?? null, revokedAt: rest.revokedAt ?? null };
  }
  async markUsed(id: string, at: Date) {
    const r = await this.model.updateOne({ _id: id, usedAt: null }, { $set: { usedAt: at } }).exec();
    return r.modifiedCount === 1;
  }
  async revokeFamily(family: string, at: Date) {
    await this.model.updateMany({ family, revokedAt: null }, { $set: { revokedAt: at } }).exec();
  }
  async revokeUser(userId: string, at: Date) {
    await this.model.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: at } }).exec();
  }
  async familyRevoked(family: string) {
    return (await this.model.exists({ family, revokedAt: { $ne: null } }).exec()) !== null;
  }
}

interface AttemptDoc {
  _id: string;
  count: number;
  windowStart: Date;
}
const attemptSchema = new Schema<AttemptDoc>(
  { _id: { type: String, required: true }, count: { type: Number, required: true }, windowStart: { type: Date, required: true } },
  { collection: 'login_attempts', versionKey: false },
);

export class MongoAttemptCounter implements AttemptCounter {
  private readonly model: Model<AttemptDoc>;
  constructor(conn: Connection) {
    this.model = (conn.models.LoginAttempt as Model<AttemptDoc> | undefined) ?? conn.model<AttemptDoc>('LoginAttempt', attemptSchema);
  }
  init = () => this.model.init();

  async hit(key: string, now: Date, windowMs: number): Promise<{ count: number; resetsAt: Date }> {
    // A window that has ended starts again; two callers resetting it at once both leave count 0.
    await this.model.updateOne({ _id: key, windowStart: { $lte: new Date(now.getTime() - windowMs) } }, { $set: { count: 0, windowStart: now } }).exec();
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.model
          .findOneAndUpdate({ _id: key }, { $inc: { count: 1 }, $setOnInsert: { windowStart: now } }, { upsert: true, returnDocument: 'after' })
          .lean<AttemptDoc>()
          .exec();
        return { count: doc!.count, resetsAt: new Date(doc!.windowStart.getTime() + windowMs) };
      } catch (err) {
        // Two first attempts upserting the same key at once: the loser increments the winner's document.
        if (!isDuplicateKey(err) || attempt >= 3) throw err;
      }
    }
  }
  async release(key: string) {
    await this.model.updateOne({ _id: key, count: { $gt: 0 } }, { $inc: { count: -1 } }).exec();
  }
  async clear(key: string) {
    await this.model.deleteOne({ _id: key }).exec();
  }
}
