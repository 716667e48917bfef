import { randomBytes } from 'node:crypto';
import type { Identity } from '@metrodesk/access';
import { uuidv7 } from '@metrodesk/events/model';
import { NotFoundError, ValidationError } from '@metrodesk/errors';
import type { Kind, Trigger } from '../domain/kinds';
import type { RequestFacts } from '../domain/people';
import { afterFailure, requireManage, wants, mayManage, type Subscription, type WebhookOwner } from '../domain/webhooks';

export type WebhookStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  at: Date;
  status: number | null;
  error: string | null;
}

/** One notification to one receiver, with every attempt made. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventType: string;
  payload: string;
  status: WebhookStatus;
  attempts: WebhookAttempt[];
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface WebhookRepository {
  insert(s: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | null>;
  list(owner?: WebhookOwner): Promise<Subscription[]>;
  active(): Promise<Subscription[]>;
  update(id: string, set: Partial<Pick<Subscription, 'active' | 'kinds' | 'failingSince' | 'disabledReason'>>): Promise<Subscription | null>;
}

export interface WebhookDeliveryRepository {
  /** False when the delivery exists already. */
  insert(d: WebhookDelivery): Promise<boolean>;
  get(id: string): Promise<WebhookDelivery | null>;
  record(id: string, attempt: WebhookAttempt, status: WebhookStatus): Promise<void>;
  reopen(id: string): Promise<void>;
  giveUp(id: string): Promise<void>;
  ofSubscription(subscriptionId: string, limit: number): Promise<WebhookDelivery[]>;
}

export interface WebhookQueue {
  /** Queues a delivery attempt; `run` tells a manual replay from the first try. */
  enqueueWebhook(deliveryId: string, run: string): Promise<void>;
}

export interface WebhookSender {
  /** POSTs the signed payload; the receiver's status, or throws when it cannot be reached. */
  post(s: Subscription, deliveryId: string, payload: string, at: Date): Promise<number>;
}

export interface WebhookDeps {
  webhooks: WebhookRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  webhookQueue: WebhookQueue;
  now?: () => Date;
}

const ownerOf = (who: Identity, input: { level?: 'city' | 'province'; cityCode?: string }): WebhookOwner => {
  if (input.level === 'province') return { level: 'province', cityCode: null };
  const cityCode = input.cityCode ?? who.cityCode;
  if (!cityCode) throw new ValidationError([{ path: 'cityCode', message: 'name the city whose requests this receiver hears of' }]);
  return { level: 'city', cityCode };
};

export async function createWebhook(deps: WebhookDeps, who: Identity, input: { url: string; kinds: Kind[]; level?: 'city' | 'province'; cityCode?: string }): Promise<Subscription> {
  const owner = ownerOf(who, input);
  requireManage(who, owner);
  const now = deps.now?.() ?? new Date();
  const s: Subscription = {
    id: uuidv7(now.getTime()), owner, url: input.url, kinds: input.kinds, secret: `whsec_${randomBytes(24).toString('base64')}`,
    active: true, failingSince: null, disabledReason: null, createdBy: who.userId, createdAt: now, version: 1,
  };
  await deps.webhooks.insert(s);
  return s;
}

/** The subscriptions the caller manages: a city manager their city's, the province all. */
export async function listWebhooks(deps: WebhookDeps, who: Identity): Promise<Subscription[]> {
  const all = await deps.webhooks.list(who.role === 'city_manager' ? { level: 'city', cityCode: who.cityCode ?? null } : undefined);
  return all.filter((s) => mayManage(who, s.owner));
}

async function managed(deps: WebhookDeps, who: Identity, id: string): Promise<Subscription> {
  const s = await deps.webhooks.get(id);
  // Someone else's subscription is answered as missing.
  if (!s || !mayManage(who, s.owner)) throw new NotFoundError('webhook', id);
  return s;
}

export async function changeWebhook(deps: WebhookDeps, who: Identity, id: string, change: { active?: boolean; kinds?: Kind[] }): Promise<Subscription> {
  await managed(deps, who, id);
  const set = { ...change, ...(change.active ? { failingSince: null, disabledReason: null } : {}) };
  return (await deps.webhooks.update(id, set))!;
}

export async function webhookLog(deps: WebhookDeps, who: Identity, id: string, limit: number): Promise<WebhookDelivery[]> {
  await managed(deps, who, id);
  return deps.webhookDeliveries.ofSubscription(id, limit);
}

/** Sends a delivery again, as it was, whatever became of it before. */
export async function replayWebhook(deps: WebhookDeps, who: Identity, id: string, deliveryId: string): Promise<void> {
  await managed(deps, who, id);
  const d = await deps.webhookDeliveries.get(deliveryId);
  if (!d || d.subscriptionId !== id) throw new NotFoundError('webhook_delivery', deliveryId);
  await deps.webhookDeliveries.reopen(deliveryId);
  await deps.webhookQueue.enqueueWebhook(deliveryId, `replay-${Date.now()}`);
}

/** Hands a notification to every receiver that wants it, once per (event, subscription). */
export async function fanOutWebhooks(deps: WebhookDeps, trigger: Trigger, facts: RequestFacts): Promise<number> {
  const subs = (await deps.webhooks.active()).filter((s) => wants(s, trigger.kind, facts.cityCode));
  const now = deps.now?.() ?? new Date();
  for (const s of subs) {
    const id = `${trigger.eventId}:${s.id}:webhook`;
    const eventType = `notification.${trigger.kind}`;
    const payload = JSON.stringify({
      type: eventType,
      timestamp: now.toISOString(),
      data: { kind: trigger.kind, requestId: facts.requestId, cityCode: facts.cityCode, enterpriseId: facts.enterpriseId, title: facts.title, number: facts.number, priority: facts.priority, ...trigger.details, at: trigger.at },
    });
    await deps.webhookDeliveries.insert({ id, subscriptionId: s.id, eventType, payload, status: 'pending', attempts: [], createdAt: now, deliveredAt: null });
    await deps.webhookQueue.enqueueWebhook(id, 'first');
  }
  return subs.length;
}

/** One attempt at a delivery. Throws to have the queue retry it on its schedule. */
export async function attemptWebhook(deps: WebhookDeps & { sender: WebhookSender }, deliveryId: string): Promise<'delivered' | 'skipped'> {
  const d = await deps.webhookDeliveries.get(deliveryId);
  if (!d || d.status !== 'pending') return 'skipped';
  const s = await deps.webhooks.get(d.subscriptionId);
  if (!s || !s.active) return 'skipped';
  const at = deps.now?.() ?? new Date();
  let status: number | null = null;
  let error: string | null = null;
  try {
    status = await deps.sender.post(s, d.id, d.payload, at);
    if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (!error) {
    await deps.webhookDeliveries.record(d.id, { at, status, error: null }, 'delivered');
    if (s.failingSince) await deps.webhooks.update(s.id, { failingSince: null });
    return 'delivered';
  }
  await deps.webhookDeliveries.record(d.id, { at, status, error }, 'pending');
  const next = afterFailure(s, at);
  await deps.webhooks.update(s.id, next.disable ? { failingSince: next.failingSince, active: false, disabledReason: `failing since ${next.failingSince.toISOString()}` } : { failingSince: next.failingSince });
  throw new Error(error);
}

/** The last attempt failed: the delivery is given up (it can still be replayed). */
export async function giveUpWebhook(deps: WebhookDeps, deliveryId: string): Promise<void> {
  await deps.webhookDeliveries.giveUp(deliveryId);
}
