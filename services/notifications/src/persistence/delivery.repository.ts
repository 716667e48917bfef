import { Schema, type Connection } from 'mongoose';
import { modelOn, ModelRepository, updateEachById, insertKeyed, insertKeyedMany } from '@metrodesk/mongo';
import type { DeliveryRepository, EmailDelivery } from '../use-cases/ports';

type DeliveryDoc = Omit<EmailDelivery, 'id'> & { _id: string };

export const DELIVERIES = 'email_deliveries';

const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    email: { type: String, required: true },
    language: { type: String, required: true },
    message: { subject: String, body: String, link: String },
    urgent: { type: Boolean, required: true },
    status: { type: String, required: true },
    digestKey: { type: String, default: null, index: true },
    digestPeriod: { type: String, default: null },
    digestDue: { type: Date, default: null, index: true },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { collection: DELIVERIES, versionKey: false },
);

const fromDoc = ({ _id, ...rest }: DeliveryDoc): EmailDelivery => ({ id: _id, ...rest });

/** Email deliveries: the record that a message went out, so a redelivered job sends nothing twice. */
export class MongoDeliveryRepository extends ModelRepository<DeliveryDoc> implements DeliveryRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'EmailDelivery', deliverySchema));
  }

  insert(d: EmailDelivery): Promise<boolean> {
    const { id, ...rest } = d;
    return insertKeyed(this.model.collection, id, rest);
  }

  async insertMany(ds: EmailDelivery[]): Promise<void> {
    await insertKeyedMany(this.model.collection, ds.map(({ id, ...fields }) => ({ id, fields })));
  }

  async get(id: string): Promise<EmailDelivery | null> {
    const d = await this.model.findById(id).lean<DeliveryDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async markSent(ids: string[], at: Date): Promise<void> {
    await updateEachById(this.model, ids, { $set: { status: 'sent', sentAt: at, lastError: null } });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'failed', lastError: error.slice(0, 500) } }).exec();
  }

  async noteError(id: string, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { lastError: error.slice(0, 500) } }).exec();
  }

  async fold(id: string, digestKey: string): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'pending' }, { $set: { status: 'folded', digestKey } }).exec();
  }

  async dueDigests(at: Date): Promise<string[]> {
    const docs = await this.model.find({ status: 'folded', digestDue: { $ne: null, $lte: at } }, { digestKey: 1 }).lean<Pick<DeliveryDoc, 'digestKey'>[]>().exec();
    return [...new Set(docs.map((d) => d.digestKey).filter((k): k is string => k !== null))];
  }

  async failed(limit: number): Promise<EmailDelivery[]> {
    const docs = await this.model.find({ status: 'failed' }).sort({ createdAt: -1 }).limit(limit).lean<DeliveryDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async folded(digestKey: string): Promise<EmailDelivery[]> {
    const docs = await this.model.find({ digestKey, status: 'folded' }).sort({ createdAt: 1 }).lean<DeliveryDoc[]>().exec();
    return docs.map(fromDoc);
  }
}
