import type { Details, Kind, Trigger } from '../domain/kinds';
import { render } from '../domain/messages';
import type { Person, RequestFacts } from '../domain/people';
import { digestDueAt, sendableAt } from '../domain/schedule';
import { emailMode, wantsChannel } from '../domain/preferences';
import type { NotifyDeps } from './ports';
import { recipients } from './recipients';

/** The key of one delivery: one per (event, recipient, channel), so a repeat finds it done. */
export const deliveryKey = (eventId: string, userId: string, channel: string) => `${eventId}:${userId}:${channel}`;

/**
 * Tells everyone the trigger concerns, in their language: an inbox entry each (pushed to
 * open streams) and an email to those with an address. Safe to repeat: keyed writes refuse
 * a second entry, and queueing a delivery again is a no-op.
 */
export async function notify(deps: NotifyDeps, trigger: Trigger, facts: RequestFacts): Promise<number> {
  const people = await recipients(deps.people, trigger.audiences, facts);
  for (const p of people) await tell(deps, p, { eventId: trigger.eventId, kind: trigger.kind, requestId: facts.requestId, urgent: trigger.urgent, details: trigger.details, title: facts.title, number: facts.number });
  return people.length;
}

/** One notification for one person who may be told: rendered in their language, by the channels they want. */
export interface Telling {
  eventId: string;
  kind: Kind;
  requestId: string | null;
  urgent: boolean;
  details: Details;
  title: string | null;
  /** The request's number, quoted in the subject and body; null when it has none. */
  number?: string | null;
}

export async function tell(deps: NotifyDeps, p: Person, n: Telling): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const message = render(n.kind, p.language, p.role, { ...n.details, requestId: n.requestId, title: n.title, number: n.number ?? null });
  const prefs = await deps.preferences.get(p.userId);
  const item = { id: deliveryKey(n.eventId, p.userId, 'inapp'), userId: p.userId, cursor: deps.newCursor(), kind: n.kind, requestId: n.requestId, ...message, createdAt: now, readAt: null };
  if (wantsChannel(prefs, n.kind, 'inapp', n.requestId) && (await deps.inbox.insert(item))) await deps.live.publish(item);
  if (p.email && wantsChannel(prefs, n.kind, 'email', n.requestId)) {
    const id = deliveryKey(n.eventId, p.userId, 'email');
    const delivery = { id, userId: p.userId, email: p.email, language: p.language, message, urgent: n.urgent, lastError: null, createdAt: now, sentAt: null };
    // An emergency is never held for a digest, as it is never held for quiet hours.
    const mode = n.urgent ? 'immediately' : emailMode(prefs, n.kind);
    if (mode === 'daily' || mode === 'weekly') {
      // Folded into the person's digest for that period; the scheduled sweep sends it when due.
      const due = digestDueAt(now, mode);
      await deps.deliveries.insert({ ...delivery, status: 'folded', digestKey: digestKey(p.userId, mode, due), digestPeriod: mode, digestDue: due });
      return;
    }
    await deps.deliveries.insert({ ...delivery, status: 'pending', digestKey: null });
    await deps.email.enqueue(id, sendableAt(now, n.urgent, deps.quietHours));
  }
}

/** One digest per person and period: the same key, job id and Message-ID however often it is swept. */
export const digestKey = (userId: string, period: 'daily' | 'weekly', due: Date) => `${userId}|${period}|${due.toISOString()}`;
