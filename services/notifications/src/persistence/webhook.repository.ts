import { Schema, type Connection, type Model } from 'mongoose';
import { ModelRepository, modelOn, insertKeyed } from '@metrodesk/mongo';
import type { Subscription, WebhookOwner } from '../domain/webhooks';
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryRepository, WebhookRepository, WebhookStatus } from '../use-cases/webhooks';
import { LookupCache } from './lookup-cache';

type SubscriptionDoc = Omit<Subscription, 'id'> & { _id: string };
type DeliveryDoc = Omit<WebhookDelivery, 'id'> & { _id: string };

export const WEBHOOKS = 'webhooks';
export const WEBHOOK_DELIVERIES = 'webhook_deliveries';

const subscriptionSchema = new Schema<SubscriptionDoc>(
  {
    _id: { type: String, required: true },
    owner: { level: { type: String, required: true }, cityCode: { type: String, default: null } },
    url: { type: String, required: true },
    kinds: { type: [String], default: [] },
    secret: { type: String, required: true },
    active: { type: Boolean, required: true, index: true },
    failingSince: { type: Date, default: null },
    disabledReason: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: WEBHOOKS, versionKey: false },
);

const attemptSchema = new Schema<WebhookAttempt>({ at: Date, status: { type: Number, default: null }, error: { type: String, default: null } }, { _id: false });
const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: { type: String, required: true },
    subscriptionId: { type: String, required: true, index: true },
    eventType: { type: String, required: true },
    payload: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: [attemptSchema], default: [] },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
  },
  { collection: WEBHOOK_DELIVERIES, versionKey: false },
);

function fromDoc<T extends { _id: string }>({ _id, ...rest }: T): Omit<T, '_id'> & { id: string } {
  return { id: _id, ...rest };
}

/** Webhook subscriptions of the city bureaus and the province. */
export class MongoWebhookRepository implements WebhookRepository {
  private readonly model: Model<SubscriptionDoc>;
  private readonly activeOnes: LookupCache<Subscription[]>;

  /** `cacheMs`: how long the active subscriptions are reused (see LookupCache); 0 reads every time. */
  constructor(conn: Connection, cacheMs = 0) {
    this.activeOnes = new LookupCache(cacheMs);
    this.model = (conn.models.Webhook as Model<SubscriptionDoc> | undefined) ?? conn.model<SubscriptionDoc>('Webhook', subscriptionSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async insert(s: Subscription): Promise<void> {
    const { id, ...rest } = s;
    await this.model.collection.insertOne({ _id: id, ...rest } as never);
    this.activeOnes.clear();
  }

  async get(id: string): Promise<Subscription | null> {
    const d = await this.model.findById(id).lean<SubscriptionDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async list(owner?: WebhookOwner): Promise<Subscription[]> {
    const filter = owner ? { 'owner.level': owner.level, 'owner.cityCode': owner.cityCode } : {};
    return (await this.model.find(filter).sort({ _id: 1 }).lean<SubscriptionDoc[]>().exec()).map(fromDoc);
  }

  active(): Promise<Subscription[]> {
    return this.activeOnes.get('active', async () => (await this.model.find({ active: true }).lean<SubscriptionDoc[]>().exec()).map(fromDoc));
  }

  async update(id: string, set: Partial<Subscription>): Promise<Subscription | null> {
    const d = await this.model.findOneAndUpdate({ _id: id }, { $set: set, $inc: { version: 1 } }, { new: true }).lean<SubscriptionDoc>().exec();
    this.activeOnes.clear();
    return d ? fromDoc(d) : null;
  }
}

/** Each notification to each receiver, with its attempts: the delivery log. */
export class MongoWebhookDeliveryRepository extends ModelRepository<DeliveryDoc> implements WebhookDeliveryRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'WebhookDelivery', deliverySchema));
  }

  insert(d: WebhookDelivery): Promise<boolean> {
    const { id, ...rest } = d;
    return insertKeyed(this.model.collection, id, rest);
  }

  async get(id: string): Promise<WebhookDelivery | null> {
    const d = await this.model.findById(id).lean<DeliveryDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async record(id: string, attempt: WebhookAttempt, status: WebhookStatus): Promise<void> {
    await this.model.updateOne({ _id: id }, { $push: { attempts: attempt }, $set: { status, ...(status === 'delivered' ? { deliveredAt: attempt.at } : {}) } }).exec();
  }

  async reopen(id: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'pending' } }).exec();
  }

  async giveUp(id: string): Promise<void> {
    await this.model.updateOne({ _id: id, status: 'pending' }, { $set: { status: 'failed' } }).exec();
  }

  async ofSubscription(subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    return (await this.model.find({ subscriptionId }).sort({ createdAt: -1 }).limit(limit).lean<DeliveryDoc[]>().exec()).map(fromDoc);
  }
}
