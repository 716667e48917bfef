import type { Details, Kind, Trigger } from '../domain/kinds';
import { render } from '../domain/messages';
import type { Person, RequestFacts } from '../domain/people';
import { digestDueAt, sendableAt } from '../domain/schedule';
import { emailMode, wantsChannel } from '../domain/preferences';
import type { EmailDelivery, InboxItem, NotifyDeps } from './ports';
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
  await tellAll(deps, people, { eventId: trigger.eventId, kind: trigger.kind, requestId: facts.requestId, urgent: trigger.urgent, details: trigger.details, title: facts.title, number: facts.number });
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

export function tell(deps: NotifyDeps, p: Person, n: Telling): Promise<void> {
  return tellAll(deps, [p], n);
}

/**
 * One notification to each of `people`, each in their language by the channels they want.
 * The inbox entries go in one write and the email deliveries in another; an entry is pushed
 * to open streams only when this call stored it, and a delivery is queued only once it is
 * recorded (queueing one already queued changes nothing).
 */
export async function tellAll(deps: NotifyDeps, people: Person[], n: Telling): Promise<void> {
  if (people.length === 0) return;
  const now = deps.now?.() ?? new Date();
  const plans = await Promise.all(
    people.map(async (p) => ({
      p,
      prefs: await deps.preferences.get(p.userId),
      message: render(n.kind, p.language, p.role, { ...n.details, requestId: n.requestId, title: n.title, number: n.number ?? null }),
    })),
  );
  const items: InboxItem[] = plans
    .filter(({ prefs }) => wantsChannel(prefs, n.kind, 'inapp', n.requestId))
    .map(({ p, message }) => ({ id: deliveryKey(n.eventId, p.userId, 'inapp'), userId: p.userId, cursor: deps.newCursor(), kind: n.kind, requestId: n.requestId, ...message, createdAt: now, readAt: null }));
  const emails: EmailDelivery[] = plans
    .filter(({ p, prefs }) => p.email && wantsChannel(prefs, n.kind, 'email', n.requestId))
    .map(({ p, prefs, message }) => {
      const delivery = { id: deliveryKey(n.eventId, p.userId, 'email'), userId: p.userId, email: p.email!, language: p.language, message, urgent: n.urgent, lastError: null, createdAt: now, sentAt: null };
      // An emergency is never held for a digest, as it is never held for quiet hours.
      const mode = n.urgent ? 'immediately' : emailMode(prefs, n.kind);
      if (mode !== 'daily' && mode !== 'weekly') return { ...delivery, status: 'pending' as const, digestKey: null };
      // Folded into the person's digest for that period; the scheduled sweep sends it when due.
      const due = digestDueAt(now, mode);
      return { ...delivery, status: 'folded' as const, digestKey: digestKey(p.userId, mode, due), digestPeriod: mode, digestDue: due };
    });
  const [stored] = await Promise.all([deps.inbox.insertMany(items), deps.deliveries.insertMany(emails)]);
  const at = sendableAt(now, n.urgent, deps.quietHours);
  await Promise.all([
    ...items.filter((i) => stored.has(i.id)).map((i) => deps.live.publish(i)),
    ...emails.filter((d) => d.status === 'pending').map((d) => deps.email.enqueue(d.id, at)),
  ]);
}

/** One digest per person and period: the same key, job id and Message-ID however often it is swept. */
export const digestKey = (userId: string, period: 'daily' | 'weekly', due: Date) => `${userId}|${period}|${due.toISOString()}`;
