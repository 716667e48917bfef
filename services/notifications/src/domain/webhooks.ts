import { ForbiddenError } from '@metrodesk/errors';
import type { Identity } from '@metrodesk/access';
import type { Kind } from './kinds';

/** A subscription belongs to a city bureau (its city's requests) or to the province (all). */
export interface WebhookOwner {
  level: 'city' | 'province';
  cityCode: string | null;
}

export interface Subscription {
  id: string;
  owner: WebhookOwner;
  url: string;
  /** Kinds this receiver wants; empty means every kind. */
  kinds: Kind[];
  secret: string;
  active: boolean;
  /** When the current run of failures began; null while deliveries succeed. */
  failingSince: Date | null;
  disabledReason: string | null;
  createdBy: string;
  createdAt: Date;
  version: number;
}

/** Delays before each retry after a failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h. */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A receiver failing this long is switched off until someone turns it back on. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

export const retryDelayAfter = (attemptsMade: number): number => RETRY_DELAYS_MS[Math.min(Math.max(attemptsMade, 1), RETRY_DELAYS_MS.length) - 1]!;

/** The subscription owner a caller may manage: a city manager their city, the province and admins any. */
export function mayManage(who: Identity, owner: WebhookOwner): boolean {
  if (who.role === 'admin' || who.role === 'province_manager') return true;
  return who.role === 'city_manager' && owner.level === 'city' && owner.cityCode === who.cityCode;
}

export function requireManage(who: Identity, owner: WebhookOwner): void {
  if (!mayManage(who, owner)) throw new ForbiddenError('Only the city manager of that city, a province manager or an admin manages these webhooks.');
}

/** Whether a notification about a request in `cityCode` goes to this subscription. */
export function wants(s: Pick<Subscription, 'owner' | 'kinds' | 'active'>, kind: Kind, cityCode: string): boolean {
  if (!s.active) return false;
  if (s.owner.level === 'city' && s.owner.cityCode !== cityCode) return false;
  return s.kinds.length === 0 || s.kinds.includes(kind);
}

/** After a failed attempt: keep trying, or switch the subscription off after five days of failures. */
export function afterFailure(s: Pick<Subscription, 'failingSince'>, now: Date): { failingSince: Date; disable: boolean } {
  const since = s.failingSince ?? now;
  return { failingSince: since, disable: now.getTime() - since.getTime() >= DISABLE_AFTER_MS };
}
