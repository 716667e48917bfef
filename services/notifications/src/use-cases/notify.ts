import type { Trigger } from '../domain/kinds';
import { render } from '../domain/messages';
import type { RequestFacts } from '../domain/people';
import { sendableAt } from '../domain/schedule';
import { wantsChannel } from '../domain/preferences';
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
  const now = deps.now?.() ?? new Date();
  const people = await recipients(deps.people, trigger.audiences, facts);
  for (const p of people) {
    const message = render(trigger.kind, p.language, p.role, { ...trigger.details, requestId: facts.requestId, title: facts.title });
    const prefs = await deps.preferences.get(p.userId);
    const item = { id: deliveryKey(trigger.eventId, p.userId, 'inapp'), userId: p.userId, cursor: deps.newCursor(), kind: trigger.kind, requestId: facts.requestId, ...message, createdAt: now, readAt: null };
    if (wantsChannel(prefs, trigger.kind, 'inapp', facts.requestId) && (await deps.inbox.insert(item))) await deps.live.publish(item);
    if (p.email && wantsChannel(prefs, trigger.kind, 'email', facts.requestId)) {
      const id = deliveryKey(trigger.eventId, p.userId, 'email');
      await deps.deliveries.insert({ id, userId: p.userId, email: p.email, language: p.language, message, urgent: trigger.urgent, status: 'pending', digestKey: null, lastError: null, createdAt: now, sentAt: null });
      await deps.email.enqueue(id, sendableAt(now, trigger.urgent, deps.quietHours));
    }
  }
  return people.length;
}
