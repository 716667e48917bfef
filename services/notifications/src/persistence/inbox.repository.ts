import { Schema, type Connection } from 'mongoose';
import { ModelRepository, modelOn, insertKeyed, insertKeyedMany } from '@metrodesk/mongo';
import type { InboxItem, InboxPage, InboxRepository } from '../use-cases/ports';

type InboxDoc = Omit<InboxItem, 'id'> & { _id: string };

export const INBOX = 'inbox';

const inboxSchema = new Schema<InboxDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    cursor: { type: String, required: true },
    kind: { type: String, required: true },
    requestId: { type: String, default: null },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    link: { type: String, required: true },
    createdAt: { type: Date, required: true, index: true },
    readAt: { type: Date, default: null },
  },
  { collection: INBOX, versionKey: false },
);
inboxSchema.index({ userId: 1, cursor: -1 });

const fromDoc = ({ _id, ...rest }: InboxDoc): InboxItem => ({ id: _id, ...rest });

/** Per-user inbox entries, keyed by (event, recipient, channel). */
export class MongoInboxRepository extends ModelRepository<InboxDoc> implements InboxRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'Inbox', inboxSchema));
  }

  insert(item: InboxItem): Promise<boolean> {
    const { id, ...rest } = item;
    return insertKeyed(this.model.collection, id, rest);
  }

  insertMany(items: InboxItem[]): Promise<Set<string>> {
    return insertKeyedMany(this.model.collection, items.map(({ id, ...fields }) => ({ id, fields })));
  }

  async page(userId: string, limit: number, before?: string): Promise<InboxPage> {
    const docs = await this.model
      .find(before ? { userId, cursor: { $lt: before } } : { userId })
      .sort({ cursor: -1 })
      .limit(limit + 1)
      .lean<InboxDoc[]>()
      .exec();
    const items = docs.slice(0, limit).map(fromDoc);
    return { items, unread: await this.unread(userId), nextCursor: docs.length > limit ? (items[items.length - 1]?.cursor ?? null) : null };
  }

  async after(userId: string, cursor: string, limit: number): Promise<InboxItem[]> {
    const docs = await this.model.find({ userId, cursor: { $gt: cursor } }).sort({ cursor: 1 }).limit(limit).lean<InboxDoc[]>().exec();
    return docs.map(fromDoc);
  }

  unread(userId: string): Promise<number> {
    return this.model.countDocuments({ userId, readAt: null }).exec();
  }

  async unreadByRequest(userId: string): Promise<Record<string, number>> {
    // Counted here rather than by $group: unread entries are few per person, and the
    // MongoDB-wire database keeps aggregation to the simplest stages.
    const docs = await this.model.find({ userId, readAt: null }, { requestId: 1 }).lean<{ requestId: string | null }[]>().exec();
    const out: Record<string, number> = {};
    for (const d of docs) if (d.requestId) out[d.requestId] = (out[d.requestId] ?? 0) + 1;
    return out;
  }

  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const doc = await this.model.findOne({ _id: id, userId }, { readAt: 1 }).lean<{ readAt: Date | null }>().exec();
    if (!doc) return false;
    if (doc.readAt === null) await this.model.updateOne({ _id: id, userId }, { $set: { readAt: at } }).exec();
    return true;
  }

  async markAllRead(userId: string, at: Date): Promise<number> {
    const res = await this.model.updateMany({ userId, readAt: null }, { $set: { readAt: at } }).exec();
    return res.modifiedCount;
  }

  async pruneBefore(at: Date): Promise<number> {
    const res = await this.model.deleteMany({ createdAt: { $lt: at } }).exec();
    return res.deletedCount;
  }
}
